// The IndexedDB schema. Jobs and source bytes live here so nothing is lost when the worker dies.
// Pages may read jobs and write source blobs; only the background writes jobs and tokens.
//
// Versions (each upgrade step runs once, in order, so any older database reaches the newest):
//   1: `jobs` (keyPath id, index byCreatedAt), `blobs`, `kv`.
//   2: index `byStatus` on `jobs`, so the scheduler's pass reads the unfinished jobs only,
//      not the whole history of finished ones.
//   3: several accounts (issue 12). The one signed-in account's `auth/tokens` and `auth/account`
//      become an entry of `auth/accounts` and `auth/tokens/<open_id>`, and every job without an
//      `accountId` is given that account's (it was the only account there was). Without a
//      signed-in account, jobs stay without one and take the target account when they run.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { ACCOUNTS_KEY, tokensKey, type AccountBook, type AccountRecord } from './accounts';
import type { Job, JobStatus } from './job';

export const DB_NAME = 'send-to-tiktok';
export const DB_VERSION = 3;

export interface StoredBlob {
  blob: Blob;
  name: string;
  type: string;
  size: number;
  storedAt: number;
}

export interface AppDB extends DBSchema {
  /** Values are checked on read (utils/job-record.ts): an old or damaged one is not a Job. */
  jobs: { key: string; value: Job; indexes: { byCreatedAt: number; byStatus: JobStatus } };
  /** Source bytes keyed by job id. */
  blobs: { key: string; value: StoredBlob };
  /** Small background-only records: tokens, rate-limit windows, leases. */
  kv: { key: string; value: unknown };
}

export function openAppDB(): Promise<IDBPDatabase<AppDB>> {
  return openDB<AppDB>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
        jobs.createIndex('byCreatedAt', 'createdAt');
        db.createObjectStore('blobs');
        db.createObjectStore('kv');
      }
      if (oldVersion < 2) {
        tx.objectStore('jobs').createIndex('byStatus', 'status');
      }
      if (oldVersion < 3) {
        // Runs inside the versionchange transaction: nothing else reads the stores meanwhile.
        void migrateToAccounts(tx as unknown as IDBPTransaction<AppDB, StoreNames<AppDB>[], 'versionchange'>);
      }
    },
  });
}

/** Legacy single-account records, as versions ≤ 2 wrote them. */
const LEGACY_TOKENS = 'auth/tokens';
const LEGACY_ACCOUNT = 'auth/account';

async function migrateToAccounts(
  tx: IDBPTransaction<AppDB, StoreNames<AppDB>[], 'versionchange'>,
): Promise<void> {
  const kv = tx.objectStore('kv');
  const tokens = (await kv.get(LEGACY_TOKENS)) as { openId?: unknown } | undefined;
  const openId = typeof tokens?.openId === 'string' && tokens.openId ? tokens.openId : undefined;
  if (!openId) return;
  const legacy = (await kv.get(LEGACY_ACCOUNT)) as { displayName?: unknown; avatarUrl?: unknown } | undefined;
  const account: AccountRecord = {
    openId,
    displayName: typeof legacy?.displayName === 'string' ? legacy.displayName : openId,
    addedAt: 0,
  };
  if (typeof legacy?.avatarUrl === 'string') account.avatarUrl = legacy.avatarUrl;
  const book: AccountBook = { accounts: [account], target: openId };
  await kv.put(book, ACCOUNTS_KEY);
  await kv.put(tokens, tokensKey(openId));
  await kv.delete(LEGACY_TOKENS);
  await kv.delete(LEGACY_ACCOUNT);
  let cursor = await tx.objectStore('jobs').openCursor();
  while (cursor) {
    const job = cursor.value as Partial<Job> | undefined;
    // A damaged record (not an object) is left as it is: the reader turns it into a failed job.
    if (typeof job === 'object' && job !== null && job.accountId === undefined) {
      await cursor.update({ ...(job as Job), accountId: openId });
    }
    cursor = await cursor.continue();
  }
}
