import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../job';
import { createJobStore, isQuotaError, JobNotFoundError, StorageFullError } from '../job-store';
import { transition } from '../job-machine';

function job(id: string, createdAt: number): Job {
  return {
    id,
    createdAt,
    updatedAt: createdAt,
    status: 'queued',
    source: { kind: 'url', url: `https://cdn.example.com/${id}.mp4`, via: 'popup' },
    title: `${id}.mp4`,
    progress: 0,
  };
}

beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

describe('job store', () => {
  it('keeps jobs across store instances (a restarted worker) and lists them newest first', async () => {
    const first = createJobStore();
    await first.create(job('a', 1));
    await first.create(job('c', 3));
    await first.create(job('b', 2));
    const second = createJobStore();
    expect((await second.list()).map((j) => j.id)).toEqual(['c', 'b', 'a']);
    expect(await second.get('b')).toMatchObject({ id: 'b', status: 'queued' });
  });

  it('refuses a second job with the same id', async () => {
    const store = createJobStore();
    await store.create(job('a', 1));
    await expect(store.create(job('a', 2))).rejects.toThrow();
  });

  it('applies a state change through the machine in one transaction', async () => {
    const store = createJobStore();
    await store.create(job('a', 1));
    const updated = await store.update('a', (j) => transition(j, 'acquiring', { route: 'FILE_UPLOAD' }, 50));
    expect(updated).toMatchObject({ status: 'acquiring', route: 'FILE_UPLOAD', updatedAt: 50 });
    expect(await store.get('a')).toEqual(updated);
  });

  it('writes nothing when the change throws (an illegal transition)', async () => {
    const store = createJobStore();
    await store.create({ ...job('a', 1), status: 'in_drafts', progress: 1 });
    await expect(store.update('a', (j) => transition(j, 'uploading', { progress: 0.5 }, 9))).rejects.toThrow(
      /cannot go from in_drafts to uploading/,
    );
    expect(await store.get('a')).toMatchObject({ status: 'in_drafts', progress: 1 });
  });

  it('serializes concurrent read-modify-writes on one job (no lost update)', async () => {
    const store = createJobStore();
    await store.create({ ...job('a', 1), attempts: 0 });
    await Promise.all(
      Array.from({ length: 20 }, () => store.update('a', (j) => ({ ...j, attempts: (j.attempts ?? 0) + 1 }))),
    );
    expect((await store.get('a'))?.attempts).toBe(20);
  });

  it('says which job is missing', async () => {
    const store = createJobStore();
    await expect(store.update('nope', (j) => j)).rejects.toBeInstanceOf(JobNotFoundError);
  });

  it('round-trips source blobs and deletes them', async () => {
    const store = createJobStore();
    const blob = new Blob([new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70])], { type: 'video/mp4' });
    await store.putBlob('a', { blob, name: 'a.mp4', type: 'video/mp4', size: blob.size, storedAt: 1 });
    const stored = await store.getBlob('a');
    expect(stored?.size).toBe(8);
    expect(new Uint8Array(await stored!.blob.arrayBuffer())).toEqual(
      new Uint8Array(await blob.arrayBuffer()),
    );
    await store.deleteBlob('a');
    expect(await store.getBlob('a')).toBeUndefined();
  });

  it('turns a quota error on storing bytes into StorageFullError', async () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const fakeDb = {
      addEventListener: () => undefined,
      put: async () => {
        throw quota;
      },
    };
    const store = createJobStore(async () => fakeDb as never);
    const blob = new Blob(['x']);
    const err = await store.putBlob('a', { blob, name: 'a', type: '', size: 1, storedAt: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError(new DOMException('x', 'DataError'))).toBe(false);
  });

  it('updates kv records atomically and deletes on undefined', async () => {
    const store = createJobStore();
    const take = () =>
      store.kvUpdate<number[], number>('budget/init', (stamps = []) => ({
        value: [...stamps, stamps.length],
        result: stamps.length,
      }));
    const results = await Promise.all([take(), take(), take()]);
    expect(results.sort()).toEqual([0, 1, 2]);
    expect(await store.kvGet('budget/init')).toEqual([0, 1, 2]);
    await store.kvUpdate('budget/init', () => ({ value: undefined, result: null }));
    expect(await store.kvGet('budget/init')).toBeUndefined();
  });
});
