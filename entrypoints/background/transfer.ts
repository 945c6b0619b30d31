// The `uploading` step: wires the upload engine to fetch (the TikTok client) and to the job store
// (the journal), and turns its outcome into the job's next status.
import { describeApiError } from '@/utils/describe';
import type { Job } from '@/utils/job';
import { backoffMs, MAX_ATTEMPTS_WITHOUT_PROGRESS, nextAttempt } from '@/utils/retry-policy';
import { abortableSleep, runUpload } from '@/utils/upload-engine';
import { isAllowedUploadUrl } from '@/utils/url-safety';
import { sourceGone } from './initialize';
import { failJob, NO_UPLOAD_SESSION, patchJob, setStatus } from './jobs';
import { goOffline, isOnline } from './outcome';
import { store, tiktok, urlOptions } from './services';

/** Re-inits allowed per job (403 expired / 404 unknown upload) before it fails: no init storm. */
export const MAX_REINITS = 2;
/** Do not start a chunk on an upload URL about to expire. */
const URL_EXPIRY_MARGIN_MS = 60_000;

export async function upload(job: Job, signal: AbortSignal): Promise<void> {
  const stored = await store.getBlob(job.id);
  if (!stored) {
    await sourceGone(job);
    return;
  }
  const { plan, uploadUrl, publishId } = job;
  if (
    !plan ||
    !uploadUrl ||
    !publishId ||
    (job.uploadUrlExpiresAt ?? 0) <= Date.now() + URL_EXPIRY_MARGIN_MS
  ) {
    await reinit(job, 'expired');
    return;
  }
  if (stored.blob.size !== plan.videoSize) {
    await failJob(job.id, {
      code: 'size_mismatch',
      message: 'The stored video no longer matches the upload TikTok expects. Press Retry to send it again.',
    });
    return;
  }
  if (!isAllowedUploadUrl(uploadUrl, urlOptions)) {
    await failJob(job.id, {
      code: 'bad_upload_url',
      message: 'The upload address is not one of TikTok’s upload hosts, so nothing was sent. Press Retry.',
    });
    return;
  }

  const outcome = await runUpload(
    {
      blob: stored.blob,
      plan,
      uploadUrl,
      mimeType: job.mimeType ?? stored.type ?? 'video/mp4',
      serverOffset: job.serverOffset ?? 0,
      attempts: job.attempts ?? 0,
      signal,
    },
    { putChunk: (request) => tiktok.putChunk(request) },
    {
      async record({ serverOffset, attempts }) {
        await patchJob(job.id, { serverOffset, attempts, progress: serverOffset / plan.videoSize });
      },
    },
    {
      backoffMs: (attempt) => backoffMs(attempt),
      maxAttemptsWithoutProgress: MAX_ATTEMPTS_WITHOUT_PROGRESS,
      nextAttempt,
      sleep: abortableSleep,
      isOnline,
    },
  );

  switch (outcome.kind) {
    case 'done':
      await setStatus(job.id, 'processing', {
        serverOffset: outcome.serverOffset,
        progress: 1,
        attempts: 0,
        nextPollAt: Date.now(),
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
        message: `The upload kept failing (${outcome.message}) ${outcome.attempts} times without progress. Check your connection and press Retry; it continues where TikTok stopped.`,
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
async function reinit(job: Job, reason: 'expired' | 'not_found'): Promise<void> {
  const reinits = (job.reinits ?? 0) + 1;
  if (reinits > MAX_REINITS) {
    await failJob(job.id, {
      code: 'upload_url_rejected',
      message: `TikTok kept refusing the upload address (${reason === 'expired' ? 'expired' : 'unknown upload'}) after ${MAX_REINITS} fresh starts. Press Retry to start over.`,
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
