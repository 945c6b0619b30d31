// The Workers entry as Cloudflare calls it: fetch(request, env) with the bindings as env.

import { beforeEach, describe, expect, it, vi } from 'vitest';

type WorkerModule = {
  default: { fetch(request: Request, env: Record<string, string>): Promise<Response> | Response };
};

async function freshWorker(): Promise<WorkerModule['default']> {
  vi.resetModules(); // the entry keeps one app per isolate: each test gets a new "isolate"
  return ((await import('../worker')) as WorkerModule).default;
}

const EXTENSION = 'chrome-extension://jhihmnaomjcpchhbnbnichoehkgakkep';

describe('worker entry', () => {
  beforeEach(() => vi.resetModules());

  it('answers 500 broker_misconfigured without the secret binding', async () => {
    const worker = await freshWorker();
    const res = await worker.fetch(new Request('https://broker.example/health'), { TIKTOK_CLIENT_KEY: 'k' });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: 'broker_misconfigured' });
  });

  it('serves with the bindings, and keeps its rate limit across requests of one isolate', async () => {
    const worker = await freshWorker();
    const env = {
      TIKTOK_CLIENT_KEY: 'k',
      TIKTOK_CLIENT_SECRET: 's',
      // Nothing listens here: each allowed request ends as 502, a refused one as 429.
      TIKTOK_API_ORIGIN: 'http://127.0.0.1:9',
      BROKER_RATE_LIMIT_MAX: '2',
    };
    const health = await worker.fetch(new Request('https://broker.example/health'), env);
    expect(await health.json()).toEqual({ ok: true });

    const revoke = () =>
      worker.fetch(
        new Request('https://broker.example/v2/oauth/revoke/', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Origin: EXTENSION,
            'CF-Connecting-IP': '203.0.113.9',
          },
          body: 'token=t',
        }),
        env,
      );
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await revoke()).status);
    expect(statuses).toEqual([502, 502, 429]);

    const refused = await worker.fetch(
      new Request('https://broker.example/health', { headers: { Origin: 'https://evil.example' } }),
      env,
    );
    expect(refused.status).toBe(403);
  });
});
