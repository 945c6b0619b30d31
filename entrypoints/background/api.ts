// Calls to TikTok's JSON API on behalf of a job: a fresh token of the job's account (one renewal
// after a 401), and that account's budgets (6 inits/min, 30 status fetches/min) shared by its jobs
// and kept in IndexedDB, so a job waits for its turn instead of spending a request TikTok would refuse.
import * as budgets from '@/utils/account-budget';
import type { ApiVerdict } from '@/utils/tiktok-client';
import { deps } from './deps';

/** Runs `call` with a valid token of the account; after an auth answer, renews once and calls again. */
export async function callWithToken<T>(
  accountId: string,
  call: (token: string) => Promise<ApiVerdict<T>>,
): Promise<ApiVerdict<T>> {
  const tokens = deps().accounts.tokensFor(accountId);
  const token = await tokens.accessToken();
  const verdict = logged(await call(token));
  if (verdict.kind !== 'auth') return verdict;
  return logged(await call(await tokens.renewAfterRejection(token)));
}

/** TikTok's answers other than ok go to the diagnostics log, with the log_id its support asks for. */
function logged<T>(verdict: ApiVerdict<T>): ApiVerdict<T> {
  if (verdict.kind !== 'ok') {
    const code = 'code' in verdict ? verdict.code : verdict.kind;
    const message = 'message' in verdict && verdict.message ? `: ${verdict.message}` : '';
    deps().note({ kind: 'api', text: `TikTok answered ${code}${message}`, logId: verdict.logId });
  }
  return verdict;
}

export type Budget = budgets.Budget;

/** Takes one request from the account's budget: `now` if it may go, else when the next frees. */
export function takeBudget(accountId: string, budget: Budget, now = deps().now()): Promise<number> {
  return budgets.takeBudget(deps().store, accountId, budget, now);
}

/** After TikTok's own 429: the account's window is full until Retry-After has passed. */
export function exhaustBudget(accountId: string, budget: Budget, until: number): Promise<void> {
  return budgets.exhaustBudget(deps().store, accountId, budget, until);
}
