// The background's adapter over IndexedDB (utils/db.ts): jobs, source blobs and small kv records.
// Every read-modify-write happens inside one readwrite transaction with a synchronous updater, so
// two steps racing on the same job (a cancel during a chunk answer) serialize instead of one
// silently overwriting the other.
import type { IDBPDatabase } from 'idb';
import { openAppDB, type AppDB, type StoredBlob } from './db';
import type { Job } from './job';

export class JobNotFoundError extends Error {
  constructor(readonly jobId: string) {
    super(`Job ${jobId} does not exist.`);
    this.name = 'JobNotFoundError';
  }
}

/** IndexedDB refused to store bytes because the disk or the origin's quota is full. */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super('Storage is full.', { cause });
    this.name = 'StorageFullError';
  }
}

export function isQuotaError(err: unknown): boolean {
  return err instanceof DOMException
    ? err.name === 'QuotaExceededError'
    : err instanceof Error && err.name === 'QuotaExceededError';
}

export interface JobStore {
  get(id: string): Promise<Job | undefined>;
  /** Newest first. */
  list(): Promise<Job[]>;
  /** Writes a new job; fails if the id is taken. */
  create(job: Job): Promise<void>;
  /**
   * Reads the job, applies `change` and writes the result in one transaction. `change` may return
   * the same object to skip the write, and may throw to abort (nothing is written).
   */
  update(id: string, change: (job: Job) => Job): Promise<Job>;
  getBlob(id: string): Promise<StoredBlob | undefined>;
  /** Throws StorageFullError on a quota error. */
  putBlob(id: string, blob: StoredBlob): Promise<void>;
  deleteBlob(id: string): Promise<void>;
  kvGet<T>(key: string): Promise<T | undefined>;
  kvSet(key: string, value: unknown): Promise<void>;
  kvDelete(key: string): Promise<void>;
  /** Read-modify-write of one kv record in one transaction; `undefined` from `change` deletes it. */
  kvUpdate<T, R = T>(
    key: string,
    change: (value: T | undefined) => { value: T | undefined; result: R },
  ): Promise<R>;
}

export function createJobStore(open: () => Promise<IDBPDatabase<AppDB>> = openAppDB): JobStore {
  let dbPromise: Promise<IDBPDatabase<AppDB>> | undefined;
  const db = () => {
    dbPromise ??= open().catch((err) => {
      dbPromise = undefined;
      throw err;
    });
    return dbPromise;
  };

  return {
    async get(id) {
      return (await db()).get('jobs', id);
    },
    async list() {
      const all = await (await db()).getAllFromIndex('jobs', 'byCreatedAt');
      return all.reverse();
    },
    async create(job) {
      await (await db()).add('jobs', job);
    },
    async update(id, change) {
      const tx = (await db()).transaction('jobs', 'readwrite');
      const current = await tx.store.get(id);
      if (!current) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw new JobNotFoundError(id);
      }
      let next: Job;
      try {
        next = change(current);
      } catch (err) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw err;
      }
      if (next !== current) await tx.store.put(next);
      await tx.done;
      return next;
    },
    async getBlob(id) {
      return (await db()).get('blobs', id);
    },
    async putBlob(id, blob) {
      try {
        await (await db()).put('blobs', blob, id);
      } catch (err) {
        throw isQuotaError(err) ? new StorageFullError(err) : err;
      }
    },
    async deleteBlob(id) {
      await (await db()).delete('blobs', id);
    },
    async kvGet<T>(key: string) {
      return (await (await db()).get('kv', key)) as T | undefined;
    },
    async kvSet(key, value) {
      await (await db()).put('kv', value, key);
    },
    async kvDelete(key) {
      await (await db()).delete('kv', key);
    },
    async kvUpdate<T, R = T>(
      key: string,
      change: (value: T | undefined) => { value: T | undefined; result: R },
    ): Promise<R> {
      const tx = (await db()).transaction('kv', 'readwrite');
      const current = (await tx.store.get(key)) as T | undefined;
      const { value, result } = change(current);
      if (value === undefined) await tx.store.delete(key);
      else await tx.store.put(value, key);
      await tx.done;
      return result;
    },
  };
}
