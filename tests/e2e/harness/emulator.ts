// Client for the emulator's control API (emulator/CONTRACT.md, "Control API"): what the tests
// assert against instead of the extension's internals.
import { BASE_EMULATOR_CONFIG, EMULATOR_URL } from './env';
import { waitFor } from './wait';

export type FaultEndpoint = 'upload' | 'init' | 'status' | 'token' | 'revoke' | 'userinfo' | 'authorize';
export type FaultAction =
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Destroys the socket unanswered; for a PUT after reading the body, keeping its bytes when `store`. */
  | { type: 'drop'; store?: boolean }
  | { type: 'hold'; ms: number }
  | { type: 'malformed-json' };
export interface Fault {
  endpoint: FaultEndpoint;
  nth?: number;
  times?: number;
  /** A time window: every matching request from the nth until this many ms after it. */
  forMs?: number;
  action: FaultAction;
}

export interface EmulatorRequest {
  seq: number;
  time: number;
  method: string;
  path: string;
  endpoint?: string;
  status: number;
  contentRange?: string;
  contentLength?: number;
  publishId?: string;
  origin?: string;
  cookie?: boolean;
}

export interface EmulatorUpload {
  publishId: string;
  openId: string;
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  status: string;
  failReason?: string;
  videoSize?: number;
  chunkSize?: number;
  totalChunkCount?: number;
  receivedBytes: number;
  puts: number;
  chunksAccepted: number;
  sha256?: string;
  videoUrl?: string;
  /** Where the emulator serves the stored bytes, once complete. */
  contentUrl?: string;
  createdAt: number;
  state: 'pending' | 'posted' | 'deleted';
}

export interface EmulatorUser {
  openId: string;
  displayName: string;
  avatarUrl: string;
}
export interface EmulatorUserView extends EmulatorUser {
  pendingDrafts: number;
  pendingDraftCap: number;
  nextSlotFreesAt?: number;
}

export type EmulatorConfig = Record<string, unknown> & {
  verifiedDomains?: string[];
  verifiedPrefixes?: string[];
  allowInsecurePull?: boolean;
  processingDelayMs?: number;
};

export async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const emulator = {
  /** Forgets everything; the config becomes the e2e base plus `config`. */
  reset: (config: EmulatorConfig = {}) =>
    call<unknown>(EMULATOR_URL, 'POST', '/_emulator/reset', {
      config: { ...BASE_EMULATOR_CONFIG, ...config },
    }),
  configure: (config: EmulatorConfig) => call<unknown>(EMULATOR_URL, 'POST', '/_emulator/config', config),
  addFaults: (...faults: Fault[]) => call<unknown>(EMULATOR_URL, 'POST', '/_emulator/faults', { faults }),
  clearFaults: () => call<unknown>(EMULATOR_URL, 'DELETE', '/_emulator/faults'),
  expire: (what: { uploadUrls?: true; accessTokens?: true; publishId?: string }) =>
    call<unknown>(EMULATOR_URL, 'POST', '/_emulator/expire', what),
  log: async () =>
    (await call<{ requests: EmulatorRequest[] }>(EMULATOR_URL, 'GET', '/_emulator/log')).requests,
  uploads: async () =>
    (await call<{ uploads: EmulatorUpload[] }>(EMULATOR_URL, 'GET', '/_emulator/uploads')).uploads,
  upload: (publishId: string) =>
    call<EmulatorUpload>(EMULATOR_URL, 'GET', `/_emulator/uploads/${encodeURIComponent(publishId)}`),
  /** The next auto-approved sign-in is this one of the config's `users`. */
  signInAs: (openId: string) => call<unknown>(EMULATOR_URL, 'POST', '/_emulator/sign-in-as', { openId }),
  users: async () =>
    (await call<{ users: EmulatorUserView[] }>(EMULATOR_URL, 'GET', '/_emulator/users')).users,
  ageDraft: (publishId: string, ms: number) =>
    call<unknown>(EMULATOR_URL, 'POST', `/_emulator/drafts/${encodeURIComponent(publishId)}/age`, { ms }),
  markDraft: (publishId: string, action: 'posted' | 'deleted') =>
    call<unknown>(EMULATOR_URL, 'POST', `/_emulator/drafts/${encodeURIComponent(publishId)}/${action}`),
};

/** Waits until the emulator holds an upload matching `predicate`. */
export function waitForUpload(
  predicate: (upload: EmulatorUpload) => boolean,
  what = 'an emulator upload',
  timeoutMs = 90_000,
): Promise<EmulatorUpload> {
  return waitFor(what, async () => (await emulator.uploads()).find(predicate), {
    timeoutMs,
    intervalMs: 500,
  });
}
