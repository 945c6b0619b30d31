// The background's unit-test world: a fresh fake-indexeddb job store per test, a connected account
// with real token bookkeeping, a clock the test moves, and a scripted TikTok that behaves like the
// real API (publish ids, an upload that keeps the bytes it was sent and answers with its range,
// statuses queued by the test). Browser APIs are @webext-core/fake-browser (the unit project's
// `wxt/browser`), with the few it leaves unimplemented given small in-memory versions here.
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { createAccountRegistry } from '@/utils/account-registry';
import { createDiagnosticsLog, type DiagnosticsLog } from '@/utils/diagnostics';
import { openAppDB } from '@/utils/db';
import type { Job, JobStatus } from '@/utils/job';
import { createJobStore } from '@/utils/job-store';
import type {
  ApiVerdict,
  InitData,
  PutChunkAnswer,
  PutChunkRequest,
  SourceInfo,
  StatusData,
  TikTokClient,
} from '@/utils/tiktok-client';
import { TINY_MP4 } from '../../../tests/fixtures/video-bytes';
import { installDeps, type BackgroundDeps } from '../deps';
import { running } from '../running';

export const OPEN_ID = 'open-1';
export const UPLOAD_HOST = 'https://open-upload.tiktokapis.com';
export const T0 = Date.UTC(2026, 0, 1, 12);

type Answer<T> = ApiVerdict<T> | Promise<ApiVerdict<T>> | (() => Promise<ApiVerdict<T>>);

/** TikTok as the background meets it: each method answers from a queue, else like the real API. */
export class ScriptedTikTok implements TikTokClient {
  inits: SourceInfo[] = [];
  statusAsked: string[] = [];
  puts: PutChunkRequest[] = [];
  initAnswers: Answer<InitData>[] = [];
  statusAnswers: Answer<StatusData>[] = [];
  /** Bytes TikTok holds per upload URL. */
  held = new Map<string, Uint8Array>();
  private n = 0;

  private async take<T>(queue: Answer<T>[], fallback: () => ApiVerdict<T>): Promise<ApiVerdict<T>> {
    const next = queue.shift();
    if (next === undefined) return fallback();
    return typeof next === 'function' ? next() : next;
  }

  initInboxVideo(_token: string, sourceInfo: SourceInfo): Promise<ApiVerdict<InitData>> {
    this.inits.push(sourceInfo);
    return this.take(this.initAnswers, () => {
      this.n++;
      return {
        kind: 'ok',
        data: {
          publish_id: `p-${this.n}`,
          upload_url: sourceInfo.source === 'FILE_UPLOAD' ? `${UPLOAD_HOST}/upload/?id=${this.n}` : undefined,
        },
      };
    });
  }

  fetchStatus(_token: string, publishId: string): Promise<ApiVerdict<StatusData>> {
    this.statusAsked.push(publishId);
    return this.take(this.statusAnswers, () => ({ kind: 'ok', data: { status: 'SEND_TO_USER_INBOX' } }));
  }

  userInfo(): Promise<ApiVerdict<never>> {
    return Promise.reject(new Error('not used by these tests'));
  }

  /** Keeps what arrives in order and answers with the range it holds, as TikTok's upload host does. */
  async putChunk(request: PutChunkRequest): Promise<PutChunkAnswer> {
    this.puts.push(request);
    const have = this.held.get(request.url) ?? new Uint8Array(0);
    const range = (n: number) => (n === 0 ? `bytes */${request.total}` : `bytes 0-${n - 1}/${request.total}`);
    if (request.first !== have.length) return { status: 416, contentRange: range(have.length) };
    const body = new Uint8Array(await request.body.arrayBuffer());
    const next = new Uint8Array(have.length + body.length);
    next.set(have);
    next.set(body, have.length);
    this.held.set(request.url, next);
    return { status: next.length === request.total ? 201 : 206, contentRange: range(next.length) };
  }
}

export interface World {
  deps: BackgroundDeps;
  tiktok: ScriptedTikTok;
  clock: { now: number };
  net: { online: boolean };
  diagnostics: DiagnosticsLog;
  fetched: string[];
  /** Token renewals the broker gave. */
  refreshes: number;
  /** What `fetch` answers (acquire's downloads); the default refuses. */
  serve: (url: string, init?: RequestInit) => Promise<Response>;
}

