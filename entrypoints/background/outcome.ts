// What a step does when it cannot go on: wait and retry, wait for the network, ask the user, or
// fail with words that name the cause and the next step.
import { IllegalTransition } from '@/utils/job-machine';
import type { Job } from '@/utils/job';
import { JobNotFoundError, StorageFullError } from '@/utils/job-store';
import { backoffMs, nextAttempt, shouldGiveUp } from '@/utils/retry-policy';
import { NotSignedInError } from '@/utils/tokens';
import { describeApiError } from '@/utils/describe';
import { failJob, setStatus } from './jobs';
import { clearTokens } from './services';

export function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

export const OFFLINE_MESSAGE = 'No network connection. The job goes on by itself when you are back online.';

export function goOffline(job: Job, patch: Partial<Job> = {}): Promise<Job> {
  return setStatus(job.id, 'offline', { ...patch, error: { code: 'offline', message: OFFLINE_MESSAGE } });
}

export const STORAGE_FULL_MESSAGE =
  'Storage full: there is not enough disk space to keep the video while it is sent. Free some disk space, then press Retry.';

/**
 * A retryable failure of the current step: try again after a jittered backoff, counting
 * consecutive failures; offline waits for the network; too many in a row fails with `message`.
 */
export async function retryLater(job: Job, code: string, message: string): Promise<void> {
  if (!isOnline()) {
    await goOffline(job);
    return;
  }
  const attempts = nextAttempt(job.attempts ?? 0, false);
  if (shouldGiveUp(attempts)) {
    await failJob(job.id, {
      code,
      message: `${message} It failed ${attempts} times in a row; check your connection and press Retry.`,
    });
    return;
  }
  const delay = backoffMs(attempts - 1);
  await setStatus(job.id, job.status, {
    attempts,
    notBefore: Date.now() + delay,
    error: { code, message: `${message} Trying again in ${Math.ceil(delay / 1000)} s.` },
  });
}

/**
 * TikTok still refuses the token after a renewal (revoked, or a scope was unticked): only a new
 * sign-in helps. The job waits in needs_auth with its progress kept.
 */
export async function requireSignIn(job: Job, code: string, message?: string): Promise<void> {
  await clearTokens();
  await setStatus(job.id, 'needs_auth', { error: { code, message: describeApiError(code, message) } });
}

/** fetch rejects with a TypeError when no answer came (network down, connection reset, blocked). */
function isNetworkError(err: unknown): err is TypeError {
  return err instanceof TypeError && /fetch|network|load failed/i.test(err.message);
}

/** The catch-all for a step: every exception ends in a state the user can act on. */
export async function handleStepError(job: Job, err: unknown): Promise<void> {
  // The job changed under the step (cancelled, retried, deleted): its new state stands.
  if (err instanceof IllegalTransition || err instanceof JobNotFoundError) return;
  try {
    if (err instanceof NotSignedInError) {
      await setStatus(job.id, 'needs_auth', { error: { code: 'needs_auth', message: err.message } });
    } else if (err instanceof StorageFullError) {
      await setStatus(job.id, 'paused', { error: { code: 'storage_full', message: STORAGE_FULL_MESSAGE } });
    } else if (isNetworkError(err)) {
      await retryLater(job, 'network', `The network request failed (${err.message}).`);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      console.error('job step failed', job.id, err);
      await failJob(job.id, {
        code: 'internal',
        message: `Unexpected error: ${message}. Press Retry; if it happens again, report it.`,
      });
    }
  } catch (inner) {
    if (!(inner instanceof IllegalTransition || inner instanceof JobNotFoundError)) throw inner;
  }
}
