// The one message protocol between extension pages and the background. Every request is parsed
// with zod on arrival; the background also checks the sender (see entrypoints/background).
import { z } from 'zod';

const jobId = z.string().min(1).max(100);

export const requestSchema = z.discriminatedUnion('type', [
  /** Account state. Only the background touches tokens; pages ask. */
  z.object({ type: z.literal('auth/status') }),
  z.object({ type: z.literal('auth/connect') }),
  z.object({ type: z.literal('auth/disconnect') }),
  /** Start a job from a pasted URL. */
  z.object({ type: z.literal('job/start-url'), url: z.string().min(1).max(8192) }),
  /** Start a job from a file the page already stored in the `blobs` store under `jobId`. */
  z.object({
    type: z.literal('job/start-file'),
    jobId,
    name: z.string().max(1024),
    size: z.number().int().nonnegative(),
    type_: z.string().max(200),
  }),
  z.object({ type: z.literal('job/cancel'), jobId }),
  z.object({ type: z.literal('job/retry'), jobId }),
  /** The user chose the file again for a paused job; the new bytes are in `blobs` under `jobId`. */
  z.object({ type: z.literal('job/reselected'), jobId }),
  /** The page obtained host permission from a user gesture; jobs waiting on it may go on. */
  z.object({ type: z.literal('permissions/granted') }),
  /** Settings changed (options page); the background re-reads them. */
  z.object({ type: z.literal('settings/changed') }),
]);
export type Request = z.infer<typeof requestSchema>;

export interface Account {
  openId: string;
  displayName: string;
  avatarUrl?: string;
}

export interface AuthStatus {
  connected: boolean;
  account?: Account;
  /** Set when the build or settings cannot work (no client key, no broker): says how to fix it. */
  configProblem?: string;
}

export type Response<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

/** Broadcast by the background after any job change, so open pages re-read the store. */
export const JOBS_CHANGED = 'jobs/changed';
