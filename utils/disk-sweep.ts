// Which stored sources to delete: the disk the extension holds is bounded by its jobs. Pure, so
// the rules are unit-tested; the background runs it at every worker start (disk.ts).
import type { Job } from './job';

export const DAY_MS = 24 * 60 * 60_000;
/** A failed job keeps its bytes for Retry this long, then they go (the job stays listed). */
export const FAILED_KEEP_MS = 7 * DAY_MS;
/**
 * A page stores a file's bytes before it tells the background about the job: bytes this young
 * with no job may be a job about to be created. A 4 GB file is stored in about a minute here.
 */
export const ORPHAN_GRACE_MS = 60 * 60_000;

export interface StoredSource {
  id: string;
  size: number;
  storedAt: number;
}

export interface SweepPlan {
  /** Stored sources to delete. */
  deleteBlobs: string[];
  /** Jobs whose record should say the bytes are gone (hasBlob false). */
  forgetBlobs: string[];
  /** Bytes freed. */
  bytes: number;
}

export function planSweep(jobs: readonly Job[], blobs: readonly StoredSource[], now: number): SweepPlan {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const plan: SweepPlan = { deleteBlobs: [], forgetBlobs: [], bytes: 0 };
  for (const blob of blobs) {
    const job = byId.get(blob.id);
    if (!keeps(job, blob, now)) {
      plan.deleteBlobs.push(blob.id);
      plan.bytes += blob.size;
      if (job?.hasBlob) plan.forgetBlobs.push(job.id);
    }
  }
  return plan;
}

/** Whether a stored source must stay. */
function keeps(job: Job | undefined, blob: StoredSource, now: number): boolean {
  if (!job) return now - blob.storedAt < ORPHAN_GRACE_MS;
  switch (job.status) {
    case 'in_drafts':
    case 'published':
    case 'cancelled':
      return false;
    case 'failed':
      return now - job.updatedAt < FAILED_KEEP_MS;
    default:
      // Queued, running or waiting: the job still needs its bytes.
      return true;
  }
}

/**
 * Finished jobs last changed more than `keepDays` ago: the background forgets them with their
 * bytes at start, so a month of daily sending does not grow the list (and the disk) for ever.
 */
export function planPrune(jobs: readonly Job[], now: number, keepDays: number): string[] {
  const cutoff = now - keepDays * DAY_MS;
  return jobs.filter((job) => isFinished(job) && job.updatedAt < cutoff).map((job) => job.id);
}

/** A job the list's "Clear finished" removes: it needs nothing more from the extension. */
export function isFinished(job: Job): boolean {
  return ['in_drafts', 'published', 'failed', 'cancelled'].includes(job.status);
}
