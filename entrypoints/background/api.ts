// Calls to TikTok's JSON API on behalf of a job: a fresh token (one renewal after a 401), and the
// per-user budgets (6 inits/min, 30 status fetches/min) shared by every job and kept in IndexedDB,
// so a job waits for its turn instead of spending a request TikTok would refuse.
import type { ApiVerdict } from '@/utils/tiktok-client';
import { INIT_LIMIT, nextSlotAt, prune, STATUS_LIMIT } from '@/utils/rate-window';
import { store, tokens } from './services';

/** Runs `call` with a valid token; after an auth answer, renews once and calls again. */
export async function callWithToken<T>(
  call: (token: string) => Promise<ApiVerdict<T>>,
): Promise<ApiVerdict<T>> {
  const token = await tokens.accessToken();
  const verdict = await call(token);
  if (verdict.kind !== 'auth') return verdict;
  return call(await tokens.renewAfterRejection(token));
}

export type Budget = 'init' | 'status';

const LIMITS = { init: INIT_LIMIT, status: STATUS_LIMIT } as const;
/**
 * TikTok stamps a request when it arrives, a little after it was counted here: waiting this much
 * longer than the window keeps the two windows from disagreeing at the edge (seen as a 429).
 */
const EDGE_MARGIN_MS = 1_000;

/**
 * Takes one request from the shared budget. Returns `now` when the request may go (and records
 * it), else the time the next slot frees (nothing recorded).
 */
export async function takeBudget(budget: Budget, now = Date.now()): Promise<number> {
  const { limit, windowMs } = LIMITS[budget];
  return store.kvUpdate<number[], number>(`budget/${budget}`, (stamps = []) => {
    const kept = prune(stamps, now, windowMs);
    const at = nextSlotAt(kept, now, limit, windowMs);
    return at <= now ? { value: [...kept, now], result: now } : { value: kept, result: at + EDGE_MARGIN_MS };
  });
}

/** After TikTok's own 429: treat the window as full until Retry-After has passed. */
export async function exhaustBudget(budget: Budget, until: number): Promise<void> {
  const { limit, windowMs } = LIMITS[budget];
  await store.kvSet(`budget/${budget}`, new Array<number>(limit).fill(until - windowMs));
}
