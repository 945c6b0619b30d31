// The chunk upload engine (FILE_UPLOAD): PUT the planned chunks in order and follow the server's
// answers. Three parts are handed in (after tus-js-client): the transport (HTTP), the journal
// (where the confirmed offset is written after every answer) and the retry policy. The engine never
// calls fetch or IndexedDB itself, so tests drive it with a scripted fake server.
//
// The offset the server confirmed is the only truth: the next chunk is always derived from it,
// never from a local count, so a resync (416), a lost answer or a restart all converge.
import { classifyNetworkError, classifyUploadAnswer, type UploadAnswer } from './answers';
import { chunkIndexAt, chunkRange, type ChunkPlan } from './chunk-plan';
import type { PutChunkAnswer, PutChunkRequest } from './tiktok-client';

export interface UploadTransport {
  /** Resolves with the HTTP answer; rejects on a network error or abort. */
  putChunk(request: PutChunkRequest): Promise<PutChunkAnswer>;
}

export interface UploadJournal {
  /** Called after every answer, before the next request: the server's offset and the retry count. */
  record(progress: { serverOffset: number; attempts: number }): Promise<void>;
}

export interface UploadRetryPolicy {
  /** Delay before retry number `attempt` (0-based: the first retry is 0). */
  backoffMs(attempt: number): number;
  /** Consecutive retryable failures without the offset moving before giving up. */
  maxAttemptsWithoutProgress: number;
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
  signal: AbortSignal;
}

export type UploadOutcome =
  | { kind: 'done'; serverOffset: number }
  /** The upload URL is gone (403 expired, 404 unknown): init again and start from byte 0. */
  | { kind: 'reinit'; reason: Extract<UploadAnswer, { kind: 'reinit' }>['reason']; serverOffset: number }
  | { kind: 'fatal'; code: string; message: string; serverOffset: number }
  /** Retries ran out without progress. */
  | { kind: 'gave_up'; message: string; serverOffset: number; attempts: number }
  | { kind: 'offline'; serverOffset: number; attempts: number }
  | { kind: 'aborted'; serverOffset: number };

export async function runUpload(
  input: UploadInput,
  transport: UploadTransport,
  journal: UploadJournal,
  policy: UploadRetryPolicy,
): Promise<UploadOutcome> {
  const { blob, plan, uploadUrl, mimeType, signal } = input;
  let offset = input.serverOffset;
  let attempts = input.attempts;

  // One retryable failure: count it, and either wait and go on, or stop.
  async function failedAttempt(reason: string, advanced: boolean): Promise<UploadOutcome | null> {
    attempts = policy.nextAttempt(attempts, advanced);
    await journal.record({ serverOffset: offset, attempts });
    if (policy.isOnline && !policy.isOnline()) return { kind: 'offline', serverOffset: offset, attempts };
    if (attempts >= policy.maxAttemptsWithoutProgress) {
      return { kind: 'gave_up', message: reason, serverOffset: offset, attempts };
    }
    if (attempts > 0) {
      try {
        await policy.sleep(policy.backoffMs(attempts - 1), signal);
      } catch {
        return { kind: 'aborted', serverOffset: offset };
      }
    }
    return null;
  }

  for (;;) {
    if (signal.aborted) return { kind: 'aborted', serverOffset: offset };
    const index = chunkIndexAt(plan, offset);
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
      if (signal.aborted) return { kind: 'aborted', serverOffset: offset };
      const verdict = classifyNetworkError(err);
      const stop = await failedAttempt(verdict.reason, false);
      if (stop) return stop;
      continue;
    }

    const verdict = classifyUploadAnswer(answer.status, answer.contentRange, plan.videoSize);
    switch (verdict.kind) {
      case 'done':
        offset = plan.videoSize;
        attempts = 0;
        await journal.record({ serverOffset: offset, attempts });
        return { kind: 'done', serverOffset: offset };
      case 'next':
        offset = verdict.offset;
        attempts = 0;
        await journal.record({ serverOffset: offset, attempts });
        break;
      case 'resync': {
        // 416: the server holds a different amount than this chunk assumed. Continue from there;
        // a resync that does not move forward counts as a failed attempt, so it cannot loop forever.
        const advanced = verdict.offset > offset;
        offset = verdict.offset;
        if (advanced) {
          attempts = policy.nextAttempt(attempts, true);
          await journal.record({ serverOffset: offset, attempts });
        } else {
          const stop = await failedAttempt('TikTok disagreed about how many bytes it holds.', false);
          if (stop) return stop;
        }
        break;
      }
      case 'retry': {
        const stop = await failedAttempt(verdict.reason, false);
        if (stop) return stop;
        break;
      }
      case 'reinit':
        return { kind: 'reinit', reason: verdict.reason, serverOffset: offset };
      case 'fatal':
        return { kind: 'fatal', code: verdict.code, message: verdict.message, serverOffset: offset };
    }
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
