// The network guard as installed (its session rules matched against private and public URLs, and
// failing closed when Chrome refuses a rule), the keepalive beat, and the outcome rules every step
// falls back on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { IllegalTransition } from '@/utils/job-machine';
import { StorageFullError } from '@/utils/job-store';
import { OUTAGE_BUDGET_MS } from '@/utils/retry-policy';
import { NotSignedInError } from '@/utils/tokens';
import { keepAlive } from '../keepalive';
import { handleStepError, retryLater } from '../outcome';
import { fakeDnr, fileJob, freshWorld, putJob, statusOf, type World } from './harness';

let world: World;
beforeEach(async () => {
  world = await freshWorld();
});
afterEach(() => {
  keepAlive(false, () => undefined);
  vi.useRealTimers();
});

/** A fresh copy of network-guard.ts (it installs its rules once per worker) over `dnr`. */
async function freshGuard(dnr: ReturnType<typeof fakeDnr>) {
  vi.resetModules();
  const deps = await import('../deps');
  deps.installDeps(world.deps);
  const testing = await import('wxt/testing');
  testing.fakeBrowser.declarativeNetRequest = dnr as unknown as typeof fakeBrowser.declarativeNetRequest;
  const guard = await import('../network-guard');
  return { ...guard, host: new URL(testing.fakeBrowser.runtime.getURL('/')).hostname, testing };
}

function blocked(dnr: ReturnType<typeof fakeDnr>, url: string): boolean {
  const matching = dnr.rules().filter((rule) => new RegExp(rule.condition.regexFilter).test(url));
  const top = Math.max(...matching.map((rule) => rule.priority));
  return matching.some((rule) => rule.priority === top && rule.action.type === 'block');
}

describe('the network guard', () => {
  it.each([
    'http://127.0.0.1/v.mp4',
    'http://localhost:8080/v.mp4',
    'http://10.0.0.5/v.mp4',
    'http://172.16.3.4/v.mp4',
    'http://192.168.178.1/v.mp4',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/v.mp4',
    'http://[fd00::1]/v.mp4',
    'http://[fe80::1]/v.mp4',
    'http://100.64.0.1/v.mp4',
    'http://printer.lan/v.mp4',
    'http://fritz.box/v.mp4',
    'http://router/v.mp4',
  ])('blocks the extension’s requests to %s', async (url) => {
    const dnr = fakeDnr();
    const { ensureNetworkGuard } = await freshGuard(dnr);
    await ensureNetworkGuard();
    expect(blocked(dnr, url)).toBe(true);
  });

  it.each([
    'https://videos.example.com/v.mp4',
    'https://8.8.8.8/v.mp4',
    'https://open-upload.tiktokapis.com/x',
  ])('lets %s through', async (url) => {
    const dnr = fakeDnr();
    const { ensureNetworkGuard } = await freshGuard(dnr);
    await ensureNetworkGuard();
    expect(blocked(dnr, url)).toBe(false);
  });

  it('rules apply to the extension’s own requests only, and replace the earlier ones', async () => {
    const dnr = fakeDnr();
    await dnr.updateSessionRules({
      addRules: [{ id: 1000, priority: 1, action: { type: 'block' }, condition: { regexFilter: 'old' } }],
    });
    const { ensureNetworkGuard, host } = await freshGuard(dnr);
    await ensureNetworkGuard();
    expect(
      dnr
        .rules()
        .every((rule) => (rule.condition as { initiatorDomains?: string[] }).initiatorDomains?.[0] === host),
    ).toBe(true);
    expect(dnr.rules().some((rule) => rule.condition.regexFilter === 'old')).toBe(false);
  });

  it('fails closed (and tries again next time) when Chrome refuses a rule', async () => {
    const first = fakeDnr();
    const { ensureNetworkGuard } = await freshGuard(first);
    await ensureNetworkGuard();
    const someRegex = first.rules()[0].condition.regexFilter;

    const refusing = fakeDnr([someRegex]);
    const again = await freshGuard(refusing);
    await expect(again.ensureNetworkGuard()).rejects.toThrow(/refused the rule/);
    expect(refusing.rules()).toEqual([]);
    again.testing.fakeBrowser.declarativeNetRequest =
      fakeDnr() as unknown as typeof fakeBrowser.declarativeNetRequest;
    await expect(again.ensureNetworkGuard()).resolves.toBeUndefined();
  });
});

