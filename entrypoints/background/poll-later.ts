// A status check that got no usable answer. TikTok already holds the video, so the job never
// fails for this and never sends the bytes again by itself: it stays `processing` and asks again
// with a backoff that grows to a few minutes, for as long as it takes.
import type { Job } from '@/utils/job';
import { backoffMs, type BackoffOptions } from '@/utils/retry-policy';
import { patchJob } from './jobs';
import { buildConfig } from '@/utils/config';
import { deps } from './deps';

/**
 * Packed builds: from 30 s (alarms cannot fire sooner) up to 5 minutes. Loopback (test) builds
 * poll every 2 s, so they back off from 2 s to 10 s.
 */
export const STATUS_BACKOFF: BackoffOptions = buildConfig.allowLoopback
  ? { baseMs: 2_000, maxMs: 10_000 }
  : { baseMs: 30_000, maxMs: 5 * 60_000 };

export async function pollLater(job: Job, cause: string, now = deps().now()): Promise<void> {
  const attempts = (job.attempts ?? 0) + 1;
  const delay = backoffMs(attempts - 1, deps().random, STATUS_BACKOFF);
  await patchJob(job.id, {
    attempts,
    nextPollAt: now + delay,
    retry: { at: now + delay, cause, triedAt: now },
  });
}
