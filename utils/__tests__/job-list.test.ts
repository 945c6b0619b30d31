// The popup's list model: what changed → which rows update. A row is re-rendered only when its job
// object changes, so "unchanged jobs keep their objects" is what makes a progress update cost one row.
import { describe, expect, it } from 'vitest';
import { planPrune, DAY_MS } from '../disk-sweep';
import type { Job, JobStatus } from '../job';
import {
  activeIds,
  applyChanges,
  changeNeedsWindow,
  finishedCount,
  matchedCount,
  matchesFilter,
  missedBroadcast,
  PAGE_SIZE,
  replaceAll,
  sameCounts,
  visibleRows,
  type StatusCounts,
} from '../job-list';

const NOW = Date.UTC(2026, 11, 2, 8, 0, 0);

function job(n: number, status: JobStatus = 'in_drafts', patch: Partial<Job> = {}): Job {
  return {
    id: `job-${String(n).padStart(4, '0')}`,
    createdAt: NOW - (1000 - n) * 60_000,
    updatedAt: NOW - (1000 - n) * 60_000 + 5000,
    status,
    source: { kind: 'url', url: `https://cdn.example.com/${n}.mp4`, via: 'popup' },
    title: `${n}.mp4`,
    progress: status === 'in_drafts' ? 1 : 0,
    ...patch,
  };
}

/** Newest first, as the page reads them. */
function history(count: number, status: (n: number) => JobStatus = () => 'in_drafts'): Job[] {
  return Array.from({ length: count }, (_, n) => job(n, status(n))).reverse();
}

describe('applyChanges', () => {
  it('replaces only the changed job; every other row keeps its object', () => {
    const jobs = history(1000, (n) => (n === 500 ? 'uploading' : 'in_drafts'));
    const moved = { ...jobs[499], progress: 0.4, updatedAt: jobs[499].updatedAt + 1 };
    const next = applyChanges(jobs, new Map([[moved.id, moved]]));
    expect(next).not.toBe(jobs);
    expect(next[499]).toBe(moved);
    const changedRows = next.filter((row, i) => row !== jobs[i]);
    expect(changedRows).toEqual([moved]);
  });

  it('returns the same array when the re-read job did not change (no render at all)', () => {
    const jobs = history(10, () => 'processing');
    const same = structuredClone(jobs[3]);
    expect(applyChanges(jobs, new Map([[same.id, same]]))).toBe(jobs);
    expect(applyChanges(jobs, new Map())).toBe(jobs);
  });

  it('adds a new job at the top and drops a removed one', () => {
    const jobs = history(5);
    const fresh = job(2000, 'queued');
    const next = applyChanges(
      jobs,
      new Map<string, Job | undefined>([
        [fresh.id, fresh],
        [jobs[2].id, undefined],
      ]),
    );
    expect(next.map((j) => j.id)).toEqual([fresh.id, jobs[0].id, jobs[1].id, jobs[3].id, jobs[4].id]);
    expect(next[1]).toBe(jobs[0]);
  });

  it('ignores an id that is gone and was never listed', () => {
    const jobs = history(3);
    expect(applyChanges(jobs, new Map([['nope', undefined]]))).toBe(jobs);
  });
});

describe('replaceAll (a whole re-read)', () => {
  it('keeps the old object of every unchanged job, so only changed rows render', () => {
    const jobs = history(1000, (n) => (n === 7 ? 'uploading' : 'in_drafts'));
    const fresh = structuredClone(jobs);
    fresh[992] = { ...fresh[992], progress: 0.9, updatedAt: fresh[992].updatedAt + 1 };
    const next = replaceAll(jobs, fresh);
    expect(next.filter((row, i) => row !== jobs[i]).map((row) => row.id)).toEqual([jobs[992].id]);
  });

  it('returns the list itself when nothing changed, and grows from the first page to the whole', () => {
    const jobs = history(200);
    expect(replaceAll(jobs, structuredClone(jobs))).toBe(jobs);
    const firstPage = jobs.slice(0, PAGE_SIZE);
    const next = replaceAll(firstPage, structuredClone(jobs));
    expect(next).toHaveLength(200);
    expect(next.slice(0, PAGE_SIZE).every((row, i) => row === firstPage[i])).toBe(true);
  });
});

