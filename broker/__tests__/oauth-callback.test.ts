// The OAuth callback: TikTok's answer goes on to the extension's own redirect URL, and only to one
// derived from the configuration, whatever the request says.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBroker } from '../app';
import { callbackTargets, decideCallback, firefoxRedirectUrl } from '../oauth-callback';

const CHROME_ID = 'jhihmnaomjcpchhbnbnichoehkgakkep';
const GECKO_ID = 'send-to-tiktok-drafts@example.org';
const GECKO_HASH = createHash('sha1').update(GECKO_ID).digest('hex');
const RANDOM = '0123456789abcdef0123456789abcdef';

function broker() {
  return createBroker({
    clientKey: 'k',
    clientSecret: 's',
    apiOrigin: 'http://127.0.0.1:9',
    allowedOrigins: [
      `chrome-extension://${CHROME_ID}`,
      'https://not-an-extension.example',
      'moz-extension://*',
    ],
    geckoIds: [GECKO_ID],
    rateLimit: { max: 1000, windowMs: 60_000 },
  });
}

async function callback(query: string, headers: Record<string, string> = {}) {
  return broker().request(`https://broker.example/oauth/callback?${query}`, { headers });
}

describe('callback targets', () => {
  it('derives Chrome and Firefox redirect URLs from the configuration only', async () => {
    const targets = await callbackTargets(
      [`chrome-extension://${CHROME_ID}/`, 'https://web.example', '*', 'moz-extension://*'],
      [GECKO_ID, 'not an id', 'https://evil.example/'],
    );
    expect([...targets.entries()]).toEqual([
      [CHROME_ID, `https://${CHROME_ID}.chromiumapp.org/`],
      [GECKO_HASH, `https://${GECKO_HASH}.extensions.allizom.org/`],
    ]);
  });

  it('computes Firefox’s redirect URL as the SHA-1 of the add-on id', async () => {
    expect(await firefoxRedirectUrl(GECKO_ID)).toBe(`https://${GECKO_HASH}.extensions.allizom.org/`);
  });
});

describe('GET /oauth/callback', () => {
  it('sends code, scopes and state on to the Chrome extension’s redirect URL', async () => {
    const state = `${CHROME_ID}.${RANDOM}`;
    const res = await callback(`code=c.123&scopes=user.info.basic,video.upload&state=${state}`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(`https://${CHROME_ID}.chromiumapp.org`);
    expect(location.pathname).toBe('/');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      code: 'c.123',
      scopes: 'user.info.basic,video.upload',
      state,
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sends to the Firefox add-on’s redirect URL when the state names it', async () => {
    const res = await callback(`code=c.1&state=${GECKO_HASH}.${RANDOM}`);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).hostname).toBe(`${GECKO_HASH}.extensions.allizom.org`);
  });

  it('forwards TikTok’s error and its description, and drops parameters it does not know', async () => {
    const state = `${CHROME_ID}.${RANDOM}`;
    const res = await callback(
      `error=access_denied&error_description=The+user+denied&state=${state}&redirect_uri=https://evil.example/&next=https://evil.example/`,
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.host).toBe(`${CHROME_ID}.chromiumapp.org`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'The user denied',
      state,
    });
  });

  it.each([
    ['no state', 'code=c.1', 400, /no state/],
    ['an empty state', 'code=c.1&state=', 400, /no state/],
    ['a state without a target', `code=c.1&state=${RANDOM}`, 400, /not for an extension/],
    ['an unconfigured Chrome id', `code=c.1&state=${'a'.repeat(32)}.${RANDOM}`, 400, /not for an extension/],
    ['a host as the label', `code=c.1&state=evil.example.${RANDOM}`, 400, /not for an extension/],
    ['a URL as the state', `code=c.1&state=${encodeURIComponent('https://evil.example/')}`, 400, /not/],
    ['a short random part', `code=c.1&state=${CHROME_ID}.abc`, 400, /not for an extension/],
    ['neither code nor error', `state=${CHROME_ID}.${RANDOM}`, 400, /neither a code nor an error/],
    ['two states', `code=c&state=${CHROME_ID}.${RANDOM}&state=${GECKO_HASH}.${RANDOM}`, 400, /repeats state/],
    ['two codes', `code=a&code=b&state=${CHROME_ID}.${RANDOM}`, 400, /repeats code/],
    ['an oversized code', `code=${'x'.repeat(2049)}&state=${CHROME_ID}.${RANDOM}`, 414, /too long/],
    ['an oversized query', `code=c&state=${CHROME_ID}.${RANDOM}&junk=${'x'.repeat(9000)}`, 414, /too long/],
  ])('refuses %s without redirecting', async (_name, query, status, message) => {
    const res = await callback(query);
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(message);
  });

  it('ignores Origin and Referer: a navigation from anywhere is decided by the state alone', async () => {
    const res = await callback(`code=c.1&state=${CHROME_ID}.${RANDOM}`, {
      Origin: 'https://evil.example',
      Referer: 'https://evil.example/',
    });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).host).toBe(`${CHROME_ID}.chromiumapp.org`);
  });

  it('does not answer other methods', async () => {
    const res = await broker().request(
      `https://broker.example/oauth/callback?code=c&state=${CHROME_ID}.${RANDOM}`,
      {
        method: 'POST',
        headers: { Origin: `chrome-extension://${CHROME_ID}` },
      },
    );
    expect(res.status).toBe(404);
  });
});