describe('keepAlive', () => {
  it('calls an extension API and the beat every 20 s while active, and stops when not', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let platform = 0;
    let beats = 0;
    fakeBrowser.runtime.getPlatformInfo = async () => {
      platform++;
      return { os: 'linux', arch: 'x86-64', nacl_arch: 'x86-64' };
    };
    keepAlive(true, () => void beats++);
    keepAlive(true, () => void beats++); // a second start does not double the beat
    vi.advanceTimersByTime(19_999);
    expect([platform, beats]).toEqual([0, 0]);
    vi.advanceTimersByTime(1);
    expect([platform, beats]).toEqual([1, 1]);
    vi.advanceTimersByTime(40_000);
    expect([platform, beats]).toEqual([3, 3]);
    keepAlive(false, () => void beats++);
    vi.advanceTimersByTime(60_000);
    expect([platform, beats]).toEqual([3, 3]);
  });
});

describe('handleStepError', () => {
  it('a job changed under the step keeps its new state', async () => {
    const job = await putJob(world, { status: 'cancelled' });
    await handleStepError(job, new IllegalTransition('uploading', 'failed'));
    expect((await statusOf(world, job.id)).status).toBe('cancelled');
  });

  it('maps each kind of failure to a state the user can act on', async () => {
    const signedOut = await putJob(world, { status: 'initializing' });
    await handleStepError(signedOut, new NotSignedInError());
    expect((await statusOf(world, signedOut.id)).status).toBe('needs_auth');

    const full = await putJob(world, {
      status: 'acquiring',
      source: { kind: 'url', url: 'https://a.example/v.mp4', via: 'popup' },
    });
    await handleStepError(full, new StorageFullError(new Error('quota')));
    expect(await statusOf(world, full.id)).toMatchObject({
      status: 'paused',
      error: { code: 'storage_full' },
    });

    const dropped = await putJob(world, { status: 'initializing' });
    await handleStepError(dropped, new TypeError('Failed to fetch'));
    expect(await statusOf(world, dropped.id)).toMatchObject({ status: 'initializing', attempts: 1 });

    const held = await fileJob(world, { status: 'processing', publishId: 'p-1' });
    await handleStepError(held, new Error('boom'));
    expect(await statusOf(world, held.id)).toMatchObject({
      status: 'processing',
      attempts: 1,
      retry: { cause: 'boom' },
    });

    const odd = await putJob(world, { status: 'initializing' });
    await handleStepError(odd, new Error('boom'));
    expect(await statusOf(world, odd.id)).toMatchObject({ status: 'failed', error: { code: 'internal' } });
  });
});

describe('retryLater', () => {
  it('backs off within the budget, then fails naming how long it kept failing', async () => {
    const job = await putJob(world, { status: 'initializing' });
    await retryLater(job, 'network', 'The network request failed.');
    let now = await statusOf(world, job.id);
    expect(now).toMatchObject({ status: 'initializing', attempts: 1, lastProgressAt: world.clock.now });
    expect(now.notBefore).toBeGreaterThan(world.clock.now);

    world.clock.now += OUTAGE_BUDGET_MS + 1;
    await retryLater(now, 'network', 'The network request failed.');
    now = await statusOf(world, job.id);
    expect(now.status).toBe('failed');
    expect(now.error?.message).toMatch(/It kept failing for/);
  });

  it('offline: waits for the network instead of spending the budget', async () => {
    world.net.online = false;
    const job = await putJob(world, { status: 'initializing', attempts: 3 });
    await retryLater(job, 'network', 'x');
    expect(await statusOf(world, job.id)).toMatchObject({ status: 'offline', attempts: 0 });
  });
});
