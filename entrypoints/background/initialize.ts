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
import { accountOf } from './job-account';
import { buildConfig } from '@/utils/config';
import { deps } from './deps';
import { holdSlots, releaseSlots, slotWaitUntil } from '@/utils/account-budget';
import { draftSlots, type AccountRecord } from '@/utils/accounts';
import { slotWaitMessage } from '@/utils/describe';
import { getSourceBlob } from './source-bytes';
import { offscreenAvailable } from './capture-offscreen';
import { runPreflight } from './preflight';
import { t } from '@/utils/i18n';

/** TikTok's upload URLs are valid for one hour. */
export const UPLOAD_URL_TTL_MS = 60 * 60_000;
/** How long a job waits for a pending-draft slot before asking again. */
export const SLOT_WAIT_MS = buildConfig.allowLoopback ? 10_000 : 10 * 60_000;

export async function initialize(job: Job, signal: AbortSignal): Promise<void> {
  const route = job.route ?? 'FILE_UPLOAD';
  let sourceInfo: SourceInfo;
  let fileFacts: Pick<Job, 'plan' | 'mimeType' | 'videoSize'> = {};

  if (route === 'PULL_FROM_URL') {
    if (job.source.kind !== 'url') throw new Error('A file cannot be pulled by URL.');
    sourceInfo = { source: 'PULL_FROM_URL', video_url: job.source.url };
  } else if (job.piped && job.videoSize && job.mimeType) {
    // Piped from its URL (pipe-start.ts): the first chunk was read and sniffed already, nothing is
    // stored, and the size is the server's Content-Length.
    const plan = planChunks(job.videoSize);
    fileFacts = { plan, mimeType: job.mimeType, videoSize: job.videoSize };
    sourceInfo = {
      source: 'FILE_UPLOAD',
      video_size: plan.videoSize,
      chunk_size: plan.chunkSize,
      total_chunk_count: plan.totalChunkCount,
    };
  } else {
    let blob = await getSourceBlob(job);
    if (!blob) {
      await sourceGone(job);
      return;
    }
    // Pre-flight, once: refuse what TikTok would refuse before spending a draft slot, and remux
    // other containers into an MP4 (which then becomes the bytes to send).
    if (!job.preflight && offscreenAvailable()) {
      if (!(await runPreflight(job, sourceGone))) return;
      const checked = await deps().store.get(job.id);
      blob = checked && (await getSourceBlob(checked));
      if (!checked || !blob) {
        if (checked) await sourceGone(checked);
        return;
      }
      job = checked;
    }
    const size = blob.size;
    const sniffed = sniffVideo(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer()));
    if (!sniffed) {
      await failJob(job.id, {
        code: 'not_a_video',
        message: t('initNotVideo'),
      });
      return;
    }
    let plan;
    try {
      plan = planChunks(size);
    } catch (err) {
      if (err instanceof ChunkPlanError) {
        await failJob(job.id, { code: err.code, message: t('initChooseAnother', err.message) });
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

  const account = await accountOf(job);
  const { openId } = account;
  // The account's drafts are full (TikTok said so for another job): wait without asking again.
  const held = await slotWaitUntil(deps().store, openId, deps().now());
  if (held !== undefined) {
    await waitForSlot(job, account, held);
    return;
  }

  const slotAt = await takeBudget(openId, 'init');
  if (slotAt > deps().now()) {
    await setStatus(job.id, 'rate_limited', {
      notBefore: slotAt,
      error: {
        code: 'rate_limited',
        message: t('initRateLimited'),
      },
    });
    return;
  }

  const verdict = await callWithToken(openId, (token) =>
    deps().tiktok.initInboxVideo(token, sourceInfo, signal),
  );
  const now = deps().now();
  switch (verdict.kind) {
    case 'ok': {
      await releaseSlots(deps().store, openId);
      if (route === 'PULL_FROM_URL') {
        // TikTok accepted the pull: it fetches the video itself, and nothing asks it twice.
        await setStatus(job.id, 'processing', {
          publishId: verdict.data.publish_id,
          sentAt: now,
          heldByTikTok: true,
          nextPollAt: now,
          attempts: 0,
          notBefore: undefined,
          progress: 0,
        });
        return;
      }
      const uploadUrl = verdict.data.upload_url ?? '';
      if (!isAllowedUploadUrl(uploadUrl, deps().urlOptions)) {
        await failJob(job.id, {
          code: 'bad_upload_url',
          message: t('initBadUploadUrl'),
        });
        return;
      }
      await setStatus(job.id, 'uploading', {
        ...fileFacts,
        publishId: verdict.data.publish_id,
        sentAt: now,
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
      await exhaustBudget(openId, 'init', now + verdict.retryAfterMs);
      await setStatus(job.id, 'rate_limited', {
        notBefore: now + verdict.retryAfterMs,
        error: { code: 'rate_limited', message: describeApiError('rate_limit_exceeded') },
      });
      return;
    case 'slot':
      if (verdict.code !== 'spam_risk_too_many_pending_share') {
        await setStatus(job.id, 'waiting_slot', {
          notBefore: now + SLOT_WAIT_MS,
          error: { code: verdict.code, message: describeApiError(verdict.code, verdict.message) },
        });
        return;
      }
      // The account's other jobs wait with this one instead of each spending an init on a refusal.
      await holdSlots(deps().store, openId, now + SLOT_WAIT_MS);
      await waitForSlot(job, account, now + SLOT_WAIT_MS);
      return;
    case 'auth':
      await requireSignIn(job, verdict.code, verdict.message);
      return;
    case 'retry':
      await retryLater(
        job,
        verdict.code,
        describeApiError(verdict.code, verdict.message),
        verdict.status ? t('causeTikTokAnswered', verdict.status) : t('causeUnreadable'),
      );
      return;
    case 'fatal':
      await failJob(job.id, {
        code: verdict.code,
        message: describeApiError(verdict.code, verdict.message, verdict.logId),
      });
      return;
  }
}

/** The stored bytes are gone (e.g. storage was cleared): a URL is fetched again, a file must be re-chosen. */
export async function sourceGone(job: Job): Promise<void> {
  const fresh: Partial<Job> = { ...NO_UPLOAD_SESSION, hasBlob: false, opfsFile: undefined };
  // A URL is fetched again; a page's video is read again from its frame (if the page is open).
  if (job.source.kind !== 'file') {
    await setStatus(job.id, 'acquiring', fresh);
    return;
  }
  await setStatus(job.id, 'paused', {
    ...fresh,
    error: {
      code: 'source_gone',
      message: t('initStoredGone'),
    },
  });
}

/**
 * Waits in waiting_slot until `until` (then asks TikTok again), saying which account is full and
 * when its next slot frees at the latest by the drafts this extension sent in the last 24 h.
 */
async function waitForSlot(job: Job, account: AccountRecord, until: number): Promise<void> {
  const slots = draftSlots(await deps().store.list(), account.openId, deps().now());
  await setStatus(job.id, 'waiting_slot', {
    notBefore: until,
    error: {
      code: 'spam_risk_too_many_pending_share',
      // "At the latest" holds only when this extension's own drafts fill the account.
      message: slotWaitMessage(account.displayName, slots.free === 0 ? slots.nextFreeAt : undefined),
    },
  });
}
