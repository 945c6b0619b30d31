// The chunk upload engine (FILE_UPLOAD): PUT the planned chunks in order and follow the server's
// answers. Three parts are handed in (after tus-js-client): the transport (HTTP), the journal
// (where the confirmed offset is written after every answer) and the retry policy. The engine never
// calls fetch or IndexedDB itself, so tests drive it with a scripted fake server.
//
// The offset the server confirmed is the only truth: the next chunk is always derived from it,
// never from a local count, so a resync (416), a lost answer or a restart all converge.
import { classifyNetworkError, type UploadAnswer } from './answers';
import { chunkIndexAt, chunkRange, type ChunkPlan } from './chunk-plan';
import type { PendingRetry } from './job';
import type { PutChunkAnswer, PutChunkRequest } from './tiktok-client';
import { createRetryTracker, followAnswer } from './upload-retries';

export interface UploadTransport {
  /** Resolves with the HTTP answer; rejects on a network error or abort. */
  putChunk(request: PutChunkRequest): Promise<PutChunkAnswer>;
}

export interface UploadProgress {
  serverOffset: number;
  attempts: number;
  /** Last progress, or the start of the failures since (the budget's clock). */
  lastProgressAt: number;
  /** Set while waiting to try again after a failure; absent after a success. */
  retry?: PendingRetry;
}

export interface UploadJournal {
  /** Called after every answer, before the next request or wait. */
  record(progress: UploadProgress): Promise<void>;
}

export interface UploadRetryPolicy {
  /** Delay before retry number `attempt` (0-based: the first retry is 0). */
  backoffMs(attempt: number): number;
  /** Time without progress (no byte confirmed) after which the upload gives up. */
  budgetMs: number;
  now(): number;
  /** The counter after an answer: reset when the offset advanced, else one more. */
  nextAttempt(previous: number, offsetAdvanced: boolean): number;
  /** Waits `ms`, rejecting early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** False when the device is offline: the job should wait for the network instead of burning retries. */
  isOnline?: () => boolean;
}

export interface UploadInput {
  blob: Blob;
  plan: ChunkPlan;
  uploadUrl: string;
  mimeType: string;
  /** The offset the server last confirmed (0 for a fresh upload URL). */
  serverOffset: number;
  /** Retry counter carried over from before a restart. */
  attempts: number;
  /** The budget's clock carried over from before a restart (used when `attempts` > 0). */
  lastProgressAt?: number;
  signal: AbortSignal;
}

export type UploadOutcome =
  | { kind: 'done'; serverOffset: number }
  /** The upload URL is gone (403 expired, 404 unknown): init again and start from byte 0. */
  | { kind: 'reinit'; reason: Extract<UploadAnswer, { kind: 'reinit' }>['reason']; serverOffset: number }
  | { kind: 'fatal'; code: string; message: string; serverOffset: number }
  /** The budget of time without progress ran out; `message` is the last cause in words. */
  | { kind: 'gave_up'; message: string; serverOffset: number; attempts: number; sinceMs: number }
  | { kind: 'offline'; serverOffset: number; attempts: number }
  | { kind: 'aborted'; serverOffset: number };

export async function runUpload(
  input: UploadInput,
  transport: UploadTransport,
  journal: UploadJournal,
  policy: UploadRetryPolicy,
): Promise<UploadOutcome> {
  const { blob, plan, uploadUrl, mimeType, signal } = input;
  const track = createRetryTracker(input, journal, policy, signal);
  const failedAttempt = (reason: string) => track.failed(reason);

  for (;;) {
    if (signal.aborted) return { kind: 'aborted', serverOffset: track.offset };
    const index = chunkIndexAt(plan, track.offset);
    // The server already holds every byte (the 201 was lost, e.g. the worker died on it).
    if (index >= plan.totalChunkCount) return { kind: 'done', serverOffset: plan.videoSize };
    const { start, end } = chunkRange(plan, index);

    let answer: PutChunkAnswer;
    try {
      answer = await transport.putChunk({
        url: uploadUrl,
        body: blob.slice(start, end),
        first: start,
        last: end - 1,
        total: plan.videoSize,
        mimeType,
        signal,
      });
    } catch (err) {
      if (signal.aborted) return { kind: 'aborted', serverOffset: track.offset };
      const verdict = classifyNetworkError(err);
      const stop = await failedAttempt(verdict.reason);
      if (stop) return stop;
      continue;
    }

    const stop = await followAnswer(answer, plan.videoSize, track);
    if (stop) return stop;
  }
}

/** A sleep that ends early, rejecting, when the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