describe('decideCallback', () => {
  it('never builds a location outside the targets (property over hostile states)', async () => {
    const targets = await callbackTargets([`chrome-extension://${CHROME_ID}`], [GECKO_ID]);
    const allowed = new Set(targets.values());
    const hostile = [
      `${CHROME_ID}.${RANDOM}@evil.example`,
      `${CHROME_ID}.${RANDOM}/../evil`,
      `${CHROME_ID}.${RANDOM}#x`,
      `${CHROME_ID}%2e${RANDOM}`,
      `${CHROME_ID.toUpperCase()}.${RANDOM}`,
      `${CHROME_ID}.${RANDOM}\n`,
      `//evil.example/${CHROME_ID}.${RANDOM}`,
      `${CHROME_ID}.${RANDOM}`,
    ];
    for (const state of hostile) {
      const decision = decideCallback(new URLSearchParams({ code: 'c', state }).toString(), targets);
      if (decision.ok) {
        const url = new URL(decision.location);
        expect(allowed.has(`${url.origin}/`)).toBe(true);
        expect(url.pathname).toBe('/');
      }
    }
  });
});

describe('moz-extension origins', () => {
  it('are allowed on the token routes by the moz-extension://* entry, and only extension origins', async () => {
    const app = broker();
    const ask = (origin: string) =>
      app.request('https://broker.example/v2/oauth/revoke/', {
        method: 'OPTIONS',
        headers: { Origin: origin },
      });
    expect((await ask('moz-extension://0d9a3f7e-8b1c-4c2d-9e3f-1a2b3c4d5e6f')).status).toBe(204);
    expect((await ask('moz-extension://evil.example')).status).toBe(403);
    expect((await ask('https://moz-extension.example')).status).toBe(403);
  });
});

describe('GET /oauth/start', () => {
  const authorize = (params: Record<string, string>) =>
    broker().request(`https://broker.example/oauth/start?${new URLSearchParams(params).toString()}`);
  const good = {
    client_key: 'k',
    scope: 'user.info.basic,video.upload',
    state: `${GECKO_HASH}.${RANDOM}`,
    response_type: 'code',
    code_challenge: 'a'.repeat(64),
    code_challenge_method: 'S256',
  };

  it('sends the browser to TikTok’s authorize page (the configured one) with TikTok’s parameters only', async () => {
    const res = await authorize({ ...good, next: 'https://evil.example/' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://www.tiktok.com/v2/auth/authorize/');
    // redirect_uri is the broker's own callback, never the caller's.
    expect(Object.fromEntries(location.searchParams)).toEqual({
      ...good,
      redirect_uri: 'https://broker.example/oauth/callback',
    });
  });

  it.each([
    ['another app’s client key', { ...good, client_key: 'other' }, /client_key/],
    [
      'a redirect_uri of its own',
      { ...good, redirect_uri: 'https://evil.example/' },
      /may not name a redirect_uri/,
    ],
    ['a state the callback could not route', { ...good, state: RANDOM }, /not for an extension/],
    ['no state', { ...good, state: '' }, /no state/],
  ])('refuses %s without redirecting', async (_name, params, message) => {
    const res = await authorize(params);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toMatch(message);
  });
});
