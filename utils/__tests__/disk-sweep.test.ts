// The sweep at every worker start, against a real (fake-indexeddb) store: which stored copies go,
// which stay, and that a store restarted afterwards holds exactly the kept ones.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, isFinished, ORPHAN_GRACE_MS, planSweep } from '../disk-sweep';
import type { Job, JobStatus } from '../job';
import { createJobStore, type JobStore } from '../job-store';

const NOW = Date.UTC(2026, 11, 2, 8, 0, 0);

function job(id: string, status: JobStatus, updatedAt = NOW - 60_000): Job {
  return {
    id,
    createdAt: updatedAt - 1000,
    updatedAt,
    status,
    source: { kind: 'file', name: `${id}.mp4`, size: 4, type: 'video/mp4' },
    title: `${id}.mp4`,
    progress: 0,
    hasBlob: true,
  };
}

async function putBytes(store: JobStore, id: string, size: number, storedAt = NOW - 60_000) {
  const blob = new Blob([new Uint8Array(size)], { type: 'video/mp4' });
  await store.putBlob(id, { blob, name: `${id}.mp4`, type: 'video/mp4', size, storedAt });
}

/** What the background's sweep does with the plan (disk.ts), on the same store. */
async function sweep(store: JobStore, now: number) {
  const plan = planSweep(await store.list(), await store.listBlobs(), now);
  for (const id of plan.deleteBlobs) await store.deleteBlob(id);
  for (const id of plan.forgetBlobs) await store.update(id, (j) => ({ ...j, hasBlob: false }));
  return plan;
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('disk sweep', () => {
  it('deletes orphans, finished and cancelled copies and week-old failures; keeps what a job needs', async () => {
    const store = createJobStore();
    const keep: string[] = [];
    for (const status of ['queued', 'uploading', 'processing', 'paused', 'offline'] as const) {
      await store.create(job(status, status));
      await putBytes(store, status, 10);
      keep.push(status);
    }
    await store.create(job('failed-yesterday', 'failed', NOW - DAY_MS));
    await putBytes(store, 'failed-yesterday', 10);
    keep.push('failed-yesterday');
    await store.create(job('failed-8-days', 'failed', NOW - 8 * DAY_MS));
    await putBytes(store, 'failed-8-days', 100);
    await store.create(job('in-drafts', 'in_drafts'));
    await putBytes(store, 'in-drafts', 1000);
    await store.create(job('cancelled', 'cancelled'));
    await putBytes(store, 'cancelled', 10_000);
    // A page stored these bytes and its job was never created (the popup closed, the worker died).
    await putBytes(store, 'orphan-old', 100_000, NOW - ORPHAN_GRACE_MS - 1);
    // …and these a moment ago: the job may be about to be created.
    await putBytes(store, 'orphan-young', 7, NOW - 5_000);
    keep.push('orphan-young');

    const plan = await sweep(store, NOW);
    expect(plan.deleteBlobs.sort()).toEqual(['cancelled', 'failed-8-days', 'in-drafts', 'orphan-old']);
    expect(plan.bytes).toBe(100 + 1000 + 10_000 + 100_000);

    // A restarted worker sees the same: only the needed copies, and records that say so.
    const after = createJobStore();
    expect((await after.listBlobs()).map((b) => b.id).sort()).toEqual(keep.sort());
    expect((await after.get('failed-8-days'))?.hasBlob).toBe(false);
    expect((await after.get('failed-8-days'))?.status).toBe('failed');
    expect((await after.get('failed-yesterday'))?.hasBlob).toBe(true);
    expect(await after.getBlob('uploading')).toMatchObject({ size: 10 });

    // A second sweep has nothing left to do.
    expect((await sweep(after, NOW)).deleteBlobs).toEqual([]);
  });

  it('lists stored copies without their bytes, with size and time', async () => {
    const store = createJobStore();
    await putBytes(store, 'a', 3, 42);
    expect(await store.listBlobs()).toEqual([{ id: 'a', size: 3, storedAt: 42 }]);
  });

  it('a failed job’s copy lives exactly 7 days', () => {
    const failed = job('f', 'failed', NOW);
    const blobs = [{ id: 'f', size: 1, storedAt: NOW }];
    expect(planSweep([failed], blobs, NOW + 7 * DAY_MS - 1).deleteBlobs).toEqual([]);
    expect(planSweep([failed], blobs, NOW + 7 * DAY_MS).deleteBlobs).toEqual(['f']);
  });

  it('clear finished takes in-drafts, published, failed and cancelled jobs, nothing on its way', () => {
    const statuses: JobStatus[] = ['in_drafts', 'published', 'failed', 'cancelled', 'processing', 'paused'];
    expect(statuses.filter((s) => isFinished(job('x', s)))).toEqual([
      'in_drafts',
      'published',
      'failed',
      'cancelled',
    ]);
  });
});