/** Installs a fresh world: empty database, one connected account (unless `signedIn` is false). */
export async function freshWorld(options: { signedIn?: boolean; allowLoopback?: boolean } = {}) {
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
  running.clear();
  // Unimplemented in fake-browser: host access granted, the platform answers the keepalive beat.
  fakeBrowser.permissions.contains = async () => true;
  fakeBrowser.runtime.getPlatformInfo = async () => ({ os: 'linux', arch: 'x86-64', nacl_arch: 'x86-64' });
  fakeBrowser.runtime.getManifest = () => ({
    manifest_version: 3,
    name: 'Send to TikTok Drafts',
    version: '0.1.0',
  });
  fakeBrowser.declarativeNetRequest = fakeDnr() as unknown as typeof fakeBrowser.declarativeNetRequest;
  // Node 20 has no `navigator` (the about line of the diagnostics reads its userAgent).
  if (typeof navigator === 'undefined') {
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'unit test' }, configurable: true });
  }
  const clock = { now: T0 };
  const net = { online: true };
  const store = createJobStore(openAppDB);
  const diagnostics = createDiagnosticsLog(store, () => clock.now);
  const tiktok = new ScriptedTikTok();
  const accounts = createAccountRegistry({
    kv: store,
    // The broker as TikTok behaves: a refresh token is used once and rotated.
    broker: () => ({
      exchangeCode: () => Promise.reject(new Error('no sign-in in these tests')),
      async refresh(refreshToken: string) {
        if (!refreshToken.startsWith('rft-')) throw new Error('invalid_grant');
        world.refreshes++;
        return tokens(`act-${world.refreshes + 1}`, `rft-${world.refreshes + 1}`, clock.now);
      },
      revoke: async () => undefined,
    }),
    now: () => clock.now,
  });
  const world: World = {
    tiktok,
    clock,
    net,
    diagnostics,
    fetched: [],
    refreshes: 0,
    serve: async () => {
      throw new TypeError('Failed to fetch');
    },
    deps: undefined as unknown as BackgroundDeps,
  };
  world.deps = {
    store,
    tiktok,
    accounts,
    diagnostics,
    note: (event) => void diagnostics.record(event).catch(() => undefined),
    ownerId: 'worker-under-test',
    startedAt: 0,
    urlOptions: { allowLoopback: options.allowLoopback ?? false },
    now: () => clock.now,
    random: () => 0.5,
    online: () => net.online,
    fetch: async (input, init) => {
      const url = input instanceof URL ? input.href : String(input);
      world.fetched.push(url);
      return world.serve(url, init);
    },
  };
  installDeps(world.deps);
  if (options.signedIn !== false) {
    await accounts.add(tokens('act-1', 'rft-1', T0));
  }
  return world;
}

/** A real MP4 of `size` bytes (the tiny clip, then a `free` box of zeros). */
export function videoBlob(size = 4096): Blob {
  const bytes = new Uint8Array(size);
  bytes.set(TINY_MP4.subarray(0, Math.min(size, TINY_MP4.length)));
  const padding = size - TINY_MP4.length;
  if (padding >= 8) {
    new DataView(bytes.buffer).setUint32(TINY_MP4.length, padding);
    bytes.set([0x66, 0x72, 0x65, 0x65], TINY_MP4.length + 4); // 'free'
  }
  return new Blob([bytes], { type: 'video/mp4' });
}

function tokens(accessToken: string, refreshToken: string, now: number) {
  return {
    accessToken,
    accessExpiresAt: now + 86400_000,
    refreshToken,
    refreshExpiresAt: now + 365 * 86400_000,
    openId: OPEN_ID,
    scope: 'user.info.basic,video.upload',
  };
}

/** declarativeNetRequest's session rules, in memory; every regex is supported unless listed. */
export function fakeDnr(unsupported: string[] = []) {
  let rules: {
    id: number;
    priority: number;
    action: { type: string };
    condition: { regexFilter: string };
  }[] = [];
  return {
    rules: () => rules,
    isRegexSupported: async ({ regex }: { regex: string }) =>
      unsupported.includes(regex)
        ? { isSupported: false, reason: 'memoryLimitExceeded' }
        : { isSupported: true },
    getSessionRules: async () => rules,
    async updateSessionRules(update: { removeRuleIds?: number[]; addRules?: typeof rules }) {
      rules = rules.filter((r) => !update.removeRuleIds?.includes(r.id)).concat(update.addRules ?? []);
    },
  };
}

let counter = 0;

/** Writes a job straight into the store (any status), as an earlier worker would have left it. */
export async function putJob(world: World, fields: Partial<Job> & { status: JobStatus }): Promise<Job> {
  counter++;
  const job: Job = {
    id: `job-${counter}`,
    createdAt: world.clock.now + counter,
    updatedAt: world.clock.now,
    source: { kind: 'file', name: 'clip.mp4', size: 4096, type: 'video/mp4' },
    title: 'clip.mp4',
    progress: 0,
    accountId: OPEN_ID,
    ...fields,
  };
  await world.deps.store.create(job);
  return job;
}

/** A file job whose bytes are stored, as the popup leaves it. */
export async function fileJob(world: World, fields: Partial<Job> = {}, size = 4096): Promise<Job> {
  const job = await putJob(world, { status: 'queued', route: 'FILE_UPLOAD', hasBlob: true, ...fields });
  const blob = videoBlob(size);
  await world.deps.store.putBlob(job.id, {
    blob,
    name: job.title,
    type: 'video/mp4',
    size: blob.size,
    storedAt: world.clock.now,
  });
  return job;
}

export async function statusOf(world: World, id: string): Promise<Job> {
  const job = await world.deps.store.get(id);
  if (!job) throw new Error(`job ${id} is gone`);
  return job;
}

/** Resolves when `check` holds, polling the event loop (IndexedDB answers on macrotasks). */
export async function until(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise the test resolves by hand (a TikTok answer that waits). */
export function gate<T>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
