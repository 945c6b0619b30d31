// What the scheduler, the steps, the outcome rules and the message handlers work with: the job
// store, the TikTok client, the accounts, this worker's lease owner id, the clock, the network
// and the diagnostics log. The worker builds the real ones once (services.ts) and installs them
// before any listener runs (index.ts); unit tests install fakes that behave (fake-indexeddb store,
// a scripted TikTok server, a clock they move). Browser APIs come from `wxt/browser`, which the
// unit project replaces with @webext-core/fake-browser.
import type { AccountRegistry } from '@/utils/account-registry';
import type { DiagnosticsLog } from '@/utils/diagnostics';
import type { JobStore } from '@/utils/job-store';
import type { TikTokClient } from '@/utils/tiktok-client';

export interface BackgroundDeps {
  store: JobStore;
  tiktok: TikTokClient;
  accounts: AccountRegistry;
  diagnostics: DiagnosticsLog;
  /** Records an event in the diagnostics log without ever failing the step that reports it. */
  note: (event: Parameters<DiagnosticsLog['record']>[0]) => void;
  /** Identifies this worker instance in job leases (runner.ts). */
  ownerId: string;
  /** When this worker instance started: leases renewed before then are a dead instance's. */
  startedAt: number;
  /** Loopback (test/dev) builds may fetch 127.0.0.1 over http; production builds never. */
  urlOptions: { allowLoopback: boolean };
  now: () => number;
  /** Jitter for backoffs, in [0, 1). */
  random: () => number;
  /** False only when the browser knows it has no network at all. */
  online: () => boolean;
  /** Downloads of a video source (acquire.ts). */
  fetch: typeof fetch;
}

let installed: BackgroundDeps | undefined;

/** Installs the dependencies every later call uses (once per worker; again per unit test). */
export function installDeps(deps: BackgroundDeps): void {
  installed = deps;
}

export function deps(): BackgroundDeps {
  // A module used before index.ts installed them is a wiring bug, not a state to limp on with.
  if (!installed) throw new Error('The background’s dependencies were not installed (deps.ts).');
  return installed;
}
