// The `initializing` step: ask TikTok for a publish id (and, for FILE_UPLOAD, an upload URL),
// within the shared 6-per-minute budget. Limits become waits; an unverified pull falls back to
// FILE_UPLOAD by itself.
import { ChunkPlanError, planChunks } from '@/utils/chunk-plan';
import { describeApiError } from '@/utils/describe';
import type { Job } from '@/utils/job';
import { SNIFF_BYTES, sniffVideo } from '@/utils/media-sniff';
import type { SourceInfo } from '@/utils/tiktok-client';
import { isAllowedUploadUrl } from '@/utils/url-safety';
import { callWithToken, exhaustBudget, takeBudget } from './api';
import { failJob, NO_UPLOAD_SESSION, setStatus } from './jobs';
import { requireSignIn, retryLater } from './outcome';
import { store, tiktok, urlOptions } from './services';

/** TikTok's upload URLs are valid for one hour. */
export const UPLOAD_URL_TTL_MS = 60 * 60_000;
/** How long a job waits for a pending-draft slot before asking again. */
export const SLOT_WAIT_MS = urlOptions.allowLoopback ? 10_000 : 10 * 60_000;

export async function initialize(job: Job, signal: AbortSignal): Promise<void> {
  const route = job.route ?? 'FILE_UPLOAD';
  let sourceInfo: SourceInfo;
  let fileFacts: Pick<Job, 'plan' | 'mimeType' | 'videoSize'> = {};

  if (route === 'PULL_FROM_URL') {
    if (job.source.kind !== 'url') throw new Error('A file cannot be pulled by URL.');
    sourceInfo = { source: 'PULL_FROM_URL', video_url: job.source.url };
  } else {
    const stored = await store.getBlob(job.id);
    if (!stored) {
      await sourceGone(job);
      return;
    }
    const size = stored.blob.size;
    const sniffed = sniffVideo(new Uint8Array(await stored.blob.slice(0, SNIFF_BYTES).arrayBuffer()));
    if (!sniffed) {
      await failJob(job.id, {
        code: 'not_a_video',
        message: 'This file is not a video TikTok takes (MP4, MOV or WebM). Choose a video file.',
      });
      return;
    }
    let plan;
    try {
      plan = planChunks(size);
    } catch (err) {
      if (err instanceof ChunkPlanError) {
        await failJob(job.id, { code: err.code, message: `${err.message} Choose another video.` });
        return;
      }
      throw err;
    }
    fileFacts = { plan, mimeType: sniffed.mimeType, videoSize: size };
    sourceInfo = {
      source: 'FILE_UPLOAD',
      video_size: plan.videoSize,
      chunk_size: plan.chunkSize,
      total_chunk_count: plan.totalChunkCount,
    };
  }

  const slotAt = await takeBudget('init');
  if (slotAt > Date.now()) {
    await setStatus(job.id, 'rate_limited', {
      notBefore: slotAt,
      error: {
        code: 'rate_limited',
        message: 'TikTok allows 6 new uploads a minute; this one starts by itself in a moment.',
      },
    });
    return;
  }

  const verdict = await callWithToken((token) => tiktok.initInboxVideo(token, sourceInfo, signal));
  const now = Date.now();
  switch (verdict.kind) {
    case 'ok': {
      if (route === 'PULL_FROM_URL') {
        await setStatus(job.id, 'processing', {
          publishId: verdict.data.publish_id,
          nextPollAt: now,
          attempts: 0,
          notBefore: undefined,
          progress: 0,
        });
        return;
      }
      const uploadUrl = verdict.data.upload_url ?? '';
      if (!isAllowedUploadUrl(uploadUrl, urlOptions)) {
        await failJob(job.id, {
          code: 'bad_upload_url',
          message:
            'TikTok returned an upload address outside TikTok’s upload hosts, so nothing was sent. Press Retry; if it happens again, report it.',
        });
        return;
      }
      await setStatus(job.id, 'uploading', {
        ...fileFacts,
        publishId: verdict.data.publish_id,
        uploadUrl,
        uploadUrlExpiresAt: now + UPLOAD_URL_TTL_MS,
        serverOffset: 0,
        progress: 0,
        attempts: 0,
        notBefore: undefined,
      });
      return;
    }
    case 'unverified':
      // TikTok will not pull from this site for this app: send the bytes ourselves.
      await setStatus(job.id, 'queued', {
        route: 'FILE_UPLOAD',
        attempts: 0,
        error: undefined,
      });
      return;
    case 'rate_limited':
      await exhaustBudget('init', now + verdict.retryAfterMs);
      await setStatus(job.id, 'rate_limited', {
        notBefore: now + verdict.retryAfterMs,
        error: { code: 'rate_limited', message: describeApiError('rate_limit_exceeded') },
      });
      return;
    case 'slot':
      await setStatus(job.id, 'waiting_slot', {
        notBefore: now + SLOT_WAIT_MS,
        error: { code: verdict.code, message: describeApiError(verdict.code, verdict.message) },
      });
      return;
    case 'auth':
      await requireSignIn(job, verdict.code, verdict.message);
      return;
    case 'retry':
      await retryLater(job, verdict.code, describeApiError(verdict.code, verdict.message));
      return;
    case 'fatal':
      await failJob(job.id, { code: verdict.code, message: describeApiError(verdict.code, verdict.message) });
      return;
  }
}

/** The stored bytes are gone (e.g. storage was cleared): a URL is fetched again, a file must be re-chosen. */
export async function sourceGone(job: Job): Promise<void> {
  const fresh: Partial<Job> = { ...NO_UPLOAD_SESSION, hasBlob: false };
  if (job.source.kind === 'url') {
    await setStatus(job.id, 'acquiring', fresh);
    return;
  }
  await setStatus(job.id, 'paused', {
    ...fresh,
    error: {
      code: 'source_gone',
      message:
        'The stored copy of the file is gone (the browser may have cleared it). Choose the file again.',
    },
  });
}
