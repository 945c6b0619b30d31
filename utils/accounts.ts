// The connected TikTok accounts as plain data (pure: no browser API). The background keeps the book
// in its `kv` store and each account's tokens under their own key (they never leave the
// background); pages only ever see `AccountView`s. An account is identified by TikTok's `open_id`.
import type { Job } from './job';

export interface AccountRecord {
  openId: string;
  displayName: string;
  avatarUrl?: string;
  /** Epoch ms; the first account connected is the default target. */
  addedAt: number;
}

export interface AccountBook {
  /** In the order they were connected. */
  accounts: AccountRecord[];
  /** open_id new jobs go to; the first account when unset or gone. */
  target?: string;
}

export const EMPTY_BOOK: AccountBook = { accounts: [] };

/** kv keys (background only). */
export const ACCOUNTS_KEY = 'auth/accounts';
export const tokensKey = (openId: string): string => `auth/tokens/${openId}`;

/** Adds or refreshes an account (a second sign-in of the same open_id keeps its place). */
export function withAccount(book: AccountBook, account: AccountRecord): AccountBook {
  const known = book.accounts.find((a) => a.openId === account.openId);
  const accounts = known
    ? book.accounts.map((a) => (a.openId === account.openId ? { ...account, addedAt: a.addedAt } : a))
    : [...book.accounts, account];
  return { ...book, accounts };
}

export function withoutAccount(book: AccountBook, openId: string): AccountBook {
  const accounts = book.accounts.filter((a) => a.openId !== openId);
  return { accounts, ...(book.target && book.target !== openId ? { target: book.target } : {}) };
}

/** The account new jobs go to: the chosen one while it is connected, else the first. */
export function targetAccount(book: AccountBook): AccountRecord | undefined {
  return book.accounts.find((a) => a.openId === book.target) ?? book.accounts[0];
}

export function findAccount(book: AccountBook, openId: string | undefined): AccountRecord | undefined {
  return openId === undefined ? undefined : book.accounts.find((a) => a.openId === openId);
}

// ---- Draft slots -------------------------------------------------------------------------------

/** TikTok: "at most 5 pending shares within 24 hours". */
export const PENDING_DRAFT_CAP = 5;
export const PENDING_WINDOW_MS = 24 * 60 * 60_000;

export interface DraftSlots {
  free: number;
  total: number;
  /** When the oldest draft still counted stops counting; undefined when none is counted. */
  nextFreeAt?: number;
}

/**
 * Whether a job's draft counts against its account's pending slots at `now`: TikTok accepted its
 * init (it has a publish id) less than 24 h ago, and it has not failed, been cancelled before
 * TikTok held it, or been posted (PUBLISH_COMPLETE frees the slot). A draft the creator deleted in
 * the app cannot be seen from here: it keeps counting until its 24 h pass, so the number shown
 * never promises a slot TikTok would refuse.
 */
export function holdsDraftSlot(job: Job, now: number): boolean {
  if (!job.publishId) return false;
  if (job.status === 'published' || job.tiktokStatus === 'PUBLISH_COMPLETE') return false;
  if (job.status === 'failed' && job.tiktokStatus === 'FAILED') return false;
  const sentAt = job.sentAt ?? job.createdAt;
  return now - sentAt < PENDING_WINDOW_MS;
}

/** "3 of 5 free" for one account, from the drafts its jobs sent in the last 24 h. */
export function draftSlots(jobs: readonly Job[], openId: string, now: number): DraftSlots {
  const counted = jobs
    .filter((job) => job.accountId === openId && holdsDraftSlot(job, now))
    .map((job) => (job.sentAt ?? job.createdAt) + PENDING_WINDOW_MS)
    .sort((a, b) => a - b);
  const free = Math.max(0, PENDING_DRAFT_CAP - counted.length);
  return { free, total: PENDING_DRAFT_CAP, ...(counted.length ? { nextFreeAt: counted[0] } : {}) };
}

/** What the pages see of an account: no tokens. */
export interface AccountView {
  openId: string;
  displayName: string;
  avatarUrl?: string;
  slots: DraftSlots;
}
