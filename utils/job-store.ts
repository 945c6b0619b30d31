// The background's adapter over IndexedDB (utils/db.ts): jobs, source blobs and small kv records.
// Every read-modify-write happens inside one readwrite transaction with a synchronous updater, so
// two steps racing on the same job (a cancel during a chunk answer) serialize instead of one
// silently overwriting the other. Records are checked on read (utils/job-record.ts): a damaged one
// is listed as a failed job the user can remove, and is never written over.
import type { IDBPDatabase } from 'idb';
import { openAppDB, type AppDB, type StoredBlob } from './db';
import { JOB_STATUSES, TERMINAL_STATUSES, type Job } from './job';
import { DamagedRecordError, readJobRecord, readJobRecords } from './job-record';

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
  /** Newest first. Damaged records come as failed jobs; ones without a readable id are skipped. */
  list(): Promise<Job[]>;
  /** The jobs not yet in a terminal status, newest first, read through the `byStatus` index. */
  listUnfinished(): Promise<Job[]>;
  /** Writes a new job; fails if the id is taken. */
  create(job: Job): Promise<void>;
  /**
   * Reads the job, applies `change` and writes the result in one transaction. `change` may return
   * the same object to skip the write, and may throw to abort (nothing is written). A damaged
   * record throws DamagedRecordError: it is only ever removed, never rewritten.
   */
  update(id: string, change: (job: Job) => Job): Promise<Job>;
  /** Deletes the job record (not its bytes: see deleteBlob). */
  delete(id: string): Promise<void>;
  getBlob(id: string): Promise<StoredBlob | undefined>;
  /** Every stored source: key, size and when it was stored (the bytes stay on disk). */
  listBlobs(): Promise<BlobEntry[]>;
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

export interface BlobEntry {
  id: string;
  size: number;
  storedAt: number;
}

export interface JobStoreOptions {
  /** Hears of each record skipped from a list because not even its id is readable. */
  onSkipped?: (problem: string) => void;
}

const newestFirst = (a: Job, b: Job) => b.createdAt - a.createdAt;
const UNFINISHED = JOB_STATUSES.filter((status) => !TERMINAL_STATUSES.includes(status));

export function createJobStore(
  open: () => Promise<IDBPDatabase<AppDB>> = openAppDB,
  options: JobStoreOptions = {},
): JobStore {
  let dbPromise: Promise<IDBPDatabase<AppDB>> | undefined;
  const db = () => {
    dbPromise ??= open().then(
      (opened) => {
        const current = dbPromise;
        const forget = () => {
          if (dbPromise === current) dbPromise = undefined;
        };
        // Another context opens a newer schema: let it go through (an open connection blocks the
        // upgrade) and reopen on next use, which gets the new schema.
        opened.addEventListener('versionchange', () => {
          opened.close();
          forget();
        });
        // The browser closed the connection (storage cleared, disk error): reopen on next use.
        opened.addEventListener('close', forget);
        return opened;
      },
      (err) => {
        dbPromise = undefined;
        throw err;
      },
    );
    return dbPromise;
  };

  return {
    async get(id) {
      const raw: unknown = await (await db()).get('jobs', id);
      return raw === undefined ? undefined : readJobRecord(raw).job;
    },
    async list() {
      // Not through the byCreatedAt index: a record without a numeric createdAt is not in it, and
      // a damaged record must be shown (as failed) rather than silently left out.
      const raws: unknown[] = await (await db()).getAll('jobs');
      return readJobRecords(raws, options.onSkipped).sort(newestFirst);
    },
    async listUnfinished() {
      const tx = (await db()).transaction('jobs');
      const raws = await Promise.all(UNFINISHED.map((status) => tx.store.index('byStatus').getAll(status)));
      // A record with a known status may still be damaged: it reads as failed and is left out.
      return readJobRecords(raws.flat(), options.onSkipped)
        .filter((job) => !TERMINAL_STATUSES.includes(job.status))
        .sort(newestFirst);
    },
    async create(job) {
      await (await db()).add('jobs', job);
    },
    async update(id, change) {
      const tx = (await db()).transaction('jobs', 'readwrite');
      const raw: unknown = await tx.store.get(id);
      if (raw === undefined) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw new JobNotFoundError(id);
      }
      const read = readJobRecord(raw);
      if (!read.ok) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw new DamagedRecordError(id, read.problem);
      }
      const current = read.job;
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
    async delete(id) {
      await (await db()).delete('jobs', id);
    },
    async getBlob(id) {
      return (await db()).get('blobs', id);
    },
    async listBlobs() {
      // A stored Blob is a handle to bytes on disk: reading the records does not read the video.
      const entries: BlobEntry[] = [];
      let cursor = await (await db()).transaction('blobs').store.openCursor();
      while (cursor) {
        const { size, storedAt, blob } = cursor.value;
        entries.push({ id: String(cursor.key), size: size ?? blob.size, storedAt: storedAt ?? 0 });
        cursor = await cursor.continue();
      }
      return entries;
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
