// The background's shared adapters, built once per worker: the job store, the TikTok and broker
// clients and the token keeper. Modules import what they need from here instead of wiring their own.
import { createBrokerClient, type BrokerClient, type TokenSet } from '@/utils/broker-client';
import { buildConfig } from '@/utils/config';
import { createJobStore } from '@/utils/job-store';
import { loadSettings } from '@/utils/settings';
import { createTikTokClient } from '@/utils/tiktok-client';
import { createTokenKeeper } from '@/utils/tokens';

export const store = createJobStore();

/** Loopback (test/dev) builds may talk to 127.0.0.1 over http; production builds never. */
export const urlOptions = { allowLoopback: buildConfig.allowLoopback };

/**
 * Identifies this worker instance in job leases. Chrome runs one instance of an extension's
 * service worker at a time, so a lease held by another owner at startup belongs to a dead one.
 */
export const ownerId = crypto.randomUUID();

// Bound late so tests and the worker share the global, and `this` is right for the native fetch.
const fetchFn: typeof fetch = (input, init) => fetch(input, init);

export const tiktok = createTikTokClient({ apiOrigin: buildConfig.apiOrigin, fetch: fetchFn });

/** The options page's broker URL wins over the build's. */
export async function brokerUrl(): Promise<string> {
  const settings = await loadSettings();
  return settings.brokerUrl.trim() || buildConfig.brokerUrl;
}

export async function broker(): Promise<BrokerClient> {
  const url = await brokerUrl();
  if (!url) throw new Error((await configProblem()) ?? 'No token broker is configured.');
  return createBrokerClient({ brokerUrl: url, fetch: fetchFn });
}

/** Why sign-in cannot work with this build and these settings, and how to fix it; else undefined. */
export async function configProblem(): Promise<string | undefined> {
  if (!buildConfig.clientKey) {
    return 'This build has no TikTok client key. Rebuild the extension with WXT_TIKTOK_CLIENT_KEY set to your TikTok app’s client key (see the README).';
  }
  const url = await brokerUrl();
  if (!url) {
    return 'No token broker is configured. Enter your broker’s URL in the extension’s options, or rebuild with WXT_BROKER_URL set (see the README).';
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
  } catch {
    return `The broker URL “${url}” is not a valid http(s) address. Correct it in the extension’s options.`;
  }
  return undefined;
}

const TOKENS_KEY = 'auth/tokens';
export const ACCOUNT_KEY = 'auth/account';

export const tokens = createTokenKeeper({
  storage: {
    load: () => store.kvGet<TokenSet>(TOKENS_KEY),
    save: (value) => store.kvSet(TOKENS_KEY, value),
    async clear() {
      await store.kvDelete(TOKENS_KEY);
      await store.kvDelete(ACCOUNT_KEY);
    },
  },
  broker,
  now: () => Date.now(),
});

export async function saveTokens(value: TokenSet): Promise<void> {
  await store.kvSet(TOKENS_KEY, value);
}

export async function loadTokens(): Promise<TokenSet | undefined> {
  return store.kvGet<TokenSet>(TOKENS_KEY);
}

export async function clearTokens(): Promise<void> {
  await store.kvDelete(TOKENS_KEY);
  await store.kvDelete(ACCOUNT_KEY);
}
