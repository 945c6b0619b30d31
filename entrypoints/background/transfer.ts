// The `uploading` step: wires the upload engine to fetch (the TikTok client) and to the job store
// (the journal), and turns its outcome into the job's next status.
import { describeApiError } from '@/utils/describe';
import type { Job } from '@/utils/job';
import { backoffMs, formatSpan, nextAttempt, OUTAGE_BUDGET_MS } from '@/utils/retry-policy';
import {
  abortableSleep,
  runUpload,
  type UploadJournal,
  type UploadOutcome,
  type UploadRetryPolicy,
} from '@/utils/upload-engine';
import { isAllowedUploadUrl } from '@/utils/url-safety';
import { sourceGone } from './initialize';
import { failJob, NO_UPLOAD_SESSION, patchJob, setStatus } from './jobs';
import { goOffline, isOnline, TRANSFER_BACKOFF } from './outcome';
import { deps } from './deps';
import { getSourceBlob } from './source-bytes';
import { t } from '@/utils/i18n';

/** Re-inits allowed per job (403 expired / 404 unknown upload) before it fails: no init storm. */
export const MAX_REINITS = 2;
/** Do not start a chunk on an upload URL about to expire. */
const URL_EXPIRY_MARGIN_MS = 60_000;

export async function upload(job: Job, signal: AbortSignal): Promise<void> {
  const blob = await getSourceBlob(job);
  if (!blob) {
    await sourceGone(job);
    return;
  }
  const { plan, uploadUrl, publishId } = job;
  if (
    !plan ||
    !uploadUrl ||
    !publishId ||
    (job.uploadUrlExpiresAt ?? 0) <= deps().now() + URL_EXPIRY_MARGIN_MS
  ) {
    await reinit(job, 'expired');
    return;
  }
  if (blob.size !== plan.videoSize) {
    await failJob(job.id, {
      code: 'size_mismatch',
      message: t('storedMismatch'),
    });
    return;
  }
  if (!isAllowedUploadUrl(uploadUrl, deps().urlOptions)) {
    await failJob(job.id, {
      code: 'bad_upload_url',
      message: t('uploadHostNotTikTok'),
    });
    return;
  }

  const outcome = await runUpload(
    {
      blob,
      plan,
      uploadUrl,
      mimeType: job.mimeType ?? (blob.type || 'video/mp4'),
      serverOffset: job.serverOffset ?? 0,
      attempts: job.attempts ?? 0,
      lastProgressAt: job.lastProgressAt,
      signal,
    },
    { putChunk: (request) => deps().tiktok.putChunk(request) },
    uploadJournal(job.id, plan.videoSize),
    uploadPolicy(),
  );
  await settleUpload(job, outcome);
}

/** The journal both upload steps write: TikTok's offset, the retry state, the progress bar. */
export function uploadJournal(jobId: string, videoSize: number): UploadJournal {
  return {
    async record({ serverOffset, attempts, lastProgressAt, retry }) {
      await patchJob(jobId, {
        serverOffset,
        attempts,
        lastProgressAt,
        retry,
        progress: serverOffset / videoSize,
      });
    },
  };
}

/** Capped, jittered retries within the outage budget (time without progress, not a count). */
export function uploadPolicy(): UploadRetryPolicy {
  return {
    backoffMs: (attempt) => backoffMs(attempt, deps().random, TRANSFER_BACKOFF),
    budgetMs: OUTAGE_BUDGET_MS,
    now: () => deps().now(),
    nextAttempt,
    sleep: abortableSleep,
    isOnline,
  };
}

/** The job's next status from an upload engine's outcome (stored bytes or piped). */
export async function settleUpload(job: Job, outcome: UploadOutcome): Promise<void> {
  switch (outcome.kind) {
    case 'done':
      // From here on TikTok holds the video: nothing sends it again unless the user starts over.
      await setStatus(job.id, 'processing', {
        serverOffset: outcome.serverOffset,
        progress: 1,
        attempts: 0,
        retry: undefined,
        heldByTikTok: true,
        nextPollAt: deps().now(),
      });
      return;
    case 'reinit':
      await reinit({ ...job, serverOffset: outcome.serverOffset }, outcome.reason);
      return;
    case 'fatal':
      await failJob(job.id, { code: outcome.code, message: describeApiError(outcome.code, outcome.message) });
      return;
    case 'gave_up':
      await failJob(job.id, {
        code: 'upload_failed',
        message: t('uploadGaveUp', formatSpan(outcome.sinceMs), outcome.message, outcome.attempts),
      });
      return;
    case 'offline':
      await goOffline(job);
      return;
    case 'aborted':
      return;
  }
}

/** The upload URL is gone: init again (from byte 0), a bounded number of times. */
export async function reinit(job: Job, reason: 'expired' | 'not_found'): Promise<void> {
  const reinits = (job.reinits ?? 0) + 1;
  if (reinits > MAX_REINITS) {
    await failJob(job.id, {
      code: 'upload_url_rejected',
      message: t(
        'uploadUrlRejected',
        reason === 'expired' ? t('uploadUrlExpired') : t('uploadUrlUnknown'),
        MAX_REINITS,
      ),
    });
    return;
  }
  await setStatus(job.id, 'initializing', {
    ...NO_UPLOAD_SESSION,
    reinits,
    serverOffset: 0,
    attempts: 0,
  });
}
