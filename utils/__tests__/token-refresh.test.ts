import { describe, expect, it, vi } from 'vitest';
import { createBrokerClient, type TokenSet } from '../broker-client';
import { createTokenKeeper, NotSignedInError, REFRESH_MARGIN_MS, type TokenStorage } from '../tokens';

// A fake of TikTok's token endpoint behind the broker, with TikTok's rotation: every refresh token
// is single-use, and a spent one is answered `invalid_grant`. A second refresh racing the first
// would therefore sign the user out; single-flight is what prevents it.
function fakeTokenServer(opts: { latencyMs?: number } = {}) {
  let counter = 1;
  const valid = new Set(['refresh-1']);
  const requests: URLSearchParams[] = [];
  let failNext: { status: number; body: unknown } | undefined;
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const form = new URLSearchParams(String(init?.body ?? ''));
    requests.push(form);
    await new Promise((r) => setTimeout(r, opts.latencyMs ?? 5));
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (!url.endsWith('/v2/oauth/token/')) return json(404, {});
    if (failNext) {
      const f = failNext;
      failNext = undefined;
      return json(f.status, f.body);
    }
    const token = form.get('refresh_token') ?? '';
    if (form.get('grant_type') !== 'refresh_token' || !valid.delete(token)) {
      return json(400, { error: 'invalid_grant', error_description: 'Refresh token is invalid or expired.' });
    }
    counter++;
    valid.add(`refresh-${counter}`);
    return json(200, {
      access_token: `access-${counter}`,
      expires_in: 86400,
      refresh_token: `refresh-${counter}`,
      refresh_expires_in: 31536000,
      open_id: 'user-1',
      scope: 'user.info.basic,video.upload',
      token_type: 'Bearer',
    });
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    requests,
    calls: () => fetch.mock.calls.length,
    failOnce(status: number, body: unknown) {
      failNext = { status, body };
    },
  };
}

function memoryStorage(initial?: TokenSet) {
  let value = initial;
  const storage: TokenStorage = {
    load: async () => value,
    save: async (next) => {
      value = next;
    },
    clear: async () => {
      value = undefined;
    },
  };
  return { storage, current: () => value };
}

const NOW = 1_800_000_000_000;

function tokensExpiringIn(ms: number): TokenSet {
  return {
    accessToken: 'access-1',
    accessExpiresAt: NOW + ms,
    refreshToken: 'refresh-1',
    refreshExpiresAt: NOW + 365 * 86_400_000,
    openId: 'user-1',
    scope: 'user.info.basic,video.upload',
  };
}

function keeper(initial: TokenSet | undefined, server = fakeTokenServer()) {
  const mem = memoryStorage(initial);
  const signedOut: string[] = [];
  const keeper = createTokenKeeper({
    storage: mem.storage,
    broker: () =>
      createBrokerClient({ brokerUrl: 'http://127.0.0.1:8787', fetch: server.fetch, now: () => NOW }),
    now: () => NOW,
    onSignedOut: (reason) => void signedOut.push(reason),
  });
  return { keeper, mem, server, signedOut };
}

describe('token refresh', () => {
  it('uses a token with time left as it is, without asking the broker', async () => {
    const t = keeper(tokensExpiringIn(REFRESH_MARGIN_MS + 60_000));
    expect(await t.keeper.accessToken()).toBe('access-1');
    expect(t.server.calls()).toBe(0);
  });

  it('refreshes before expiry, once for many concurrent callers, and keeps the rotated refresh token', async () => {
    const t = keeper(tokensExpiringIn(60_000));
    const tokens = await Promise.all(Array.from({ length: 8 }, () => t.keeper.accessToken()));
    expect(tokens).toEqual(Array(8).fill('access-2'));
    expect(t.server.calls()).toBe(1);
    expect(t.server.requests[0].get('grant_type')).toBe('refresh_token');
    expect(t.server.requests[0].get('refresh_token')).toBe('refresh-1');
    expect(t.mem.current()).toMatchObject({
      accessToken: 'access-2',
      refreshToken: 'refresh-2',
      accessExpiresAt: NOW + 86_400_000,
    });
    expect(t.signedOut).toEqual([]);
  });

  it('after a 401, renews once for all jobs that saw the same stale token', async () => {
    const t = keeper(tokensExpiringIn(3_600_000));
    const renewed = await Promise.all([
      t.keeper.renewAfterRejection('access-1'),
      t.keeper.renewAfterRejection('access-1'),
      t.keeper.renewAfterRejection('access-1'),
    ]);
    expect(renewed).toEqual(['access-2', 'access-2', 'access-2']);
    // A job that comes later with the old token gets the new one without another refresh.
    expect(await t.keeper.renewAfterRejection('access-1')).toBe('access-2');
    expect(t.server.calls()).toBe(1);
    // The rotated token is the one the next refresh spends.
    expect(await t.keeper.renewAfterRejection('access-2')).toBe('access-3');
    expect(t.server.requests[1].get('refresh_token')).toBe('refresh-2');
  });

  it('signs out when the refresh is rejected, and says to connect again', async () => {
    const t = keeper(tokensExpiringIn(0));
    t.server.failOnce(400, { error: 'invalid_grant', error_description: 'revoked' });
    const err = await t.keeper.accessToken().catch((e) => e);
    expect(err).toBeInstanceOf(NotSignedInError);
    expect(err.message).toMatch(/Connect again/);
    expect(t.mem.current()).toBeUndefined();
    expect(t.signedOut).toHaveLength(1);
    expect(await t.keeper.signedIn()).toBe(false);
  });

  it('keeps the tokens when the broker is only unavailable, so a later try can succeed', async () => {
    const t = keeper(tokensExpiringIn(0));
    t.server.failOnce(503, { error: 'server_error' });
    const err = await t.keeper.accessToken().catch((e) => e);
    expect(err).not.toBeInstanceOf(NotSignedInError);
    expect(t.mem.current()?.refreshToken).toBe('refresh-1');
    expect(await t.keeper.accessToken()).toBe('access-2');
  });

  it('does not spend a refresh token that has itself expired', async () => {
    const t = keeper({ ...tokensExpiringIn(0), refreshExpiresAt: NOW - 1 });
    await expect(t.keeper.accessToken()).rejects.toBeInstanceOf(NotSignedInError);
    expect(t.server.calls()).toBe(0);
    expect(t.mem.current()).toBeUndefined();
  });

  it('asks to connect when there were never any tokens', async () => {
    const t = keeper(undefined);
    await expect(t.keeper.accessToken()).rejects.toBeInstanceOf(NotSignedInError);
  });
});
