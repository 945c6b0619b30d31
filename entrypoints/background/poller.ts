// The `processing` step: one status/fetch within the shared 30-per-minute budget, then either the
// end (in drafts, published, failed) or the time of the next poll. Polls are driven by alarms.
import { describeApiError, describeFailReason } from '@/utils/describe';
import type { Job } from '@/utils/job';
import { callWithToken, exhaustBudget, takeBudget } from './api';
import { failJob, patchJob, setStatus } from './jobs';
import { requireSignIn, retryLater } from './outcome';
import { tiktok, urlOptions } from './services';

/**
 * Time between polls. Packed builds cannot have alarms under 30 s; loopback (test) builds are
 * unpacked and poll every couple of seconds. The shared budget spaces them further when needed.
 */
export function pollDelayMs(): number {
  return urlOptions.allowLoopback ? 2_000 : 30_000;
}

export async function poll(job: Job, signal: AbortSignal): Promise<void> {
  if (!job.publishId) {
    await failJob(job.id, {
      code: 'internal',
      message: 'The job lost its TikTok upload id. Press Retry to send the video again.',
    });
    return;
  }
  const publishId = job.publishId;
  const slotAt = await takeBudget('status');
  if (slotAt > Date.now()) {
    await patchJob(job.id, { nextPollAt: slotAt });
    return;
  }
  const verdict = await callWithToken((token) => tiktok.fetchStatus(token, publishId, signal));
  const now = Date.now();
  switch (verdict.kind) {
    case 'ok': {
      const { status, fail_reason, uploaded_bytes, downloaded_bytes } = verdict.data;
      if (status === 'SEND_TO_USER_INBOX') {
        await setStatus(job.id, 'in_drafts', {
          tiktokStatus: status,
          nextPollAt: undefined,
          attempts: 0,
          hasBlob: false,
        });
      } else if (status === 'PUBLISH_COMPLETE') {
        await setStatus(job.id, 'published', {
          tiktokStatus: status,
          nextPollAt: undefined,
          attempts: 0,
          hasBlob: false,
        });
      } else if (status === 'FAILED') {
        const reason = fail_reason ?? '';
        await failJob(
          job.id,
          { code: reason || 'failed', message: describeFailReason(reason) },
          {
            tiktokStatus: status,
            failReason: reason,
            nextPollAt: undefined,
          },
        );
      } else {
        // Still processing. A pull reports how much TikTok downloaded; an upload is already whole.
        const size = job.videoSize;
        const pulled =
          job.route === 'PULL_FROM_URL' && size && downloaded_bytes ? downloaded_bytes / size : undefined;
        await patchJob(job.id, {
          tiktokStatus: status,
          progress: pulled === undefined ? job.progress : Math.min(pulled, 1),
          attempts: 0,
          nextPollAt: now + pollDelayMs(),
          ...(typeof uploaded_bytes === 'number' && job.route === 'FILE_UPLOAD'
            ? { serverOffset: uploaded_bytes }
            : {}),
        });
      }
      return;
    }
    case 'rate_limited':
      await exhaustBudget('status', now + verdict.retryAfterMs);
      await patchJob(job.id, { nextPollAt: now + verdict.retryAfterMs });
      return;
    case 'auth':
      await requireSignIn(job, verdict.code, verdict.message);
      return;
    case 'retry':
      await retryLater(job, verdict.code, describeApiError(verdict.code, verdict.message));
      return;
    case 'slot':
    case 'unverified':
    case 'fatal': {
      const code = 'code' in verdict ? verdict.code : 'unverified';
      await failJob(job.id, { code, message: describeApiError(code, verdict.message) });
      return;
    }
  }
}
