// The scheduler (runner.ts) driving real steps against the fake store and the scripted TikTok: a
// file goes all the way to the drafts, at most MAX_TRANSFERS transfers run at once, a job leased
// by a live worker is left alone, the keepalive beats (and renews the leases) while a transfer
// runs, and the alarm is set for the next due time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { ApiVerdict, InitData } from '@/utils/tiktok-client';
import { ALARM_NAME, kick, MAX_TRANSFERS, startup } from '../runner';
import { running } from '../running';
import { fileJob, freshWorld, gate, putJob, statusOf, until, videoBlob, type World } from './harness';

let world: World;
beforeEach(async () => {
  world = await freshWorld();
});
afterEach(async () => {
  vi.useRealTimers();
  // Let every started drive finish before the next test installs another world.
  for (const entry of running.values()) entry.controller.abort();
  await until(() => running.size === 0);
});

describe('a pass', () => {
  it('takes a stored file to the drafts: init, upload (TikTok holds the same bytes), poll, bytes freed', async () => {
    const job = await fileJob(world, {}, 5000);
    await kick();
    await until(async () => (await statusOf(world, job.id)).status === 'in_drafts');
    expect(world.tiktok.inits).toEqual([
      { source: 'FILE_UPLOAD', video_size: 5000, chunk_size: 5000, total_chunk_count: 1 },
    ]);
    const sent = [...world.tiktok.held.values()][0];
    const stored = new Uint8Array(await videoBlob(5000).arrayBuffer());
    expect(sent).toEqual(stored);
    expect(world.tiktok.statusAsked).toEqual(['p-1']);
    expect(await world.deps.store.getBlob(job.id)).toBeUndefined();
    await until(() => running.size === 0); // the drive ends by giving its lease back
    const done = await statusOf(world, job.id);
    expect(done.lease).toBeUndefined();
    expect(done.progress).toBe(1);
  });

  it(`runs at most ${MAX_TRANSFERS} transfers at once; the next starts when one ends`, async () => {
    const answers = [
      gate<ApiVerdict<InitData>>(),
      gate<ApiVerdict<InitData>>(),
      gate<ApiVerdict<InitData>>(),
    ];
    world.tiktok.initAnswers.push(...answers.map((g) => () => g.promise));
    const jobs = [await fileJob(world), await fileJob(world), await fileJob(world)];
    await kick();
    await until(() => world.tiktok.inits.length === MAX_TRANSFERS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(world.tiktok.inits).toHaveLength(MAX_TRANSFERS);
    expect(running.size).toBe(MAX_TRANSFERS);
    const waiting = await statusOf(world, jobs[2].id);
    expect(waiting.status).toBe('queued');

    answers[0].open({ kind: 'fatal', code: 'invalid_params', message: 'no' });
    await until(() => world.tiktok.inits.length === 3);
    answers[1].open({ kind: 'fatal', code: 'invalid_params', message: 'no' });
    answers[2].open({ kind: 'fatal', code: 'invalid_params', message: 'no' });
    for (const job of jobs) await until(async () => (await statusOf(world, job.id)).status === 'failed');
  });

  it('leaves a job leased by a live worker alone, and takes it once the lease ran out', async () => {
    const job = await fileJob(world, {
      lease: { owner: 'other-worker', until: world.clock.now + 60_000 },
    });
    await kick();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.tiktok.inits).toHaveLength(0);
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'queued',
      lease: { owner: 'other-worker' },
    });
    // The alarm comes back when the foreign lease ends.
    expect((await fakeBrowser.alarms.get(ALARM_NAME))?.scheduledTime).toBe(world.clock.now + 60_000);

    world.clock.now += 61_000;
    await kick();
    await until(async () => (await statusOf(world, job.id)).status === 'in_drafts');
  });

  it('a step never runs for a job whose lease another worker took meanwhile', async () => {
    // The pass sees no lease; before the drive takes it, another worker does.
    const job = await fileJob(world);
    const store = world.deps.store;
    const list = store.listUnfinished.bind(store);
    store.listUnfinished = async () => {
      const jobs = await list();
      await store.update(job.id, (j) => ({
        ...j,
        lease: { owner: 'other-worker', until: world.clock.now + 60_000 },
      }));
      return jobs;
    };
    await kick();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.tiktok.inits).toHaveLength(0);
    expect((await statusOf(world, job.id)).lease?.owner).toBe('other-worker');
  });

  it('takes over a lease an earlier worker instance renewed before this one started, even one written late', async () => {
    world.deps.startedAt = world.clock.now;
    const job = await fileJob(world);
    await startup();
    await until(async () => (await statusOf(world, job.id)).status === 'in_drafts');
    // The dead instance's last write lands after this one started (a write sent just before the kill).
    const late = await fileJob(world, {
      lease: { owner: 'dead-worker', until: world.clock.now - 1 + 60_000, at: world.clock.now - 1 },
    });
    await kick();
    await until(async () => (await statusOf(world, late.id)).status === 'in_drafts');
  });

  it('holds the lease while a transfer runs; the keepalive beat calls an extension API and renews it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let beats = 0;
    fakeBrowser.runtime.getPlatformInfo = async () => {
      beats++;
      return { os: 'linux', arch: 'x86-64', nacl_arch: 'x86-64' };
    };
    const answer = gate<ApiVerdict<InitData>>();
    world.tiktok.initAnswers.push(() => answer.promise);
    const job = await fileJob(world);
    await kick();
    await until(() => world.tiktok.inits.length === 1);
    const leased = await statusOf(world, job.id);
    expect(leased.lease?.owner).toBe('worker-under-test');
    const firstUntil = leased.lease!.until;

    world.clock.now += 20_000;
    vi.advanceTimersByTime(20_000);
    await until(async () => (await statusOf(world, job.id)).lease!.until > firstUntil);
    expect(beats).toBe(1);
    expect((await statusOf(world, job.id)).lease!.until).toBe(world.clock.now + 60_000);

    answer.open({ kind: 'fatal', code: 'invalid_params', message: 'no' });
    await until(async () => (await statusOf(world, job.id)).status === 'failed');
    await until(() => running.size === 0);
    // No transfer left: the beat stops.
    vi.advanceTimersByTime(60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(beats).toBe(1);
  });
});

describe('the alarm', () => {
  it('is cleared when no job needs the worker, and set for a rate-limited job’s time', async () => {
    await fakeBrowser.alarms.create(ALARM_NAME, { when: world.clock.now + 1 });
    await kick();
    expect(await fakeBrowser.alarms.get(ALARM_NAME)).toBeUndefined();

    await putJob(world, {
      status: 'rate_limited',
      notBefore: world.clock.now + 45_000,
      resumeStatus: 'initializing',
    });
    await kick();
    expect((await fakeBrowser.alarms.get(ALARM_NAME))?.scheduledTime).toBe(world.clock.now + 45_000);
  });

  it('wakes an offline job when the network is back', async () => {
    world.net.online = false;
    const job = await fileJob(world, { status: 'offline', resumeStatus: 'initializing' });
    await kick();
    expect((await statusOf(world, job.id)).status).toBe('offline');
    world.net.online = true;
    await kick();
    await until(async () => (await statusOf(world, job.id)).status === 'in_drafts');
  });
});
