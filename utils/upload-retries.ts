// The retry bookkeeping both upload engines share (upload-engine.ts for stored bytes,
// piped-upload.ts for bytes read from a URL while they go): progress resets the count and the
// budget's clock; a failure waits a capped, jittered delay and gives up only when the time without
// progress has used up the budget. Every change is journaled before the wait, so a restart keeps
// the clock and the popup can say "retrying in 40 s (connection dropped)".
import { classifyUploadAnswer } from './answers';
import { outOfBudget, retryCause, troubleSince } from './retry-policy';
import type { PutChunkAnswer } from './tiktok-client';
import type { UploadJournal, UploadOutcome, UploadRetryPolicy } from './upload-engine';
import { t } from './i18n';

export type StopReason =
  | { kind: 'gave_up'; message: string; serverOffset: number; attempts: number; sinceMs: number }
  | { kind: 'offline'; serverOffset: number; attempts: number }
  | { kind: 'aborted'; serverOffset: number };

export interface RetryTracker {
  readonly offset: number;
  readonly attempts: number;
  /** TikTok confirmed bytes up to `to`: the count and the budget's clock start again. */
  progressed(to: number): Promise<void>;
  /** Moves the offset without counting it as progress (a 416 that did not advance). */
  moveTo(to: number): void;
  /** One retryable failure: waits and resolves null, or says why the upload stops. */
  failed(reason: string): Promise<StopReason | null>;
}

export function createRetryTracker(
  start: { serverOffset: number; attempts: number; lastProgressAt?: number },
  journal: UploadJournal,
  policy: UploadRetryPolicy,
  signal: AbortSignal,
): RetryTracker {
  let offset = start.serverOffset;
  let attempts = start.attempts;
  let lastProgressAt = troubleSince(attempts, start.lastProgressAt, policy.now());

  return {
    get offset() {
      return offset;
    },
    get attempts() {
      return attempts;
    },
    async progressed(to) {
      offset = to;
      attempts = 0;
      lastProgressAt = policy.now();
      await journal.record({ serverOffset: offset, attempts, lastProgressAt });
    },
    moveTo(to) {
      offset = to;
    },
    async failed(reason) {
      attempts = policy.nextAttempt(attempts, false);
      const now = policy.now();
      const cause = retryCause(reason);
      if (policy.isOnline && !policy.isOnline()) {
        await journal.record({ serverOffset: offset, attempts, lastProgressAt });
        return { kind: 'offline', serverOffset: offset, attempts };
      }
      if (outOfBudget(lastProgressAt, now, policy.budgetMs)) {
        await journal.record({ serverOffset: offset, attempts, lastProgressAt });
        return {
          kind: 'gave_up',
          message: cause,
          serverOffset: offset,
          attempts,
          sinceMs: now - lastProgressAt,
        };
      }
      const delay = policy.backoffMs(attempts - 1);
      await journal.record({
        serverOffset: offset,
        attempts,
        lastProgressAt,
        retry: { at: now + delay, cause, triedAt: now },
      });
      try {
        await policy.sleep(delay, signal);
      } catch {
        return { kind: 'aborted', serverOffset: offset };
      }
      return null;
    },
  };
}

/**
 * Follows TikTok's answer to one chunk: journals progress, waits after a retryable failure, or
 * ends the upload. Null means "send the chunk at the server's offset next". Shared by both engines.
 */
export async function followAnswer(
  answer: PutChunkAnswer,
  videoSize: number,
  track: RetryTracker,
): Promise<UploadOutcome | null> {
  const verdict = classifyUploadAnswer(answer.status, answer.contentRange, videoSize);
  switch (verdict.kind) {
    case 'done':
      await track.progressed(videoSize);
      return { kind: 'done', serverOffset: track.offset };
    case 'next':
      await track.progressed(verdict.offset);
      return null;
    case 'resync':
      // 416: the server holds a different amount than this chunk assumed. Continue from there;
      // a resync that does not move forward counts as a failure, so it cannot loop forever.
      if (verdict.offset > track.offset) {
        await track.progressed(verdict.offset);
        return null;
      }
      track.moveTo(verdict.offset);
      return track.failed(t('causeOffsetDisagrees'));
    case 'retry':
      return track.failed(verdict.reason);
    case 'reinit':
      return { kind: 'reinit', reason: verdict.reason, serverOffset: track.offset };
    case 'fatal':
      return { kind: 'fatal', code: verdict.code, message: verdict.message, serverOffset: track.offset };
  }
}
