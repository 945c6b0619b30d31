// When to try a failed request again, after tus-js-client: only retryable answers are retried,
// the delay grows exponentially up to a cap with jitter (so ten jobs hit by the same outage do not
// come back in lock-step), and the counter resets whenever the server's offset moved forward, so a
// long upload on a flaky link is never abandoned while it is still making progress.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

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

/** Consecutive failures without the offset moving after which the job fails with its last reason. */
export const MAX_ATTEMPTS_WITHOUT_PROGRESS = 6;

/** The attempt counter after a retryable failure: back to 0 when the offset advanced since the last one. */
export function nextAttempt(prevAttempts: number, offsetAdvanced: boolean): number {
  return offsetAdvanced ? 0 : prevAttempts + 1;
}

export function shouldGiveUp(attempts: number): boolean {
  return attempts >= MAX_ATTEMPTS_WITHOUT_PROGRESS;
}
