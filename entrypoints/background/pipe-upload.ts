// The `uploading` step of a piped URL job: the piped engine over the source's server (the
// connection pipe-start.ts kept, or a new one with `Range` from the byte TikTok confirmed after a
// restart) and TikTok's upload URL, journaled in the job like transfer.ts does.
import { ChunkFeed } from '@/utils/chunk-feed';
import type { Job } from '@/utils/job';
import { runPipedUpload } from '@/utils/piped-upload';
import { isAllowedUploadUrl } from '@/utils/url-safety';
import { failJob, NO_UPLOAD_SESSION, setStatus } from './jobs';
import { takeFeed } from './pipe-start';
import { deps } from './deps';
import { httpSource } from './source-http';
import { MAX_REINITS, reinit, settleUpload, uploadJournal, uploadPolicy } from './transfer';
import { t } from '@/utils/i18n';

const URL_EXPIRY_MARGIN_MS = 60_000;

export async function pipedUpload(job: Job, signal: AbortSignal): Promise<void> {
  const kept = takeFeed(job.id);
  const { plan, uploadUrl, publishId, piped } = job;
  if (job.source.kind !== 'url' || !piped) throw new Error('Not a piped job.');
  if (
    !plan ||
    !uploadUrl ||
    !publishId ||
    (job.uploadUrlExpiresAt ?? 0) <= deps().now() + URL_EXPIRY_MARGIN_MS
  ) {
    kept?.close();
    await reinit(job, 'expired');
    return;
  }
  if (!isAllowedUploadUrl(uploadUrl, deps().urlOptions)) {
    kept?.close();
    await failJob(job.id, {
      code: 'bad_upload_url',
      message: t('uploadHostNotTikTok'),
    });
    return;
  }
  const feed =
    kept && kept.plan.videoSize === plan.videoSize && kept.plan.chunkSize === plan.chunkSize
      ? kept
      : new ChunkFeed(httpSource(job.source.url), plan, piped);
  if (feed !== kept) kept?.close();

  const outcome = await runPipedUpload(
    {
      feed,
      plan,
      uploadUrl,
      mimeType: job.mimeType ?? 'video/mp4',
      serverOffset: job.serverOffset ?? 0,
      attempts: job.attempts ?? 0,
      lastProgressAt: job.lastProgressAt,
      signal,
    },
    { putChunk: (request) => deps().tiktok.putChunk(request) },
    uploadJournal(job.id, plan.videoSize),
    uploadPolicy(),
  );

  switch (outcome.kind) {
    case 'source_changed': {
      // TikTok holds the start of another file: fetch, sniff and init the new one from byte 0.
      const reinits = (job.reinits ?? 0) + 1;
      if (reinits > MAX_REINITS) {
        await failJob(job.id, {
          code: 'source_changed',
          message: t('sourceKeptChanging', outcome.message),
        });
        return;
      }
      await setStatus(job.id, 'acquiring', {
        ...NO_UPLOAD_SESSION,
        piped: undefined,
        reinits,
        attempts: 0,
        retry: undefined,
        error: { code: 'source_changed', message: t('sourceChangedRestart', outcome.message) },
      });
      return;
    }
    case 'source_fatal':
      if (outcome.code === 'needs_permission') {
        await setStatus(job.id, 'needs_permission', {
          error: { code: 'needs_permission', message: outcome.message },
        });
        return;
      }
      await failJob(job.id, { code: outcome.code, message: outcome.message });
      return;
    default:
      await settleUpload(job, outcome);
  }
}
