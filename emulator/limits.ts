/** Request budgets over a sliding 60 s window, keyed per access token as TikTok counts them. */
export const WINDOW_MS = 60_000;

export type Admission = { ok: true } | { ok: false; retryAfterSec: number };

export class RateWindows {
  private readonly hits = new Map<string, number[]>();

  /** Counts a request for `key` if it fits in `limit` per window; otherwise says when one frees. */
  admit(key: string, limit: number, now: number): Admission {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      const frees = recent[recent.length - limit] + WINDOW_MS;
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil((frees - now) / 1000)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { ok: true };
  }

  clear(): void {
    this.hits.clear();
  }
}
