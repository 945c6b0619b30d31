import { t } from './i18n';
// When to try a failed request again, after tus-js-client: only retryable answers are retried,
// the delay grows exponentially up to a cap with jitter (so ten jobs hit by the same outage do not
// come back in lock-step), and the budget is *time without progress*, not a count of tries: an
// outage of twenty minutes is waited out, and a long upload on a flaky link is never abandoned
// while TikTok keeps confirming bytes.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Transfers (download, init, chunk PUTs): never more than a minute between two tries. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/**
 * How long a step may keep failing without progress before the job fails. Long enough for a
 * router restart, a Wi-Fi hand-over or a TikTok incident; a job with no network at all does not
 * spend it (it waits in `offline`).
 */
export const OUTAGE_BUDGET_MS = 30 * 60_000;

/**
 * Delay before retry number `attempt` (0-based): "equal jitter", a uniform pick in
 * [ceiling / 2, ceiling] where ceiling = min(maxMs, baseMs × 2^attempt). Half the delay is fixed
 * so a retry never comes at once; the other half spreads jobs apart.
 */
export function backoffMs(
  attempt: number,
  random: () => number = Math.random,
  opts: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const exponent = Math.max(0, Math.min(Math.floor(attempt), 30));
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** exponent);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

/** The attempt counter after a retryable failure: back to 0 when the offset advanced since the last one. */
export function nextAttempt(prevAttempts: number, offsetAdvanced: boolean): number {
  return offsetAdvanced ? 0 : prevAttempts + 1;
}

/**
 * The start of the current stretch without progress. The first failure after progress starts it
 * (now); later failures keep the stored one, so the budget survives worker restarts.
 */
export function troubleSince(attempts: number, lastProgressAt: number | undefined, now: number): number {
  return attempts > 0 && lastProgressAt !== undefined && lastProgressAt <= now ? lastProgressAt : now;
}

/** True once the time without progress has used up the budget: the job fails with its last cause. */
export function outOfBudget(lastProgressAt: number, now: number, budgetMs = OUTAGE_BUDGET_MS): boolean {
  return now - lastProgressAt >= budgetMs;
}

/**
 * A failure's cause in the user's words, for "retrying in 40 s (connection dropped)". Reasons come
 * from the answer classifier: `timeout`, `network: …`, `http_503`, `unreadable_content_range`.
 */
export function retryCause(reason: string): string {
  if (reason === 'timeout') return t('causeTimedOut');
  if (reason === 'network' || reason.startsWith('network:')) return t('causeConnectionDropped');
  const http = /^http_(\d{3})$/.exec(reason);
  if (http) return t('causeTikTokAnswered', http[1]);
  if (reason === 'unreadable_content_range') return t('causeUnreadable');
  return reason;
}

/** "20 min", "1 h 5 min": how long a job kept failing, for its failure message. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
