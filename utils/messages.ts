// The one message protocol between extension pages and the background. Every request is parsed
// with zod on arrival; the background also checks the sender (see entrypoints/background).
import { z } from 'zod';
import type { AccountView } from './accounts';

const jobId = z.string().min(1).max(100);
const accountId = z.string().min(1).max(200);

export const requestSchema = z.discriminatedUnion('type', [
  /** Account state. Only the background touches tokens; pages ask. */
  z.object({ type: z.literal('auth/status') }),
  z.object({ type: z.literal('auth/connect') }),
  /** Without `openId`: every account. With it: that account alone (revoked), the others stay. */
  z.object({ type: z.literal('auth/disconnect'), openId: z.optional(accountId) }),
  /** The account new jobs go to (popup's and chooser's `target-account`). */
  z.object({ type: z.literal('accounts/set-target'), openId: accountId }),
  /** Start a job from a pasted URL. */
  z.object({
    type: z.literal('job/start-url'),
    url: z.string().min(1).max(8192),
    /** The account the page shows as the target (popup, chooser); the background's target when absent. */
    accountId: z.optional(accountId),
  }),
  /** Start a job from a file the page already stored in the `blobs` store under `jobId`. */
  z.object({
    type: z.literal('job/start-file'),
    jobId,
    name: z.string().max(1024),
    size: z.number().int().nonnegative(),
    type_: z.string().max(200),
    accountId: z.optional(accountId),
  }),
  z.object({ type: z.literal('job/cancel'), jobId }),
  z.object({ type: z.literal('job/retry'), jobId }),
  /** Delete a finished job and its stored bytes; refused with words while the job is on its way. */
  z.object({ type: z.literal('job/remove'), jobId }),
  /** Delete every finished job (in drafts, published, failed, cancelled) and its stored bytes. */
  z.object({ type: z.literal('jobs/clear-finished') }),
  /** The user chose the file again for a paused job; the new bytes are in `blobs` under `jobId`. */
  z.object({ type: z.literal('job/reselected'), jobId }),
  /** The page obtained host permission from a user gesture; jobs waiting on it may go on. */
  z.object({ type: z.literal('permissions/granted') }),
  /** Settings changed (options page); the background re-reads them. */
  z.object({ type: z.literal('settings/changed') }),
  /** The diagnostics log as text (options page), and clearing it. */
  z.object({ type: z.literal('diagnostics/get') }),
  z.object({ type: z.literal('diagnostics/clear') }),
]);
export type Request = z.infer<typeof requestSchema>;

export interface Account {
  openId: string;
  displayName: string;
  avatarUrl?: string;
}

export interface AuthStatus {
  connected: boolean;
  /** The target account (the one new jobs go to); the only one when one is connected. */
  account?: Account;
  /** Every connected account, in the order they were connected, with its draft slots. */
  accounts?: AccountView[];
  /** open_id of the target account. */
  target?: string;
  /** Set when the build or settings cannot work (no client key, no broker): says how to fix it. */
  configProblem?: string;
}

export type Response<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

// Re-exported for callers that already import them from here; pages import utils/broadcasts.
export { AUTH_CHANGED, JOBS_CHANGED, parseJobsChanged, type JobsChanged } from './broadcasts';
