// jobs.ts against a real (fake-indexeddb) store: every status change goes through the state machine
// in one transaction, an illegal one changes nothing, and the side effects of a change (the disk
// freed when TikTok has the video or the user cancelled, the diagnostics line) happen.
import { beforeEach, describe, expect, it } from 'vitest';
import { canTransition, IllegalTransition } from '@/utils/job-machine';
import { JOB_STATUSES, type JobStatus } from '@/utils/job';
import { cancelJob, createFileJob, createUrlJob, retryJob, setStatus } from '../jobs';
import { fakeBrowser } from 'wxt/testing';
import { ALARM_NAME } from '../watchdog';
import { fileJob, freshWorld, OPEN_ID, putJob, statusOf, type World } from './harness';

let world: World;
beforeEach(async () => {
  world = await freshWorld();
});

// The legal moves, written out here rather than read from the machine, so a loosened table fails.
const LEGAL: Record<JobStatus, JobStatus[]> = (() => {
  const running: JobStatus[] = ['acquiring', 'initializing', 'uploading', 'processing'];
  const waits: JobStatus[] = [
    'needs_auth',
    'needs_permission',
    'waiting_slot',
    'rate_limited',
    'offline',
    'paused',
  ];
  const end: JobStatus[] = ['failed', 'cancelled'];
  const fromWait = ['queued', ...running, ...waits, ...end] as JobStatus[];
  return {
    queued: ['queued', ...running, ...waits, ...end],
    acquiring: ['queued', 'acquiring', 'initializing', ...waits, ...end],
    initializing: ['queued', 'initializing', 'acquiring', 'uploading', 'processing', ...waits, ...end],
    uploading: ['queued', 'uploading', 'initializing', 'acquiring', 'processing', ...waits, ...end],
    processing: ['queued', 'processing', 'initializing', 'in_drafts', 'published', ...waits, ...end],
    needs_auth: fromWait,
    needs_permission: fromWait,
    waiting_slot: fromWait,
    rate_limited: fromWait,
    offline: fromWait,
    paused: fromWait,
    in_drafts: ['published'],
    published: [],
    failed: ['queued'],
    cancelled: ['queued'],
  };
})();

describe('setStatus: every illegal transition is refused and leaves the record as it was', () => {
  const illegal = JOB_STATUSES.flatMap((from) =>
    JOB_STATUSES.filter((to) => !LEGAL[from].includes(to)).map((to) => [from, to] as const),
  );

  it('the list of illegal moves is the machine’s (nothing loosened, nothing forgotten)', () => {
    for (const from of JOB_STATUSES)
      for (const to of JOB_STATUSES)
        expect([from, to, canTransition(from, to)]).toEqual([from, to, LEGAL[from].includes(to)]);
    expect(illegal.length).toBeGreaterThan(40);
  });

  it.each(illegal)('%s → %s throws IllegalTransition, nothing written', async (from, to) => {
    const job = await putJob(world, { status: from, progress: 0.25 });
    const before = await statusOf(world, job.id);
    await expect(setStatus(job.id, to, { progress: 0.9 })).rejects.toBeInstanceOf(IllegalTransition);
    expect(await statusOf(world, job.id)).toEqual(before);
  });

  it('a legal move is written with its patch and logged in the diagnostics', async () => {
    const job = await putJob(world, { status: 'queued' });
    world.clock.now += 1000;
    const moved = await setStatus(job.id, 'initializing', { route: 'FILE_UPLOAD' });
    expect(moved).toMatchObject({ status: 'initializing', route: 'FILE_UPLOAD', updatedAt: world.clock.now });
    expect((await world.diagnostics.list()).map((e) => e.text)).toContain('queued → initializing');
  });
});

describe('the stored bytes', () => {
  it.each(['in_drafts', 'published'] as const)('are deleted when the job reaches %s', async (end) => {
    const job = await fileJob(world, { status: 'processing', publishId: 'p-1', heldByTikTok: true });
    await setStatus(job.id, end);
    expect(await world.deps.store.getBlob(job.id)).toBeUndefined();
  });

  it('are deleted on cancel, and kept on failure (for Retry)', async () => {
    const failed = await fileJob(world, { status: 'uploading' });
    await setStatus(failed.id, 'failed', { error: { code: 'x', message: 'x' } });
    expect(await world.deps.store.getBlob(failed.id)).toBeDefined();

    const cancelled = await fileJob(world, { status: 'uploading' });
    await cancelJob(cancelled.id);
    expect(await world.deps.store.getBlob(cancelled.id)).toBeUndefined();
    expect(await statusOf(world, cancelled.id)).toMatchObject({ status: 'cancelled', hasBlob: false });
  });
});

describe('creating jobs', () => {
  it('a URL to a private address is a failed job at once, with the reason', async () => {
    for (const url of ['http://192.168.1.20/v.mp4', 'http://10.0.0.1/v.mp4', 'http://printer.lan/v.mp4']) {
      const job = await createUrlJob(url, 'popup');
      expect(job.status, url).toBe('failed');
      expect(job.error?.message).toBeTruthy();
    }
  });

  it('the scheduler alarm is armed before the job is stored: a worker killed right after still wakes for it', async () => {
    let alarmWhenStored: unknown;
    const create = world.deps.store.create.bind(world.deps.store);
    world.deps.store.create = async (job) => {
      alarmWhenStored = await fakeBrowser.alarms.get(ALARM_NAME);
      return create(job);
    };
    await createUrlJob('https://videos.example.com/clip.mp4', 'popup');
    expect(alarmWhenStored).toMatchObject({ name: ALARM_NAME, periodInMinutes: expect.any(Number) });
  });

  it('a public URL is queued for the target account', async () => {
    const job = await createUrlJob('https://videos.example.com/a/b/clip.mp4', 'menu');
    expect(job).toMatchObject({ status: 'queued', accountId: OPEN_ID, title: 'clip.mp4' });
  });

  it('an account that is no longer connected is refused with a next step', async () => {
    await expect(
      createUrlJob('https://videos.example.com/c.mp4', 'popup', undefined, 'gone'),
    ).rejects.toThrow(/no longer connected/);
  });

  it('a file job needs its stored bytes', async () => {
    await expect(createFileJob({ id: 'nope', name: 'a.mp4', size: 1, type: 'video/mp4' })).rejects.toThrow(
      /choose it again/,
    );
  });
});

describe('retryJob', () => {
  it('refuses a job that cannot be retried, and a refusal retrying cannot change', async () => {
    const done = await putJob(world, { status: 'in_drafts' });
    await expect(retryJob(done.id)).rejects.toThrow(/cannot be retried/);
    await expect(retryJob('missing')).rejects.toThrow(/no longer exists/);
  });

  it('keeps a still-valid upload session, and starts over once it expired', async () => {
    const session = {
      status: 'failed' as const,
      route: 'FILE_UPLOAD' as const,
      publishId: 'p-9',
      uploadUrl: 'https://open-upload.tiktokapis.com/upload/?id=9',
      plan: { videoSize: 4096, chunkSize: 4096, totalChunkCount: 1 },
      serverOffset: 0,
    };
    const fresh = await fileJob(world, { ...session, uploadUrlExpiresAt: world.clock.now + 30 * 60_000 });
    expect(await retryJob(fresh.id)).toMatchObject({ status: 'queued', publishId: 'p-9' });
    const stale = await fileJob(world, { ...session, uploadUrlExpiresAt: world.clock.now + 60_000 });
    const retried = await retryJob(stale.id);
    expect(retried.status).toBe('queued');
    expect(retried.publishId).toBeUndefined();
  });
});
