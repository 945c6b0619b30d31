// The broker and API clients refuse redirects: a 307 would resend the refresh token or the bearer
// token to whatever address it names. Driven against real HTTP servers with Node's fetch.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerClient } from '../broker-client';
import { createTikTokClient } from '../tiktok-client';

let elsewhere: Server;
let redirector: Server;
const seenElsewhere: { authorization?: string; body: string }[] = [];
let redirectorUrl = '';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seenElsewhere.push({ authorization: req.headers.authorization, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const target = await listen(elsewhere);
  redirector = createServer((req, res) => {
    req.resume();
    res.writeHead(307, { location: `${target}${req.url}` }).end();
  });
  redirectorUrl = await listen(redirector);
});

afterAll(async () => {
  await Promise.all([redirector, elsewhere].map((s) => new Promise((r) => s.close(r))));
});

const realFetch: typeof fetch = (input, init) => fetch(input, init);

describe('no redirects for secrets', () => {
  it('the broker client does not follow a 307 with the refresh token', async () => {
    const broker = createBrokerClient({ brokerUrl: redirectorUrl, fetch: realFetch });
    await expect(broker.refresh('rft.secret')).rejects.toThrow();
    expect(seenElsewhere.filter((r) => r.body.includes('rft.secret'))).toEqual([]);
  });

  it('the TikTok client does not follow a 307 with the bearer token', async () => {
    const tiktok = createTikTokClient({ apiOrigin: redirectorUrl, fetch: realFetch });
    await expect(tiktok.fetchStatus('act.secret', 'p1')).rejects.toThrow();
    await expect(
      tiktok.putChunk({
        url: `${redirectorUrl}/upload/1`,
        body: new Blob([new Uint8Array(10)]),
        first: 0,
        last: 9,
        total: 10,
        mimeType: 'video/mp4',
      }),
    ).rejects.toThrow();
    expect(seenElsewhere.filter((r) => r.authorization)).toEqual([]);
    expect(seenElsewhere).toEqual([]);
  });
});
