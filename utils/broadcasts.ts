// Broadcast names and shapes shared by the background and the pages. Kept apart from
// utils/messages.ts, and free of zod, so a page that only listens (the popup) stays small: a module
// whose top level builds zod schemas is never tree-shaken away, and this one is read on every
// progress update.

/**
 * Broadcast by the background after any job change, so open pages re-read the store. Since issue 13
 * it names the jobs that changed (`ids`; absent means "re-read everything", as before) and carries
 * the worker's `boot` id and a `seq` that grows by one per broadcast, so a page that missed one
 * notices the gap and re-reads once.
 */
export const JOBS_CHANGED = 'jobs/changed';

export interface JobsChanged {
  type: typeof JOBS_CHANGED;
  ids?: string[];
  boot?: string;
  seq?: number;
}

const MAX_IDS = 10_000;

const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= 100;

/** The broadcast, checked (bounded ids, a whole non-negative seq), or undefined when it is not one. */
export function parseJobsChanged(message: unknown): JobsChanged | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, ids, boot, seq } = message as Record<string, unknown>;
  if (type !== JOBS_CHANGED) return undefined;
  if (ids !== undefined && !(Array.isArray(ids) && ids.length <= MAX_IDS && ids.every(isId)))
    return undefined;
  if (boot !== undefined && !(typeof boot === 'string' && boot.length <= 100)) return undefined;
  if (seq !== undefined && !(typeof seq === 'number' && Number.isInteger(seq) && seq >= 0)) return undefined;
  return {
    type,
    ...(ids ? { ids: ids as string[] } : {}),
    ...(boot !== undefined ? { boot: boot as string } : {}),
    ...(seq !== undefined ? { seq: seq as number } : {}),
  };
}

/** Broadcast by the background when the account state may have changed (sign-in, sign-out, refresh). */
export const AUTH_CHANGED = 'auth/changed';
