// The broker's HTTP behaviour, driven through app.request() with a real HTTP server standing in
// for TikTok's OAuth endpoints, so the forwarded request is the one that really crossed the wire.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBroker, type BrokerOptions } from '../app';

const EXTENSION = 'chrome-extension://jhihmnaomjcpchhbnbnichoehkgakkep';
const SECRET = 'the-app-secret-never-leaves';

interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: URLSearchParams;
}

let upstream: Server;
let upstreamOrigin: string;
const received: Received[] = [];
let answer: { status: number; body: string; contentType: string } = {
  status: 200,
  body: '{}',
  contentType: '',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    const body = await readBody(req);
    received.push({
      method: req.method ?? '',
      path: req.url ?? '',
      contentType: req.headers['content-type'],
      body: new URLSearchParams(body),
    });
    res.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Set-Cookie': 'tt=1' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

beforeEach(() => {
  received.length = 0;
  answer = {
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ access_token: 'act.1', refresh_token: 'rft.1', open_id: 'u1', expires_in: 86400 }),
  };
});

function broker(overrides: Partial<BrokerOptions> = {}) {
  return createBroker({
    clientKey: 'app-key',
    clientSecret: SECRET,
    apiOrigin: upstreamOrigin,
    allowedOrigins: [EXTENSION],
    ...overrides,
  });
}

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request(`http://broker.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: EXTENSION, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const refresh = { grant_type: 'refresh_token', refresh_token: 'rft.0' };

async function everything(res: Response): Promise<string> {
  return JSON.stringify([...res.headers]) + (await res.text());
}

describe('forwarding', () => {
  it('adds the client credentials and returns TikTok status, body and content type unchanged', async () => {
    const res = await broker().request(post('/v2/oauth/token/', refresh));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe(answer.body);
    expect(received).toHaveLength(1);
    const [sent] = received;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v2/oauth/token/');
    expect(sent.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(sent.body)).toEqual({
      client_key: 'app-key',
      client_secret: SECRET,
      ...refresh,
    });
  });

  it("passes TikTok's error answers through with their status", async () => {
    answer = {
      status: 400,
      contentType: 'application/json',
      body: '{"error":"invalid_grant","error_description":"Refresh token is invalid","log_id":"x"}',
    };
    const res = await broker().request(post('/v2/oauth/revoke/', { token: 'act.1' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(answer.body);
    expect(received[0].path).toBe('/v2/oauth/revoke/');
    expect(received[0].body.get('token')).toBe('act.1');
  });

  it("never echoes the secret, and does not pass on TikTok's other headers", async () => {
    const app = broker();
    const answers = [
      await app.request(post('/v2/oauth/token/', refresh)),
      await app.request(post('/v2/oauth/token/', { ...refresh, client_secret: 'mine' })),
      await app.request(post('/v2/oauth/token/', { grant_type: 'password' })),
      await app.request(post('/v2/oauth/revoke/', {}, { 'Content-Type': 'application/json' })),
      await app.request(post('/v2/oauth/nope/', refresh)),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 400, 400, 415, 404]);
    for (const res of answers) {
      const text = await everything(res);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('tt=1');
    }
  });

  it('refuses credential overrides and undocumented fields without calling TikTok', async () => {
    const app = broker();
    const secret = await app.request(post('/v2/oauth/token/', { ...refresh, client_secret: 'attacker' }));
    expect(secret.status).toBe(400);
    expect(await secret.json()).toMatchObject({ error: 'invalid_request' });
    const key = await app.request(post('/v2/oauth/revoke/', { token: 't', client_key: 'another-app' }));
    expect(await key.json()).toMatchObject({ error: 'invalid_client' });
    const grant = await app.request(post('/v2/oauth/token/', { grant_type: 'client_credentials' }));
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect(received).toHaveLength(0);
  });

  it('answers 502 upstream_unreachable when TikTok cannot be reached', async () => {
    // A port that was just listening and is now closed: a real refused connection.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const res = await broker({ apiOrigin: `http://127.0.0.1:${port}` }).request(
      post('/v2/oauth/token/', refresh),
    );
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe('upstream_unreachable');
    expect(body.error_description).toMatch(/ECONNREFUSED/);
    expect(body.error_description).not.toContain(SECRET);
  });

  it('has a health check and 404s everything else', async () => {
    const app = broker();
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect((await app.request('/v2/oauth/token/')).status).toBe(404);
    expect((await app.request(post('/v2/post/publish/inbox/video/init/', refresh))).status).toBe(404);
    expect(received).toHaveLength(0);
  });
});

