// The popup's job list as a model: which jobs it holds, how a change (a few ids re-read from the
// store) updates it, and which rows a filter and a page size show. Pure, so "what changed → which
// rows update" is unit-tested: a job that did not change keeps its object, so its row (memoized by
// identity) does not re-render.
//
// The page holds a window, not the history: the newest jobs the filter shows (a page or a few),
// every job still on its way, and the store's count per status (for "Show older" and "Clear
// finished"). With 1,000 jobs it reads ~50 records, not 1,000.
import { isTerminal, JOB_STATUSES, TERMINAL_STATUSES, type Job, type JobStatus } from './job';

export type JobFilter = 'all' | 'active' | 'in_drafts' | 'failed';
export const JOB_FILTERS: readonly JobFilter[] = ['all', 'active', 'in_drafts', 'failed'];
/** Rows shown before "Show older"; active jobs are shown whatever their age. */
export const PAGE_SIZE = 50;

/** Newest first (createdAt descending, id as tie-break so the order is total). */
export function newestFirst(a: Job, b: Job): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Applies re-read jobs to the list: `changed` maps each id that changed to its record now, or to
 * undefined when it is gone. Unchanged jobs keep their objects; returns `jobs` itself when nothing
 * differs, so the page need not render at all.
 */
export function applyChanges(jobs: readonly Job[], changed: ReadonlyMap<string, Job | undefined>): Job[] {
  if (changed.size === 0) return jobs as Job[];
  let touched = false;
  const seen = new Set<string>();
  const next: Job[] = [];
  let reorder = false;
  for (const job of jobs) {
    if (!changed.has(job.id)) {
      next.push(job);
      continue;
    }
    seen.add(job.id);
    const now = changed.get(job.id);
    if (!now) {
      touched = true;
      continue;
    }
    if (sameJob(job, now)) {
      next.push(job);
    } else {
      touched = true;
      if (now.createdAt !== job.createdAt) reorder = true;
      next.push(now);
    }
  }
  for (const [id, job] of changed) {
    if (seen.has(id) || !job) continue;
    touched = true;
    reorder = true;
    next.push(job);
  }
  if (!touched) return jobs as Job[];
  if (reorder) next.sort(newestFirst);
  return next;
}

/**
 * A whole re-read (the first one, or after a missed broadcast): the fresh list, but with the old
 * object for every job that did not change, so only changed rows render. `jobs` itself if none did.
 */
export function replaceAll(jobs: readonly Job[], fresh: readonly Job[]): Job[] {
  const old = new Map(jobs.map((job) => [job.id, job]));
  let touched = fresh.length !== jobs.length;
  const next = fresh.map((job, i) => {
    const before = old.get(job.id);
    if (before && sameJob(before, job)) {
      if (jobs[i] !== before) touched = true;
      return before;
    }
    touched = true;
    return job;
  });
  return touched ? next : (jobs as Job[]);
}

/** Records are plain structured-clone data; only a handful are compared per change. */
function sameJob(a: Job, b: Job): boolean {
  return a.updatedAt === b.updatedAt && JSON.stringify(a) === JSON.stringify(b);
}

export function matchesFilter(job: Job, filter: JobFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'active':
      return !isTerminal(job.status);
    case 'in_drafts':
      return job.status === 'in_drafts' || job.status === 'published';
    case 'failed':
      return job.status === 'failed' || job.status === 'cancelled';
  }
}

/** The store's jobs counted by status (an index count each), and all of them (damaged ones too). */
export interface StatusCounts {
  total: number;
  byStatus: Partial<Record<JobStatus, number>>;
}

/** Statuses whose jobs the page always holds, whatever their age. */
export const UNFINISHED_STATUSES: readonly JobStatus[] = JOB_STATUSES.filter(
  (status) => !TERMINAL_STATUSES.includes(status),
);

const FILTER_STATUSES: Record<Exclude<JobFilter, 'all'>, readonly JobStatus[]> = {
  active: UNFINISHED_STATUSES,
  in_drafts: ['in_drafts', 'published'],
  failed: ['failed', 'cancelled'],
};

/** How many jobs in the store the filter matches. */
export function matchedCount(counts: StatusCounts, filter: JobFilter): number {
  if (filter === 'all') return counts.total;
  return FILTER_STATUSES[filter].reduce((sum, status) => sum + (counts.byStatus[status] ?? 0), 0);
}

/** Jobs "Clear finished" would remove (utils/disk-sweep.ts's isFinished: the terminal ones). */
export function finishedCount(counts: StatusCounts): number {
  return TERMINAL_STATUSES.reduce((sum, status) => sum + (counts.byStatus[status] ?? 0), 0);
}

export function sameCounts(a: StatusCounts | undefined, b: StatusCounts): boolean {
  if (!a || a.total !== b.total) return false;
  return JOB_STATUSES.every((status) => (a.byStatus[status] ?? 0) === (b.byStatus[status] ?? 0));
}

/**
 * Whether re-read jobs change what the window holds or the counts: a job came or went, or moved to
 * another status (it may enter or leave the filter, and the counts move). Then the page reads its
 * window again (~50 records); otherwise (progress, a countdown's next step) it applies the jobs to
 * their own rows only.
 */
export function changeNeedsWindow(
  jobs: readonly Job[],
  changed: ReadonlyMap<string, Job | undefined>,
): boolean {
  if (changed.size === 0) return false;
  const held = new Map(jobs.map((job) => [job.id, job]));
  for (const [id, now] of changed) {
    const before = held.get(id);
    // Gone and never held (pruned from beyond the window): the counts still moved.
    if (!before || !now || before.status !== now.status) return true;
  }
  return false;
}

export interface VisibleRows {
  rows: Job[];
  /** Jobs the filter matches that "Show older" would add. */
  hidden: number;
}

/**
 * The rows to render: the newest `limit` jobs the filter matches, plus every active job older than
 * that (a job on its way is never hidden behind "Show older"). `counts`, when the page holds a
 * window rather than every job, says how many match in the store.
 */
export function visibleRows(
  jobs: readonly Job[],
  filter: JobFilter,
  limit: number,
  counts?: StatusCounts,
): VisibleRows {
  const rows: Job[] = [];
  let matched = 0;
  for (const job of jobs) {
    if (!matchesFilter(job, filter)) continue;
    matched += 1;
    if (matched <= limit || !isTerminal(job.status)) rows.push(job);
  }
  const inStore = counts ? Math.max(matched, matchedCount(counts, filter)) : matched;
  return { rows, hidden: inStore - rows.length };
}

/**
 * A broadcast's sequence number against the last one seen: true when one was missed (a gap, or a
 * new worker whose counter began again), so the page re-reads the whole list once.
 */
export function missedBroadcast(
  last: { boot: string; seq: number } | undefined,
  boot: string,
  seq: number,
): boolean {
  if (!last) return false;
  return last.boot !== boot || seq !== last.seq + 1;
}

/** Ids of jobs still on their way: the cheap check re-reads only these, plus the store's count. */
export function activeIds(jobs: readonly Job[]): string[] {
  return jobs.filter((job) => !isTerminal(job.status)).map((job) => job.id);
}