describe('visibleRows', () => {
  it('shows a page of 50, newest first, and counts what "Show older" would add', () => {
    const jobs = history(1000);
    const view = visibleRows(jobs, 'all', PAGE_SIZE);
    expect(view.rows).toHaveLength(50);
    expect(view.rows[0]).toBe(jobs[0]);
    expect(view.hidden).toBe(950);
    expect(visibleRows(jobs, 'all', 100).rows).toHaveLength(100);
  });

  it('never hides a job on its way behind "Show older"', () => {
    const jobs = history(1000, (n) => (n === 3 ? 'waiting_slot' : 'in_drafts'));
    const view = visibleRows(jobs, 'all', PAGE_SIZE);
    expect(view.rows).toHaveLength(51);
    expect(view.rows.at(-1)?.status).toBe('waiting_slot');
    expect(view.hidden).toBe(949);
  });

  it('filters by state', () => {
    const statuses: JobStatus[] = ['uploading', 'in_drafts', 'published', 'failed', 'cancelled', 'paused'];
    const jobs = statuses.map((status, n) => job(n, status));
    const ids = (filter: Parameters<typeof matchesFilter>[1]) =>
      visibleRows(jobs, filter, PAGE_SIZE).rows.map((j) => j.status);
    expect(ids('active')).toEqual(['uploading', 'paused']);
    expect(ids('in_drafts')).toEqual(['in_drafts', 'published']);
    expect(ids('failed')).toEqual(['failed', 'cancelled']);
    expect(ids('all')).toHaveLength(6);
  });
});

describe('changeNeedsWindow (what changed → one row, or the window again)', () => {
  const jobs = history(60, (n) => (n === 59 ? 'uploading' : n === 2 ? 'waiting_slot' : 'in_drafts'));
  const uploading = jobs[0];

  it('progress of a held job touches its row only', () => {
    const moved = { ...uploading, progress: 0.5, updatedAt: uploading.updatedAt + 1 };
    const changed = new Map([[moved.id, moved]]);
    expect(changeNeedsWindow(jobs, changed)).toBe(false);
    const next = applyChanges(jobs, changed);
    expect(next.filter((row, i) => row !== jobs[i])).toEqual([moved]);
    // A countdown's next step (a new notBefore) of an old waiting job: still its row only.
    const waiting = jobs.find((row) => row.status === 'waiting_slot')!;
    const later = { ...waiting, notBefore: NOW + 60_000, updatedAt: waiting.updatedAt + 1 };
    expect(changeNeedsWindow(jobs, new Map([[later.id, later]]))).toBe(false);
  });

  it('a new job, a removed one, a status change, or a job gone from beyond the window re-read the window', () => {
    const fresh = job(5000, 'queued');
    expect(changeNeedsWindow(jobs, new Map([[fresh.id, fresh]]))).toBe(true);
    expect(changeNeedsWindow(jobs, new Map([[jobs[5].id, undefined]]))).toBe(true);
    const arrived = { ...uploading, status: 'in_drafts' as const, progress: 1 };
    expect(changeNeedsWindow(jobs, new Map([[arrived.id, arrived]]))).toBe(true);
    // Pruned from beyond the window: no row changes, but the counts moved.
    expect(changeNeedsWindow(jobs, new Map([[job(-5).id, undefined]]))).toBe(true);
    expect(changeNeedsWindow(jobs, new Map())).toBe(false);
  });

  it('a window re-read after a status change re-renders that row alone', () => {
    const arrived = { ...uploading, status: 'in_drafts' as const, progress: 1, updatedAt: NOW };
    const window = structuredClone(jobs);
    window[0] = arrived;
    const next = replaceAll(jobs, window);
    expect(next.filter((row, i) => row !== jobs[i])).toEqual([arrived]);
  });
});

