// What a step does when it cannot go on: wait and retry, wait for the network, ask the user, or
// fail with words that name the cause and the next step.
import { IllegalTransition } from '@/utils/job-machine';
import type { Job } from '@/utils/job';
import { JobNotFoundError, StorageFullError } from '@/utils/job-store';
import {
  backoffMs,
  DEFAULT_BACKOFF,
  formatSpan,
  nextAttempt,
  OUTAGE_BUDGET_MS,
  outOfBudget,
  troubleSince,
  type BackoffOptions,
} from '@/utils/retry-policy';
import { NotSignedInError } from '@/utils/tokens';
import { describeApiError } from '@/utils/describe';
import { failJob, setStatus } from './jobs';
import { pollLater } from './poll-later';
import { buildConfig } from '@/utils/config';
import { deps } from './deps';
import { t } from '@/utils/i18n';

/**
 * Between two tries of a transfer: at most a minute. Loopback (test) builds cap it lower so an
 * end-to-end outage is over minutes sooner; the budget (30 min without progress) is the same.
 */
export const TRANSFER_BACKOFF: BackoffOptions = buildConfig.allowLoopback
  ? { baseMs: 1000, maxMs: 8_000 }
  : DEFAULT_BACKOFF;

export function isOnline(): boolean {
  return deps().online();
}

export const OFFLINE_MESSAGE = t('offlineMessage');

/**
 * Waits for the network with no limit. The retry budget starts afresh afterwards: time spent with
 * no network at all is not an outage of TikTok's.
 */
export function goOffline(job: Job, patch: Partial<Job> = {}): Promise<Job> {
  return setStatus(job.id, 'offline', {
    ...patch,
    attempts: 0,
    lastProgressAt: undefined,
    retry: undefined,
    error: { code: 'offline', message: OFFLINE_MESSAGE },
  });
}

export const STORAGE_FULL_MESSAGE = t('storageFull');

/**
 * A retryable failure of the current step (download, init): try again after a jittered backoff;
 * offline waits for the network; once the step has failed for the whole budget (time without
 * progress, not a count) the job fails with `message`. `cause` is the failure in a few words for
 * the popup's "retrying in 40 s (cause)".
 */
export async function retryLater(
  job: Job,
  code: string,
  message: string,
  cause = code.replace(/_/g, ' '),
): Promise<void> {
  if (!isOnline()) {
    await goOffline(job);
    return;
  }
  const now = deps().now();
  const attempts = nextAttempt(job.attempts ?? 0, false);
  const since = troubleSince(attempts - 1, job.lastProgressAt, now);
  if (outOfBudget(since, now, OUTAGE_BUDGET_MS)) {
    await failJob(job.id, {
      code,
      message: t('keptFailing', message, formatSpan(now - since)),
    });
    return;
  }
  const delay = backoffMs(attempts - 1, deps().random, TRANSFER_BACKOFF);
  await setStatus(job.id, job.status, {
    attempts,
    lastProgressAt: since,
    notBefore: now + delay,
    retry: { at: now + delay, cause, triedAt: now },
    error: { code, message: t('tryingAgainIn', message, Math.ceil(delay / 1000)) },
  });
}

/**
 * TikTok still refuses the token after a renewal (revoked, or a scope was unticked): only a new
 * sign-in helps. The job waits in needs_auth with its progress kept.
 */
export async function requireSignIn(job: Job, code: string, message?: string): Promise<void> {
  // Only this job's account is signed out; the other accounts' jobs go on.
  if (job.accountId) await deps().accounts.remove(job.accountId);
  await setStatus(job.id, 'needs_auth', { error: { code, message: describeApiError(code, message) } });
}

/** fetch rejects with a TypeError when no answer came (network down, connection reset, blocked). */
export function isNetworkError(err: unknown): err is TypeError {
  return err instanceof TypeError && /fetch|network|load failed/i.test(err.message);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
    } else if (job.status === 'processing') {
      // TikTok holds the video: whatever went wrong here, only asking again is safe.
      await pollLater(job, isNetworkError(err) ? t('causeConnectionDropped') : errorText(err));
    } else if (isNetworkError(err)) {
      await retryLater(job, 'network', t('networkFailed', err.message), t('causeConnectionDropped'));
    } else {
      const message = err instanceof Error ? err.message : String(err);
      console.error('job step failed', job.id, err);
      await failJob(job.id, {
        code: 'internal',
        message: t('unexpectedError', message),
      });
    }
  } catch (inner) {
    if (!(inner instanceof IllegalTransition || inner instanceof JobNotFoundError)) throw inner;
  }
}
