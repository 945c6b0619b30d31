// Read-only access to the job store for the pages. Only the background writes jobs; pages read
// them and, for local files, write the source bytes before asking the background to start.
import type { IDBPDatabase } from 'idb';
import { openAppDB, type AppDB, type StoredBlob } from '@/utils/db';
import { JOB_STATUSES, type Job } from '@/utils/job';
import {
  matchesFilter,
  newestFirst,
  UNFINISHED_STATUSES,
  type JobFilter,
  type StatusCounts,
} from '@/utils/job-list';
import { readJobRecords } from '@/utils/job-record';

let connection: Promise<IDBPDatabase<AppDB>> | undefined;

/**
 * One connection per page, dropped when the background upgrades the schema so it is not blocked,
 * or when the browser closes it; the next read reopens.
 */
function db(): Promise<IDBPDatabase<AppDB>> {
  if (!connection) {
    const opening = openAppDB().then((opened) => {
      const forget = () => {
        if (connection === opening) connection = undefined;
      };
      opened.addEventListener('versionchange', () => {
        opened.close();
        forget();
      });
      opened.addEventListener('close', forget);
      return opened;
    });
    opening.catch(() => (connection = undefined));
    connection = opening;
  }
  return connection;
}

/** What the popup's list holds: see utils/job-list.ts. */
export interface JobWindow {
  /** Newest first: the newest `limit` jobs the filter matches and every job on its way. */
  jobs: Job[];
  counts: StatusCounts;
}

/**
 * The list's window in one read transaction: the newest jobs the filter matches (a cursor from the
 * newest, stopping at `limit`), the unfinished ones by the status index, and an index count per
 * status. With a month of history this reads tens of records, not all of them. Records are checked
 * like every read (a damaged one shows as a failed job with a Remove button).
 */
export async function readWindow(filter: JobFilter, limit: number): Promise<JobWindow> {
  const tx = (await db()).transaction('jobs');
  const byStatus = tx.store.index('byStatus');
  // Asked at once; the cursor's steps queue behind them in the same transaction.
  const counting = Promise.all([tx.store.count(), ...JOB_STATUSES.map((status) => byStatus.count(status))]);
  const unfinished = Promise.all(UNFINISHED_STATUSES.map((status) => byStatus.getAll(status)));
  const found = new Map<string, Job>();
  let matched = 0;
  let cursor = await tx.store.index('byCreatedAt').openCursor(null, 'prev');
  while (cursor && matched < limit) {
    const [job] = readJobRecords([cursor.value]);
    if (job && matchesFilter(job, filter)) {
      found.set(job.id, job);
      matched += 1;
    }
    cursor = await cursor.continue();
  }
  for (const job of readJobRecords((await unfinished).flat())) found.set(job.id, job);
  const [total, ...perStatus] = await counting;
  const byStatusCount: StatusCounts['byStatus'] = {};
  JOB_STATUSES.forEach((status, i) => {
    if (perStatus[i]) byStatusCount[status] = perStatus[i];
  });
  return { jobs: [...found.values()].sort(newestFirst), counts: { total, byStatus: byStatusCount } };
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

/** The named jobs as they are now; undefined for one that is gone. One read transaction. */
export async function readJobsByIds(ids: readonly string[]): Promise<Map<string, Job | undefined>> {
  const tx = (await db()).transaction('jobs');
  const found: unknown[] = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  return new Map(
    ids.map((id, i) => [id, found[i] === undefined ? undefined : readJobRecords([found[i]])[0]]),
  );
}

/** How many jobs the store holds: the cheap half of the check for a missed broadcast. */
export async function countJobs(): Promise<number> {
  return (await db()).count('jobs');
}
