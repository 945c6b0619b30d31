// A fixed-window counter per client. It lives in memory, so on Workers each isolate counts on its
// own: a soft ceiling against a runaway or abusive client, not an exact quota.

export interface RateLimitOptions {
  /** Length of one window in milliseconds. */
  windowMs: number;
  /** Requests allowed per client in one window. */
  max: number;
}

/** A sign-in costs one call and a refresh one a day: 30 a minute per client leaves room for retries. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { windowMs: 60_000, max: 30 };

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSec: number };

interface Window {
  start: number;
  count: number;
}

// Beyond this many tracked clients, finished windows are swept so memory stays bounded.
const SWEEP_THRESHOLD = 10_000;

export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.windowMs > 0) || !(options.max >= 1)) {
      throw new RangeError('rate limit needs windowMs > 0 and max >= 1');
    }
  }

  take(client: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(client);
    if (!window || now - window.start >= this.options.windowMs) {
      if (!window && this.windows.size >= SWEEP_THRESHOLD) this.sweep(now);
      window = { start: now, count: 0 };
      this.windows.set(client, window);
    }
    if (window.count >= this.options.max) {
      const waitMs = window.start + this.options.windowMs - now;
      return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    window.count += 1;
    return { allowed: true, remaining: this.options.max - window.count };
  }

  private sweep(now: number): void {
    for (const [client, window] of this.windows) {
      if (now - window.start >= this.options.windowMs) this.windows.delete(client);
    }
  }
}
