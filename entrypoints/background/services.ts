// The background's shared adapters, built once per worker: the job store, the TikTok and broker
// clients and the token keeper. Modules import what they need from here instead of wiring their own.
import { createAccountRegistry } from '@/utils/account-registry';
import { createBrokerClient, type BrokerClient } from '@/utils/broker-client';
import { brokerUrlProblem } from '@/utils/broker-url';
import { buildConfig } from '@/utils/config';
import { createDiagnosticsLog } from '@/utils/diagnostics';
import { openAppDB } from '@/utils/db';
import { createJobStore } from '@/utils/job-store';
import { loadSettings } from '@/utils/settings';
import { createTikTokClient } from '@/utils/tiktok-client';
import { broadcastAuthChanged } from './broadcast';
import type { BackgroundDeps } from './deps';
import { t } from '@/utils/i18n';

/** Problems already noted this worker: lists are read every pass, the log should say it once. */
const skippedNoted = new Set<string>();

export const store = createJobStore(openAppDB, {
  // A record without a readable id cannot be shown or removed from the popup; the log keeps a trace.
  onSkipped(problem) {
    if (skippedNoted.has(problem)) return;
    skippedNoted.add(problem);
    note({
      kind: 'error',
      text: `A job record without a readable id was left out of the list (${problem}).`,
    });
  },
});

/** The rolling diagnostics log (options page → Copy), in the same database. */
export const diagnostics = createDiagnosticsLog(store);

/** Records an event without ever failing the step that reports it. */
export function note(event: Parameters<typeof diagnostics.record>[0]): void {
  void diagnostics.record(event).catch(() => undefined);
}

/** Loopback (test/dev) builds may talk to 127.0.0.1 over http; production builds never. */
export const urlOptions = { allowLoopback: buildConfig.allowLoopback };

/**
 * Identifies this worker instance in job leases. Chrome runs one instance of an extension's
 * service worker at a time, so a lease held by another owner at startup belongs to a dead one.
 */
export const ownerId = crypto.randomUUID();
/** When this instance started (utils/lease.ts). */
const startedAt = Date.now();

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
  const problem = await configProblem();
  if (!url || problem) throw new Error(problem ?? t('configNoBrokerShort'));
  return createBrokerClient({ brokerUrl: url, fetch: fetchFn });
}

/** Why sign-in cannot work with this build and these settings, and how to fix it; else undefined. */
export async function configProblem(): Promise<string | undefined> {
  if (!buildConfig.clientKey) {
    return t('configNoClientKey');
  }
  const url = await brokerUrl();
  if (!url) {
    return t('configNoBroker');
  }
  return brokerUrlProblem(url, urlOptions);
}

/** The connected accounts and each one's tokens (utils/account-registry.ts). */
export const accounts = createAccountRegistry({
  kv: store,
  broker,
  now: () => Date.now(),
  onChanged: broadcastAuthChanged,
});

/** The real dependencies of the scheduler, the steps and the handlers (deps.ts); index.ts installs them. */
export const backgroundDeps: BackgroundDeps = {
  store,
  tiktok,
  accounts,
  diagnostics,
  note,
  ownerId,
  startedAt,
  urlOptions,
  now: () => Date.now(),
  random: () => Math.random(),
  online: () => typeof navigator === 'undefined' || navigator.onLine !== false,
  fetch: fetchFn,
};
