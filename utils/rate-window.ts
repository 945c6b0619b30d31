// Sliding-window budgets shared by all jobs (TikTok: 6 inits/min, 30 status fetches/min per user).
// Pure: the caller keeps the timestamps in storage so the budget survives a worker restart.

export const INIT_LIMIT = { limit: 6, windowMs: 60_000 } as const;
export const STATUS_LIMIT = { limit: 30, windowMs: 60_000 } as const;

/** The stamps still inside the window ending at `now`, oldest first. */
export function prune(timestamps: number[], now: number, windowMs: number): number[] {
  return timestamps.filter((t) => t > now - windowMs && t <= now).sort((a, b) => a - b);
}

/** `now` if another call fits the budget, else the moment the oldest in-window stamp leaves it. */
export function nextSlotAt(timestamps: number[], now: number, limit: number, windowMs: number): number {
  const inWindow = prune(timestamps, now, windowMs);
  if (inWindow.length < limit) return now;
  // The call may go once enough stamps have left that fewer than `limit` remain.
  return inWindow[inWindow.length - limit] + windowMs;
}
