// Damaged or foreign job records: each becomes a failed job the popup can show and remove, or is
// left out with a note when not even its id is readable. Never a crash of the list.
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DB_NAME, openAppDB } from '../db';
import type { Job } from '../job';
import { DAMAGED_RECORD, DamagedRecordError, readJobRecord } from '../job-record';
import { createJobStore } from '../job-store';

const good: Job = {
  id: 'good',
  createdAt: 10,
  updatedAt: 10,
  status: 'queued',
  source: { kind: 'url', url: 'https://cdn.example.com/a.mp4', via: 'popup' },
  title: 'a.mp4',
  progress: 0,
};

/** Writes records behind the store's back, as an old version or a disk error would have left them. */
async function putRaw(...records: unknown[]): Promise<void> {
  (await openAppDB()).close();
  const db = await openDB(DB_NAME);
  for (const record of records) await db.put('jobs', record);
  db.close();
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('readJobRecord', () => {
  it('passes a good record through', () => {
    expect(readJobRecord(good)).toEqual({ ok: true, job: good });
  });

  it.each([
    ['an unknown status', { ...good, status: 'exploded' }, 'status'],
    ['no source', { ...good, source: undefined }, 'source'],
    ['a url source without its url', { ...good, source: { kind: 'url', via: 'menu' } }, 'source'],
    ['a text progress', { ...good, progress: 'half' }, 'progress'],
    ['no createdAt', { ...good, createdAt: undefined }, 'createdAt'],
  ])('turns a record with %s into a failed job that says to remove it', (_name, raw, field) => {
    const read = readJobRecord(raw);
    expect(read.ok).toBe(false);
    expect(read.job).toMatchObject({ id: 'good', status: 'failed', error: { code: DAMAGED_RECORD } });
    expect(read.job?.error?.message).toMatch(/Remove it and send the video again/);
    expect(read.job?.error?.message).toContain(field);
  });

  it('gives up on a record without a readable id', () => {
    for (const raw of [{ ...good, id: 42 }, null]) {
      const read = readJobRecord(raw);
      expect(read.ok).toBe(false);
      expect(read.job).toBeUndefined();
    }
  });
});

describe('job store with damaged records', () => {
  it('lists damaged records as failed jobs, skips unreadable ones with a note, never throws', async () => {
    await putRaw(
      good,
      { ...good, id: 'no-source', createdAt: 20, source: undefined },
      // Not in the byCreatedAt index: a list read through it would silently drop this one.
      { ...good, id: 'no-date', createdAt: undefined },
      { ...good, id: 7 },
    );
    const skipped: string[] = [];
    const store = createJobStore(openAppDB, { onSkipped: (problem) => skipped.push(problem) });
    const jobs = await store.list();
    expect(jobs.map((job) => [job.id, job.status])).toEqual([
      ['no-source', 'failed'],
      ['good', 'queued'],
      ['no-date', 'failed'],
    ]);
    expect(skipped).toEqual([expect.stringContaining('id')]);
    expect((await store.get('no-source'))?.error?.code).toBe(DAMAGED_RECORD);
    // The scheduler never sees them.
    expect((await store.listUnfinished()).map((job) => job.id)).toEqual(['good']);
  });

  it('refuses to rewrite a damaged record but lets it be removed', async () => {
    await putRaw({ ...good, status: 'exploded' });
    const store = createJobStore();
    await expect(store.update('good', (job) => ({ ...job, status: 'queued' }))).rejects.toBeInstanceOf(
      DamagedRecordError,
    );
    await store.delete('good');
    expect(await store.list()).toEqual([]);
  });
});
