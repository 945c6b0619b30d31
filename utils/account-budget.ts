// The per-account request budgets (TikTok counts 6 inits/min and 30 status fetches/min per user
// access token, so each account has its own), kept in the kv store so they survive a worker
// restart, and the per-account wait for a pending-draft slot, so one account's full drafts never
// hold back another's jobs.
import type { KvStore } from './account-registry';
import { INIT_LIMIT, nextSlotAt, prune, STATUS_LIMIT } from './rate-window';

export type Budget = 'init' | 'status';

const LIMITS = { init: INIT_LIMIT, status: STATUS_LIMIT } as const;
/**
 * TikTok stamps a request when it arrives, a little after it was counted here: waiting this much
 * longer than the window keeps the two windows from disagreeing at the edge (seen as a 429).
 */
const EDGE_MARGIN_MS = 1_000;

const budgetKey = (accountId: string, budget: Budget) => `budget/${accountId}/${budget}`;
const slotWaitKey = (accountId: string) => `slot-wait/${accountId}`;

/**
 * Takes one request from the account's budget. Returns `now` when the request may go (and records
 * it), else the time the next slot frees (nothing recorded).
 */
export function takeBudget(kv: KvStore, accountId: string, budget: Budget, now: number): Promise<number> {
  const { limit, windowMs } = LIMITS[budget];
  return kv.kvUpdate<number[], number>(budgetKey(accountId, budget), (stamps = []) => {
    const kept = prune(stamps, now, windowMs);
    const at = nextSlotAt(kept, now, limit, windowMs);
    return at <= now ? { value: [...kept, now], result: now } : { value: kept, result: at + EDGE_MARGIN_MS };
  });
}

/** After TikTok's own 429: treat the account's window as full until Retry-After has passed. */
export async function exhaustBudget(
  kv: KvStore,
  accountId: string,
  budget: Budget,
  until: number,
): Promise<void> {
  const { limit, windowMs } = LIMITS[budget];
  await kv.kvSet(budgetKey(accountId, budget), new Array<number>(limit).fill(until - windowMs));
}

/** TikTok refused an init for a full draft cap: the account's other jobs wait too, until `until`. */
export function holdSlots(kv: KvStore, accountId: string, until: number): Promise<void> {
  return kv.kvSet(slotWaitKey(accountId), until);
}

/** When the account's slot wait ends, if it is still on at `now`. */
export async function slotWaitUntil(
  kv: KvStore,
  accountId: string,
  now: number,
): Promise<number | undefined> {
  const until = await kv.kvGet<number>(slotWaitKey(accountId));
  return until !== undefined && until > now ? until : undefined;
}

/** A draft was accepted, so a slot was free after all: nothing need wait any more. */
export function releaseSlots(kv: KvStore, accountId: string): Promise<void> {
  return kv.kvDelete(slotWaitKey(accountId));
}
