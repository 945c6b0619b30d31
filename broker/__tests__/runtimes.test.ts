// The broker's HTTP behaviour on both runtimes it ships for: Node (`npm run broker`) and workerd,
// Cloudflare's runtime, through Miniflare. The same table of cases runs against each, with the
// local TikTok emulator as TikTok and the environment the README documents.

import { afterAll, beforeAll, describe, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { CASES } from './runtime-cases';
import { CLIENT_KEY, RATE_LIMIT, REDIRECT_URI, type CaseContext } from './runtime-world';
import { startBroker, type RunningBroker, type Runtime } from './runtimes';

const RUNTIMES: Runtime[] = ['node', 'workerd'];

describe.each(RUNTIMES)('broker on %s', (runtime) => {
  let emulator: RunningEmulator;
  let broker: RunningBroker;
  // Each case (and each extra client) gets its own loopback address; the third octet keeps the
  // runtimes apart, so neither could pass on a bucket the other filled.
  let nextHost = 1;
  const address = () => `127.0.${RUNTIMES.indexOf(runtime) + 10}.${nextHost++}`;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, config: { processingDelayMs: 50 } });
    broker = await startBroker(runtime, {
      TIKTOK_CLIENT_KEY: CLIENT_KEY,
      TIKTOK_CLIENT_SECRET: 'emulator-client-secret',
      TIKTOK_API_ORIGIN: emulator.url,
      TIKTOK_AUTH_URL: `${emulator.url}/v2/auth/authorize/`,
      BROKER_RATE_LIMIT_MAX: String(RATE_LIMIT.max),
      BROKER_RATE_LIMIT_WINDOW_MS: String(RATE_LIMIT.windowMs),
    });
    // The TikTok app registers the extension's redirect URL and this broker's callback.
    const res = await fetch(`${emulator.url}/_emulator/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ redirectUris: [REDIRECT_URI, `${broker.url}/oauth/callback`] }),
    });
    if (!res.ok) throw new Error(`emulator config: ${res.status} ${await res.text()}`);
  }, 60_000);

  afterAll(async () => {
    await broker?.close();
    await emulator?.close();
  });

  it.each(CASES)('$name', async ({ run }) => {
    const ctx: CaseContext = {
      runtime,
      broker: broker.url,
      emulator: emulator.url,
      from: address(),
      another: address,
    };
    await run(ctx);
  });
});
