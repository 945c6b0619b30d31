// Read-only access to the job store for the pages. Only the background writes jobs; pages read
// them and, for local files, write the source bytes before asking the background to start.
import type { IDBPDatabase } from 'idb';
import { openAppDB, type AppDB, type StoredBlob } from '@/utils/db';
import type { Job } from '@/utils/job';

let connection: Promise<IDBPDatabase<AppDB>> | undefined;

/** One connection per page, dropped when the background upgrades the schema so it is not blocked. */
function db(): Promise<IDBPDatabase<AppDB>> {
  if (!connection) {
    const opening = openAppDB().then((opened) => {
      opened.addEventListener('versionchange', () => {
        opened.close();
        connection = undefined;
      });
      return opened;
    });
    opening.catch(() => (connection = undefined));
    connection = opening;
  }
  return connection;
}

/** Every job, newest first. */
export async function readJobs(): Promise<Job[]> {
  const jobs = await (await db()).getAllFromIndex('jobs', 'byCreatedAt');
  return jobs.reverse();
}

/**
 * Keeps a file's bytes under the job id, durably (the transaction has committed), before the
 * background hears of the job: the popup may close the moment the user looks away.
 */
export async function storeSourceFile(jobId: string, file: File, now = Date.now()): Promise<void> {
  const record: StoredBlob = { blob: file, name: file.name, type: file.type, size: file.size, storedAt: now };
  const tx = (await db()).transaction('blobs', 'readwrite');
  try {
    await Promise.all([tx.store.put(record, jobId), tx.done]);
  } catch (error) {
    // A quota failure may surface as the put's error or as the aborted transaction's.
    throw tx.error ?? error;
  }
}

export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}
