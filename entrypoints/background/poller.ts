// The `processing` step: one status/fetch within the shared 30-per-minute budget, then either the
// end (in drafts, published, failed) or the time of the next poll. Polls are driven by alarms.
// TikTok holds the video here, so a status check that gets no answer (dropped, timed out, 5xx) is
// never a failure: the job keeps asking (poll-later.ts) until TikTok answers.
import type { ApiVerdict, StatusData } from '@/utils/tiktok-client';
import { describeApiError, describeFailReason } from '@/utils/describe';
import type { Job } from '@/utils/job';
import { callWithToken, exhaustBudget, takeBudget } from './api';
import { accountOf } from './job-account';
import { failJob, patchJob, setStatus } from './jobs';
import { goOffline, isNetworkError, isOnline, requireSignIn } from './outcome';
import { pollLater } from './poll-later';
import { deps } from './deps';
import { t } from '@/utils/i18n';

/** Clears the trouble once TikTok answered. */
const ANSWERED: Partial<Job> = { attempts: 0, retry: undefined };

/**
 * Time between polls. Packed builds cannot have alarms under 30 s; loopback (test) builds are
 * unpacked and poll every couple of seconds. The shared budget spaces them further when needed.
 */
export function pollDelayMs(): number {
  return deps().urlOptions.allowLoopback ? 2_000 : 30_000;
}

export async function poll(job: Job, signal: AbortSignal): Promise<void> {
  if (!job.publishId) {
    await failJob(job.id, {
      code: 'internal',
      message: t('lostPublishId'),
    });
    return;
  }
  const publishId = job.publishId;
  const { openId } = await accountOf(job);
  const slotAt = await takeBudget(openId, 'status');
  if (slotAt > deps().now()) {
    await patchJob(job.id, { nextPollAt: slotAt });
    return;
  }
  let verdict: ApiVerdict<StatusData>;
  try {
    verdict = await callWithToken(openId, (token) => deps().tiktok.fetchStatus(token, publishId, signal));
  } catch (err) {
    if (signal.aborted) return;
    if (!isOnline()) {
      await goOffline(job); // resumes in processing, asking again, once the network is back
      return;
    }
    if (isNetworkError(err)) {
      await pollLater(job, t('causeConnectionDropped'));
      return;
    }
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      await pollLater(job, 'timed out');
      return;
    }
    throw err;
  }
  const now = deps().now();
  switch (verdict.kind) {
    case 'ok': {
      const { status, fail_reason, uploaded_bytes, downloaded_bytes } = verdict.data;
      if (status === 'SEND_TO_USER_INBOX') {
        await setStatus(job.id, 'in_drafts', {
          ...ANSWERED,
          tiktokStatus: status,
          nextPollAt: undefined,
          hasBlob: false,
        });
      } else if (status === 'PUBLISH_COMPLETE') {
        await setStatus(job.id, 'published', {
          ...ANSWERED,
          tiktokStatus: status,
          nextPollAt: undefined,
          hasBlob: false,
        });
      } else if (status === 'FAILED') {
        const reason = fail_reason ?? '';
        await failJob(
          job.id,
          { code: reason || 'failed', message: describeFailReason(reason) },
          {
            ...ANSWERED,
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
          ...ANSWERED,
          nextPollAt: now + pollDelayMs(),
          ...(typeof uploaded_bytes === 'number' && job.route === 'FILE_UPLOAD'
            ? { serverOffset: uploaded_bytes }
            : {}),
        });
      }
      return;
    }
    case 'rate_limited':
      await exhaustBudget(openId, 'status', now + verdict.retryAfterMs);
      await patchJob(job.id, { nextPollAt: now + verdict.retryAfterMs });
      return;
    case 'auth':
      await requireSignIn(job, verdict.code, verdict.message);
      return;
    case 'retry':
      await pollLater(
        job,
        verdict.status !== undefined && verdict.status !== 200
          ? t('causeTikTokAnswered', verdict.status)
          : t('causeUnreadable'),
      );
      return;
    case 'slot':
    case 'unverified':
    case 'fatal': {
      const code = 'code' in verdict ? verdict.code : 'unverified';
      // TikTok refused the question itself (e.g. it does not know this publish id): asking again
      // cannot help, so a Retry may send the video anew.
      await failJob(
        job.id,
        { code, message: describeApiError(code, verdict.message, verdict.logId) },
        { ...ANSWERED, heldByTikTok: undefined },
      );
      return;
    }
  }
}
