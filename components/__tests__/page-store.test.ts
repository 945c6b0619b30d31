// The pages' read of the jobs checks records like the background's: a damaged one shows as a
// failed job with a Remove action instead of breaking the popup's list.
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME, openAppDB } from '@/utils/db';
import { DAMAGED_RECORD } from '@/utils/job-record';
import type { Job, JobStatus } from '@/utils/job';
import { visibleRows } from '@/utils/job-list';
import { englishMessage } from '../../tests/setup/i18n';
import { jobActions } from '@/utils/job-view';

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  // The module keeps one connection per page: each test's page starts with its own.
  vi.resetModules();
  // The reset also gives a fresh fake browser: it speaks English again, as tests/setup/i18n.ts says.
  const { fakeBrowser } = await import('wxt/testing');
  fakeBrowser.i18n.getMessage = englishMessage as typeof fakeBrowser.i18n.getMessage;
});

describe('readWindow', () => {
  it('lists a damaged record as a failed, removable job next to the good ones', async () => {
    (await openAppDB()).close();
    const db = await openDB(DB_NAME);
    const good = {
      id: 'good',
      createdAt: 2,
      updatedAt: 2,
      status: 'in_drafts',
      source: { kind: 'file', name: 'a.mp4', size: 10, type: 'video/mp4' },
      title: 'a.mp4',
      progress: 1,
    };
    await db.put('jobs', good);
    await db.put('jobs', { id: 'bad', createdAt: 1, status: 'uploading', title: 'b.mp4' });
    db.close();
    // Imported late: the module keeps one connection per page.
    const { readWindow } = await import('../page-store');
    const { jobs, counts } = await readWindow('all', 50);
    expect(counts.total).toBe(2);
    expect(jobs.map((job) => [job.id, job.status])).toEqual([
      ['good', 'in_drafts'],
      ['bad', 'failed'],
    ]);
    expect(jobs[1].error?.code).toBe(DAMAGED_RECORD);
    expect(jobActions(jobs[1]).remove).toBe(true);
  });

  it('with 1,000 jobs holds the newest page, every job on its way and the counts, not the history', async () => {
    const db = await openAppDB();
    const tx = db.transaction('jobs', 'readwrite');
    for (let n = 0; n < 1000; n++) {
      const status: JobStatus = n === 3 || n === 998 ? 'waiting_slot' : n % 10 === 0 ? 'failed' : 'in_drafts';
      void tx.store.put(seeded(n, status));
    }
    await tx.done;
    db.close();
    const { readWindow } = await import('../page-store');

    const all = await readWindow('all', 50);
    // The newest 50 (one of them waiting) and the old waiting job n=3; nothing else.
    expect(all.jobs.map((job) => job.id)).toEqual([
      ...Array.from({ length: 50 }, (_, i) => seeded(999 - i, 'in_drafts').id),
      seeded(3, 'in_drafts').id,
    ]);
    expect(all.counts).toEqual({ total: 1000, byStatus: { waiting_slot: 2, failed: 100, in_drafts: 898 } });
    expect(visibleRows(all.jobs, 'all', 50, all.counts)).toMatchObject({ hidden: 949 });

    // Another filter reads its own newest page: 50 failed ones, however far back they go.
    const failed = await readWindow('failed', 50);
    const rows = visibleRows(failed.jobs, 'failed', 50, failed.counts);
    expect(rows.rows.map((job) => job.id)).toEqual(
      Array.from({ length: 50 }, (_, i) => seeded(990 - i * 10, 'failed').id),
    );
    expect(rows.hidden).toBe(50);
    expect((await readWindow('failed', 100)).jobs.filter((job) => job.status === 'failed')).toHaveLength(100);
  });
});

/** Job n of a history, one a minute, newest last. */
function seeded(n: number, status: JobStatus): Job {
  return {
    id: `job-${String(n).padStart(4, '0')}`,
    createdAt: 1_000_000 + n * 60_000,
    updatedAt: 1_000_000 + n * 60_000 + 5000,
    status,
    source: { kind: 'url', url: `https://cdn.example.com/${n}.mp4`, via: 'popup' },
    title: `${n}.mp4`,
    progress: status === 'in_drafts' ? 1 : 0,
  };
}
