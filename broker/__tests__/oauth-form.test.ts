import { describe, expect, it } from 'vitest';
import { buildUpstreamForm } from '../oauth-form';

const creds = { clientKey: 'app-key', clientSecret: 'app-secret' };
const form = (fields: Record<string, string> | [string, string][]) => new URLSearchParams(fields);

describe('buildUpstreamForm', () => {
  it('adds the credentials to an authorization-code exchange and keeps its fields', () => {
    const check = buildUpstreamForm(
      'token',
      form({ grant_type: 'authorization_code', code: 'c1', redirect_uri: 'https://x/', code_verifier: 'v' }),
      creds,
    );
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(Object.fromEntries(check.form)).toEqual({
      client_key: 'app-key',
      client_secret: 'app-secret',
      grant_type: 'authorization_code',
      code: 'c1',
      redirect_uri: 'https://x/',
      code_verifier: 'v',
    });
  });

  it('passes a refresh and a revoke', () => {
    const refresh = buildUpstreamForm(
      'token',
      form({ grant_type: 'refresh_token', refresh_token: 'r' }),
      creds,
    );
    expect(refresh.ok && refresh.form.get('refresh_token')).toBe('r');
    const revoke = buildUpstreamForm('revoke', form({ token: 't' }), creds);
    expect(revoke.ok && revoke.form.toString()).toBe('client_key=app-key&client_secret=app-secret&token=t');
  });

  it('accepts the extension naming its own client key, but not another', () => {
    const same = buildUpstreamForm('revoke', form({ token: 't', client_key: 'app-key' }), creds);
    expect(same.ok).toBe(true);
    const other = buildUpstreamForm('revoke', form({ token: 't', client_key: 'someone-else' }), creds);
    expect(other).toMatchObject({ ok: false, error: 'invalid_client' });
  });

  it.each([
    ['a client secret', 'token', { grant_type: 'refresh_token', refresh_token: 'r', client_secret: 'x' }],
    ['an unknown grant', 'token', { grant_type: 'client_credentials' }],
    ['no grant', 'token', { code: 'c' }],
    ['a missing code', 'token', { grant_type: 'authorization_code', redirect_uri: 'https://x/' }],
    ['an empty refresh token', 'token', { grant_type: 'refresh_token', refresh_token: '' }],
    ['a field of the other grant', 'token', { grant_type: 'refresh_token', refresh_token: 'r', code: 'c' }],
    ['an undocumented field', 'revoke', { token: 't', scope: 'video.publish' }],
    ['a revoke without token', 'revoke', {}],
  ] as const)('refuses %s', (_name, endpoint, fields) => {
    const check = buildUpstreamForm(endpoint, form(fields), creds);
    expect(check.ok).toBe(false);
    expect(JSON.stringify(check)).not.toContain('app-secret');
  });

  it('refuses a repeated field rather than guessing which one TikTok would read', () => {
    const check = buildUpstreamForm(
      'token',
      form([
        ['grant_type', 'refresh_token'],
        ['refresh_token', 'a'],
        ['refresh_token', 'b'],
      ]),
      creds,
    );
    expect(check).toMatchObject({ ok: false, error: 'invalid_request' });
  });

  it('names unsupported grants with the OAuth error code', () => {
    expect(buildUpstreamForm('token', form({ grant_type: 'password' }), creds)).toMatchObject({
      ok: false,
      error: 'unsupported_grant_type',
    });
  });
});
