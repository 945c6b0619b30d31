// The schema's upgrade path and the store's connection handling, on fake-indexeddb. The v1
// database is rebuilt from a committed dump (fixtures/db-v1.json) with v1's own schema code, so
// a later schema change that forgets an old user's data fails here.
import { IDBFactory, forceCloseDatabase } from 'fake-indexeddb';
import { openDB, unwrap, type IDBPDatabase } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, openAppDB, type AppDB } from '../db';
import { TERMINAL_STATUSES, type Job } from '../job';
import { createJobStore } from '../job-store';
import v1 from './fixtures/db-v1.json';

const fixtureJobs = v1.stores.jobs as unknown as Job[];

/** The database exactly as the v1 code created and filled it. */
async function loadV1(): Promise<void> {
  const db = await openDB(DB_NAME, 1, {
    upgrade(db) {
      const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
      jobs.createIndex('byCreatedAt', 'createdAt');
      db.createObjectStore('blobs');
      db.createObjectStore('kv');
    },
  });
  const tx = db.transaction(['jobs', 'kv'], 'readwrite');
  for (const job of v1.stores.jobs) void tx.objectStore('jobs').put(job);
  for (const [key, value] of Object.entries(v1.stores.kv)) void tx.objectStore('kv').put(value, key);
  await tx.done;
  db.close();
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('schema upgrade from v1', () => {
  it('the fixture has a job in every status', () => {
    expect(new Set(fixtureJobs.map((job) => job.status)).size).toBe(15);
  });

  it('opens a v1 database as the current version and keeps every job and kv record', async () => {
    await loadV1();
    const store = createJobStore();
    const jobs = await store.list();
    // Every v1 record reads back (none turned into a damaged_record failure), now with the account
    // it was sent from: the one account there was (schema v3).
    expect(jobs).toEqual(
      [...fixtureJobs]
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((job) => ({ ...job, accountId: 'open-id-fixture' })),
    );
    expect(await store.kvGet('auth/tokens/open-id-fixture')).toEqual(v1.stores.kv['auth/tokens']);
    expect(await store.kvGet('auth/accounts')).toEqual({
      accounts: [{ openId: 'open-id-fixture', displayName: 'Fixture Creator', addedAt: 0 }],
      target: 'open-id-fixture',
    });
    expect(await store.kvGet('auth/tokens')).toBeUndefined();
    expect(await store.kvGet('auth/account')).toBeUndefined();

    const db = await openAppDB();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.transaction('jobs').store.indexNames].sort()).toEqual(['byCreatedAt', 'byStatus']);
    db.close();
  });

  it('leaves jobs without an account when nobody was signed in (they take the target when they run)', async () => {
    await loadV1();
    const db = await openDB(DB_NAME, 1);
    await db.delete('kv', 'auth/tokens');
    db.close();
    const store = createJobStore();
    const jobs = await store.list();
    expect(jobs.every((job) => job.accountId === undefined)).toBe(true);
    expect(jobs).toHaveLength(fixtureJobs.length);
    expect(await store.kvGet('auth/accounts')).toBeUndefined();
  });

  it('lists the unfinished jobs through the new byStatus index', async () => {
    await loadV1();
    const unfinished = await createJobStore().listUnfinished();
    const expected = fixtureJobs.filter((job) => !TERMINAL_STATUSES.includes(job.status));
    expect(unfinished.map((job) => job.id).sort()).toEqual(expected.map((job) => job.id).sort());
    expect(unfinished).toHaveLength(11);
  });

  it('keeps fields and source kinds it does not know through a read-modify-write', async () => {
    const store = createJobStore();
    const future = {
      ...fixtureJobs[0],
      id: 'future',
      source: { kind: 'capture', tabTitle: 'A stream', mimeType: 'video/webm' },
      pipe: { bytesPiped: 1234 },
    } as unknown as Job;
    await store.create(future);
    expect(await store.get('future')).toEqual(future);
    const updated = await store.update('future', (job) => ({ ...job, progress: 0.5 }));
    expect(updated).toEqual({ ...future, progress: 0.5 });
    expect(await store.get('future')).toEqual({ ...future, progress: 0.5 });
  });
});

describe('connection handling', () => {
  function countingOpen(open: () => Promise<IDBPDatabase<AppDB>> = openAppDB) {
    const opened: IDBPDatabase<AppDB>[] = [];
    return {
      opened,
      open: async () => {
        const db = await open();
        opened.push(db);
        return db;
      },
    };
  }

  it('lets another context upgrade (versionchange) and reopens on next use', async () => {
    (await openAppDB()).close();
    // Opens whatever version is on disk, like a store built by the newer code would.
    const counter = countingOpen(() => openDB<AppDB>(DB_NAME));
    const store = createJobStore(counter.open);
    await store.create({ ...fixtureJobs[0] });
    // A newer version opened elsewhere. Blocked forever if the store kept its connection open.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION + 1);
      request.onblocked = () => reject(new Error('upgrade blocked by the store’s open connection'));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    expect((await store.list()).map((job) => job.id)).toEqual([fixtureJobs[0].id]);
    expect(counter.opened).toHaveLength(2);
    expect(counter.opened[1].version).toBe(DB_VERSION + 1);
  });

  it('reopens after the browser closed the connection (close event)', async () => {
    const counter = countingOpen();
    const store = createJobStore(counter.open);
    await store.create({ ...fixtureJobs[0] });
    // fake-indexeddb types its parameter as the constructor; it takes the connection.
    forceCloseDatabase(unwrap(counter.opened[0]) as never);
    // Without the reopen, every later call fails with InvalidStateError (connection is closing).
    expect((await store.list()).map((job) => job.id)).toEqual([fixtureJobs[0].id]);
    expect(counter.opened).toHaveLength(2);
  });
});
