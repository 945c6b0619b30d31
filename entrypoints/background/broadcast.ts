// What the background tells open pages: which jobs changed (so a page re-reads only those) and
// that the account state changed (so a page asks for it once instead of polling).
import { browser } from 'wxt/browser';
import { AUTH_CHANGED, JOBS_CHANGED, type JobsChanged } from '@/utils/messages';

/** A new worker starts a new sequence; pages compare boot and seq to notice a missed broadcast. */
const boot = crypto.randomUUID();
let seq = 0;

/** `ids` undefined: "re-read everything" (e.g. after a sweep touched many jobs). */
export function broadcastJobsChanged(ids?: readonly string[]): void {
  seq += 1;
  const message: JobsChanged = { type: JOBS_CHANGED, boot, seq, ...(ids ? { ids: [...ids] } : {}) };
  // Nobody listening (no page open) is fine.
  browser.runtime.sendMessage(message).catch(() => undefined);
}

export function broadcastAuthChanged(): void {
  browser.runtime.sendMessage({ type: AUTH_CHANGED }).catch(() => undefined);
}
