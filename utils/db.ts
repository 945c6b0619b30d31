// The IndexedDB schema. Jobs and source bytes live here so nothing is lost when the worker dies.
// Pages may read jobs and write source blobs; only the background writes jobs and tokens.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Job } from './job';

export const DB_NAME = 'send-to-tiktok';
export const DB_VERSION = 1;

export interface StoredBlob {
  blob: Blob;
  name: string;
  type: string;
  size: number;
  storedAt: number;
}

export interface AppDB extends DBSchema {
  jobs: { key: string; value: Job; indexes: { byCreatedAt: number } };
  /** Source bytes keyed by job id. */
  blobs: { key: string; value: StoredBlob };
  /** Small background-only records: tokens, rate-limit windows, leases. */
  kv: { key: string; value: unknown };
}

export function openAppDB(): Promise<IDBPDatabase<AppDB>> {
  return openDB<AppDB>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
        jobs.createIndex('byCreatedAt', 'createdAt');
        db.createObjectStore('blobs');
        db.createObjectStore('kv');
      }
    },
  });
}