describe('CORS', () => {
  it('answers an allowed origin with its own origin', async () => {
    const res = await broker().request(post('/v2/oauth/token/', refresh));
    expect(res.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('refuses a disallowed origin with 403 JSON, before TikTok is called', async () => {
    const res = await broker().request(post('/v2/oauth/token/', refresh, { Origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.json()).toMatchObject({ error: 'origin_not_allowed' });
    expect(received).toHaveLength(0);
  });

  it('answers a preflight from an allowed origin and refuses one from elsewhere', async () => {
    const preflight = (origin: string) =>
      new Request('http://broker.test/v2/oauth/token/', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
    const ok = await broker().request(preflight(EXTENSION));
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type');

    const refused = await broker().request(preflight('https://evil.example'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("accepts any origin with '*', and requests without Origin (not from a browser page)", async () => {
    const any = broker({ allowedOrigins: ['*'] });
    const res = await any.request(post('/v2/oauth/token/', refresh, { Origin: 'http://127.0.0.1:8791' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8791');

    const headless = new Request('http://broker.test/v2/oauth/revoke/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'token=t',
    });
    expect((await broker().request(headless)).status).toBe(200);
  });
});

describe('body size', () => {
  it('stops reading a chunked body at the limit instead of reading it whole', async () => {
    let pulled = 0;
    const piece = new TextEncoder().encode('a='.padEnd(64 * 1024, 'x'));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 150 MB if read to the end.
        if (pulled >= 150 * 1024 * 1024) return controller.close();
        pulled += piece.byteLength;
        controller.enqueue(piece);
      },
    });
    const request = new Request('http://broker.test/v2/oauth/token/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: EXTENSION },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const res = await broker().request(request);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
    expect(pulled).toBeLessThan(1024 * 1024);
    expect(received).toHaveLength(0);
  });
});

describe('rate limit', () => {
  it('limits each client address, answers 429 with Retry-After, and recovers after the window', async () => {
    let now = 0;
    const app = broker({
      rateLimit: { windowMs: 60_000, max: 2 },
      now: () => now,
      allowedOrigins: [EXTENSION, 'https://other.example'],
    });
    const from = (ip: string, origin = EXTENSION) =>
      app.request(post('/v2/oauth/token/', refresh, { 'CF-Connecting-IP': ip, Origin: origin }));

    expect((await from('1.1.1.1')).status).toBe(200);
    expect((await from('1.1.1.1')).status).toBe(200);
    now = 15_000;
    const limited = await from('1.1.1.1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    // The extension must be able to read Retry-After from a cross-origin answer.
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(await limited.json()).toMatchObject({ error: 'rate_limit_exceeded' });
    expect(received).toHaveLength(2);

    expect((await from('2.2.2.2')).status).toBe(200);
    // Another Origin from the same address is the same client: Origin is the caller's to choose.
    expect((await from('1.1.1.1', 'https://other.example')).status).toBe(429);
    now = 60_000;
    expect((await from('1.1.1.1')).status).toBe(200);
  });

  it("a new Origin per request does not escape the limit, even with '*'", async () => {
    const app = broker({ rateLimit: { windowMs: 60_000, max: 30 }, allowedOrigins: ['*'] });
    let passed = 0;
    for (let i = 0; i < 100; i++) {
      const res = await app.request(
        post('/v2/oauth/token/', refresh, { 'CF-Connecting-IP': '1.1.1.1', Origin: `https://o${i}.example` }),
      );
      if (res.status === 200) passed++;
    }
    expect(passed).toBe(30);
  });

  it('counts IPv6 clients per /64', async () => {
    const app = broker({ rateLimit: { windowMs: 60_000, max: 1 } });
    const from = (ip: string) => app.request(post('/v2/oauth/token/', refresh, { 'CF-Connecting-IP': ip }));
    expect((await from('2001:db8:1:2::1')).status).toBe(200);
    expect((await from('2001:db8:1:2:ffff::9')).status).toBe(429);
    expect((await from('2001:db8:1:3::1')).status).toBe(200);
  });

  it('reads the address from a trusted proxy header only when told to', async () => {
    const plain = broker({ rateLimit: { windowMs: 60_000, max: 1 } });
    const spoof = (app: ReturnType<typeof broker>, xff: string) =>
      app.request(
        post('/v2/oauth/token/', refresh, { 'CF-Connecting-IP': '9.9.9.9', 'X-Forwarded-For': xff }),
      );
    expect((await spoof(plain, '1.1.1.1')).status).toBe(200);
    // Without the opt-in a forged X-Forwarded-For does not make a new bucket.
    expect((await spoof(plain, '2.2.2.2')).status).toBe(429);

    const proxied = broker({ rateLimit: { windowMs: 60_000, max: 1 }, trustedIpHeader: 'X-Forwarded-For' });
    expect((await spoof(proxied, 'forged, 1.1.1.1')).status).toBe(200);
    expect((await spoof(proxied, 'other-forgery, 1.1.1.1')).status).toBe(429);
    expect((await spoof(proxied, '2.2.2.2')).status).toBe(200);
  });

  it('does not count preflights or health checks', async () => {
    const app = broker({ rateLimit: { windowMs: 60_000, max: 1 } });
    for (let i = 0; i < 3; i++) {
      await app.request('/health', { headers: { Origin: EXTENSION } });
      await app.request('/v2/oauth/token/', { method: 'OPTIONS', headers: { Origin: EXTENSION } });
    }
    expect((await app.request(post('/v2/oauth/token/', refresh))).status).toBe(200);
  });
});
