import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import {
  authorize,
  authorizeUrl,
  boot,
  CLIENT_KEY,
  CLIENT_SECRET,
  control,
  initFile,
  postForm,
  REDIRECT_URI,
  signIn,
  verifierAndChallenges,
  type Json,
} from './helpers';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await boot();
});
afterEach(() => emu.close());

const tokenUrl = () => `${emu.url}/v2/oauth/token/`;
const exchange = (code: string, verifier?: string, redirectUri = REDIRECT_URI) =>
  postForm(tokenUrl(), {
    client_key: CLIENT_KEY,
    client_secret: CLIENT_SECRET,
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    ...(verifier ? { code_verifier: verifier } : {}),
  });
const refresh = (refreshToken: string) =>
  postForm(tokenUrl(), {
    client_key: CLIENT_KEY,
    client_secret: CLIENT_SECRET,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });

describe('authorize', () => {
  it('redirects with code, scopes and state', async () => {
    const callback = await authorize(emu.url);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('state-123');
    expect(callback.searchParams.get('scopes')).toBe('user.info.basic,video.upload');
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('refuses an unknown client or an unregistered redirect_uri without redirecting', async () => {
    for (const extra of [{ client_key: 'other' }, { redirect_uri: 'https://evil.example/' }] as Record<
      string,
      string
    >[]) {
      const res = await fetch(authorizeUrl(emu.url, extra), { redirect: 'manual' });
      expect(res.status).toBe(400);
      const body = (await res.json()) as Record<string, string>;
      expect(Object.keys(body).sort()).toEqual(['error', 'error_description', 'log_id']);
    }
  });

  it('redirects errors for a missing state, a wrong response_type, an unknown scope, a plain PKCE', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ state: '' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'user.info.basic video.upload' }, 'invalid_scope'],
      [{ code_challenge: 'abc', code_challenge_method: 'plain' }, 'invalid_request'],
    ];
    for (const [extra, error] of cases) {
      const callback = await authorize(emu.url, extra);
      expect(callback.searchParams.get('error')).toBe(error);
      expect(callback.searchParams.get('code')).toBeNull();
    }
  });

  it('denies in deny mode and shows Approve/Deny buttons in approve mode', async () => {
    await control(emu.url, '/config', { authMode: 'deny' });
    const denied = await authorize(emu.url);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('state-123');

    await control(emu.url, '/config', { authMode: 'approve' });
    const page = await fetch(authorizeUrl(emu.url));
    const html = await page.text();
    expect(html).toContain('id="approve"');
    expect(html).toContain('id="deny"');
    const form = new URLSearchParams(new URL(authorizeUrl(emu.url)).searchParams);
    form.set('decision', 'approve');
    const approved = await fetch(`${emu.url}/v2/auth/authorize/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    expect(approved.status).toBe(302);
    expect(new URL(approved.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });
});

describe('several users', () => {
  const ADA = { openId: 'emu-ada', displayName: 'Ada', avatarUrl: 'https://example.com/ada.png' };
  const BEA = { openId: 'emu-bea', displayName: 'Bea', avatarUrl: 'https://example.com/bea.png' };
  const whoAmI = async (token: string) => {
    const res = await fetch(`${emu.url}/v2/user/info/?fields=open_id,display_name,avatar_url`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return ((await res.json()) as Json).data.user as Json;
  };

  it('signs in as the user chosen through the control API; tokens keep their user', async () => {
    await control(emu.url, '/config', { user: ADA, users: [BEA] });
    const ada = (await signIn(emu.url)).access_token;
    expect((await control(emu.url, '/sign-in-as', { openId: BEA.openId })).status).toBe(200);
    const bea = await signIn(emu.url);
    expect(bea.open_id).toBe(BEA.openId);
    expect(await whoAmI(bea.access_token)).toEqual({
      open_id: BEA.openId,
      display_name: 'Bea',
      avatar_url: BEA.avatarUrl,
    });
    expect((await whoAmI(ada)).open_id).toBe(ADA.openId);
    expect((await control(emu.url, '/sign-in-as', { openId: 'nobody' })).status).toBe(400);
    // Revoking one user's token leaves the other's working.
    await postForm(`${emu.url}/v2/oauth/revoke/`, {
      client_key: CLIENT_KEY,
      client_secret: CLIENT_SECRET,
      token: bea.access_token,
    });
    expect((await whoAmI(ada)).open_id).toBe(ADA.openId);
  });

  it('lets the person choose the user on the consent page (approve mode)', async () => {
    await control(emu.url, '/config', { authMode: 'approve', user: ADA, users: [BEA] });
    const html = await (await fetch(authorizeUrl(emu.url))).text();
    expect(html).toContain('<option value="emu-ada">Ada</option>');
    expect(html).toContain('<option value="emu-bea">Bea</option>');
    const pkce = verifierAndChallenges();
    const form = new URLSearchParams(
      new URL(authorizeUrl(emu.url, { code_challenge: pkce.hex, code_challenge_method: 'S256' }))
        .searchParams,
    );
    form.set('decision', 'approve');
    form.set('open_id', BEA.openId);
    const approved = await fetch(`${emu.url}/v2/auth/authorize/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    const code = new URL(approved.headers.get('location')!).searchParams.get('code')!;
    expect((await exchange(code, pkce.verifier)).json.open_id).toBe(BEA.openId);
    form.set('open_id', 'stranger');
    const unknown = await fetch(`${emu.url}/v2/auth/authorize/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    expect(unknown.status).toBe(400);
  });

  it('refuses users with the same openId', async () => {
    const res = await control(emu.url, '/config', { users: [ADA, ADA] });
    expect(res.status).toBe(400);
  });
});

describe('token', () => {
  it('exchanges a code once, and only once', async () => {
    const code = (await authorize(emu.url)).searchParams.get('code')!;
    const first = await exchange(code);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      open_id: 'emu-open-id-1',
      scope: 'user.info.basic,video.upload',
      expires_in: 86400,
      refresh_expires_in: 31536000,
      token_type: 'Bearer',
    });
    expect(first.json.access_token).toBeTruthy();
    const second = await exchange(code);
    expect(second.status).toBe(400);
    expect(second.json.error).toBe('invalid_grant');
    expect(second.json.log_id).toBeTruthy();
  });

  it('refuses an expired code, a wrong redirect_uri and a wrong secret', async () => {
    await control(emu.url, '/config', { codeTtlSec: 0 });
    const stale = (await authorize(emu.url)).searchParams.get('code')!;
    expect((await exchange(stale)).json.error).toBe('invalid_grant');
    await control(emu.url, '/config', { codeTtlSec: 300 });
    const code = (await authorize(emu.url)).searchParams.get('code')!;
    expect((await exchange(code, undefined, 'https://other.chromiumapp.org/')).json.error).toBe(
      'invalid_grant',
    );
    const wrongSecret = await postForm(tokenUrl(), {
      client_key: CLIENT_KEY,
      client_secret: 'guess',
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    });
    expect(wrongSecret).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
  });

  it.each(['hex', 'base64url'] as const)(
    'checks the PKCE verifier against a %s S256 challenge',
    async (form) => {
      const pkce = verifierAndChallenges();
      const params = { code_challenge: pkce[form], code_challenge_method: 'S256' };
      const wrong = (await authorize(emu.url, params)).searchParams.get('code')!;
      expect((await exchange(wrong, verifierAndChallenges().verifier)).json.error).toBe('invalid_grant');
      const missing = (await authorize(emu.url, params)).searchParams.get('code')!;
      expect((await exchange(missing)).status).toBe(400);
      const right = (await authorize(emu.url, params)).searchParams.get('code')!;
      expect((await exchange(right, pkce.verifier)).status).toBe(200);
    },
  );

  it('rotates refresh tokens: the old one stops working, the new access token works', async () => {
    const first = await signIn(emu.url);
    const rotated = await refresh(first.refresh_token);
    expect(rotated.status).toBe(200);
    expect(rotated.json.refresh_token).not.toBe(first.refresh_token);
    expect(rotated.json.access_token).not.toBe(first.access_token);
    expect((await refresh(first.refresh_token)).json.error).toBe('invalid_grant');
    expect((await initFile(emu.url, rotated.json.access_token, 1000, 1000, 1)).status).toBe(200);
    expect((await refresh(rotated.json.refresh_token)).status).toBe(200);
  });

  it('needs a form-encoded body', async () => {
    const res = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_key: CLIENT_KEY }),
    });
    expect(res.status).toBe(400);
  });
});

describe('revoke and user info', () => {
  it('answers user info for user.info.basic and nothing after a revoke', async () => {
    await control(emu.url, '/config', { user: { displayName: 'Ada Creator' } });
    const { access_token, refresh_token } = await signIn(emu.url);
    const info = async (token: string) => {
      const res = await fetch(`${emu.url}/v2/user/info/?fields=open_id,display_name,avatar_url`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      return { status: res.status, json: (await res.json()) as Json };
    };
    const ok = await info(access_token);
    expect(ok.json.data.user).toEqual({
      open_id: 'emu-open-id-1',
      display_name: 'Ada Creator',
      avatar_url: '',
    });
    expect(ok.json.error.code).toBe('ok');

    const uploadOnly = await signIn(emu.url, 'video.upload');
    expect((await info(uploadOnly.access_token)).json.error.code).toBe('scope_not_authorized');

    const revoked = await postForm(`${emu.url}/v2/oauth/revoke/`, {
      client_key: CLIENT_KEY,
      client_secret: CLIENT_SECRET,
      token: access_token,
    });
    expect(revoked.status).toBe(200);
    expect(await info(access_token)).toMatchObject({
      status: 401,
      json: { error: { code: 'access_token_invalid' } },
    });
    expect((await refresh(refresh_token)).json.error).toBe('invalid_grant');
  });

  it('treats an expired access token as invalid', async () => {
    const { access_token } = await signIn(emu.url);
    await control(emu.url, '/expire', { accessTokens: true });
    const { status, json } = await initFile(emu.url, access_token, 1000, 1000, 1);
    expect(status).toBe(401);
    expect(json.error.code).toBe('access_token_invalid');
  });
});