describe('counts (the store beyond the window)', () => {
  const counts: StatusCounts = {
    total: 1003,
    byStatus: { in_drafts: 880, published: 20, failed: 90, cancelled: 10, uploading: 1, waiting_slot: 2 },
  };

  it('say how many each filter matches and how many "Clear finished" removes', () => {
    expect(matchedCount(counts, 'all')).toBe(1003);
    expect(matchedCount(counts, 'in_drafts')).toBe(900);
    expect(matchedCount(counts, 'failed')).toBe(100);
    expect(matchedCount(counts, 'active')).toBe(3);
    expect(finishedCount(counts)).toBe(1000);
  });

  it('make "Show older" count the jobs the window does not hold', () => {
    // The newest page and one old job on its way, as readWindow holds them.
    const window = [...history(60).slice(0, PAGE_SIZE), job(0, 'uploading')];
    const view = visibleRows(window, 'all', PAGE_SIZE, counts);
    expect(view.rows).toHaveLength(51);
    expect(view.hidden).toBe(1003 - 51);
    // Never below what the window itself shows (counts read a moment earlier).
    expect(visibleRows(history(10), 'all', 5, { total: 2, byStatus: {} }).hidden).toBe(5);
  });

  it('compare by value, so an unchanged re-count renders nothing', () => {
    expect(sameCounts(counts, structuredClone(counts))).toBe(true);
    expect(sameCounts(counts, { ...counts, byStatus: { ...counts.byStatus, failed: 91 } })).toBe(false);
    expect(sameCounts(undefined, counts)).toBe(false);
  });
});

describe('missedBroadcast', () => {
  it('is false for the next number, true for a gap or a new worker', () => {
    expect(missedBroadcast(undefined, 'a', 7)).toBe(false);
    expect(missedBroadcast({ boot: 'a', seq: 6 }, 'a', 7)).toBe(false);
    expect(missedBroadcast({ boot: 'a', seq: 5 }, 'a', 7)).toBe(true);
    expect(missedBroadcast({ boot: 'a', seq: 9 }, 'b', 1)).toBe(true);
  });
});

describe('activeIds', () => {
  it('lists only jobs still on their way (what the cheap check re-reads)', () => {
    const jobs = history(100, (n) => (n % 40 === 0 ? 'processing' : 'failed'));
    expect(activeIds(jobs)).toEqual([job(80).id, job(40).id, job(0).id]);
  });
});

describe('planPrune', () => {
  it('forgets finished jobs older than the chosen age, never a job on its way', () => {
    const jobs = [
      job(1, 'in_drafts', { updatedAt: NOW - 31 * DAY_MS }),
      job(2, 'failed', { updatedAt: NOW - 40 * DAY_MS }),
      job(3, 'in_drafts', { updatedAt: NOW - 29 * DAY_MS }),
      job(4, 'paused', { updatedAt: NOW - 90 * DAY_MS }),
      job(5, 'cancelled', { updatedAt: NOW - 8 * DAY_MS }),
    ];
    expect(planPrune(jobs, NOW, 30)).toEqual([job(1).id, job(2).id]);
    expect(planPrune(jobs, NOW, 7)).toEqual([job(1).id, job(2).id, job(3).id, job(5).id]);
  });
});

describe('parseJobsChanged', () => {
  it('accepts the broadcast and refuses what is not one', async () => {
    const { parseJobsChanged, JOBS_CHANGED } = await import('../broadcasts');
    expect(parseJobsChanged({ type: JOBS_CHANGED, ids: ['a'], boot: 'b', seq: 3 })).toEqual({
      type: JOBS_CHANGED,
      ids: ['a'],
      boot: 'b',
      seq: 3,
    });
    expect(parseJobsChanged({ type: JOBS_CHANGED })).toEqual({ type: JOBS_CHANGED });
    for (const bad of [
      null,
      'jobs/changed',
      { type: 'other' },
      { type: JOBS_CHANGED, ids: [''] },
      { type: JOBS_CHANGED, ids: 'a' },
      { type: JOBS_CHANGED, ids: new Array(10_001).fill('a') },
      { type: JOBS_CHANGED, seq: -1 },
      { type: JOBS_CHANGED, seq: 1.5 },
      { type: JOBS_CHANGED, boot: 'x'.repeat(101) },
    ]) {
      expect(parseJobsChanged(bad), JSON.stringify(bad)?.slice(0, 60)).toBeUndefined();
    }
  });
});
