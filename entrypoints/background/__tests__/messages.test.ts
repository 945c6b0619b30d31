// The message handlers: every request type is refused to a sender that is not one of the
// extension's own pages (a content script, a web page, another extension) and does nothing; from
// the popup, requests are parsed and answered against the fake store.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Request } from '@/utils/messages';
import { handleMessage, isTrustedSender } from '../messages';
import { fileJob, freshWorld, OPEN_ID, putJob, statusOf, type World } from './harness';

let world: World;
beforeEach(async () => {
  world = await freshWorld();
});

const origin = () => fakeBrowser.runtime.getURL('/');
const popup = () => ({ id: fakeBrowser.runtime.id, url: `${origin()}popup.html` });

/** One valid request of every type the background answers. */
const REQUESTS: Request[] = [
  { type: 'auth/status' },
  { type: 'auth/connect' },
  { type: 'auth/disconnect', openId: OPEN_ID },
  { type: 'accounts/set-target', openId: OPEN_ID },
  { type: 'job/start-url', url: 'https://videos.example.com/v.mp4' },
  { type: 'job/start-file', jobId: 'f-1', name: 'a.mp4', size: 4096, type_: 'video/mp4' },
  { type: 'job/cancel', jobId: 'j-1' },
  { type: 'job/retry', jobId: 'j-1' },
  { type: 'job/remove', jobId: 'j-1' },
  { type: 'jobs/clear-finished' },
  { type: 'job/reselected', jobId: 'j-1' },
  { type: 'permissions/granted' },
  { type: 'settings/changed' },
  { type: 'diagnostics/get' },
  { type: 'diagnostics/clear' },
] as Request[];

describe('the sender check', () => {
  const strangers = () => [
    {
      name: 'a content script on a web page',
      sender: { id: fakeBrowser.runtime.id, url: 'https://example.com/' },
    },
    {
      name: 'a page of another extension',
      sender: { id: 'other-extension', url: 'chrome-extension://other/p.html' },
    },
    { name: 'a sender without a URL', sender: { id: fakeBrowser.runtime.id } },
    {
      name: 'another extension claiming our URL',
      sender: { id: 'other-extension', url: `${origin()}popup.html` },
    },
  ];

  it('covers every request type of the protocol', async () => {
    const { requestSchema } = await import('@/utils/messages');
    for (const request of REQUESTS) expect(requestSchema.safeParse(request).success, request.type).toBe(true);
    const types = new Set(REQUESTS.map((r) => r.type));
    expect(types.size).toBe(REQUESTS.length);
    // Every type the schema accepts is in the list (a new request type must be added here).
    const schemaTypes = requestSchema.options.map((option) => option.shape.type.value);
    expect([...types].sort()).toEqual([...schemaTypes].sort());
  });

  it.each(REQUESTS.map((r) => [r.type, r] as const))(
    'refuses %s to every stranger, changing nothing',
    async (_t, request) => {
      const job = await fileJob(world, { id: 'j-1', status: 'failed', error: { code: 'x', message: 'x' } });
      await world.deps.store.putBlob('f-1', {
        blob: new Blob([new Uint8Array(4096)]),
        name: 'a.mp4',
        type: 'video/mp4',
        size: 4096,
        storedAt: 0,
      });
      world.deps.note({ kind: 'job', text: 'kept' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      const before = { jobs: await world.deps.store.list(), book: await world.deps.accounts.book() };
      for (const { name, sender } of strangers()) {
        expect(isTrustedSender(sender), name).toBe(false);
        const answer = await handleMessage(request, sender);
        expect(answer, name).toEqual({ ok: false, error: 'Only the extension’s own pages may ask this.' });
      }
      expect({ jobs: await world.deps.store.list(), book: await world.deps.accounts.book() }).toEqual(before);
      expect((await world.diagnostics.list()).map((e) => e.text)).toEqual(['kept']);
      expect((await statusOf(world, job.id)).status).toBe('failed');
    },
  );

  it('answers the extension’s own pages', () => {
    expect(isTrustedSender(popup())).toBe(true);
    expect(isTrustedSender({ id: fakeBrowser.runtime.id, url: `${origin()}options.html` })).toBe(true);
  });
});

describe('requests from the popup', () => {
  it('refuses a malformed request with the reason', async () => {
    const answer = await handleMessage({ type: 'job/cancel' }, popup());
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error).toMatch(/^Malformed request/);
  });

  it('starts a URL job and cancels it', async () => {
    const started = await handleMessage(
      { type: 'job/start-url', url: 'https://videos.example.com/v.mp4' },
      popup(),
    );
    expect(started.ok).toBe(true);
    const { jobId } = (started as { value: { jobId: string } }).value;
    expect((await statusOf(world, jobId)).source).toMatchObject({ kind: 'url', via: 'popup' });
    const cancelled = await handleMessage({ type: 'job/cancel', jobId }, popup());
    expect(cancelled).toEqual({ ok: true, value: { jobId } });
    expect((await statusOf(world, jobId)).status).toBe('cancelled');
  });

  it('a job that cannot be retried says why', async () => {
    const job = await putJob(world, { status: 'published' });
    const answer = await handleMessage({ type: 'job/retry', jobId: job.id }, popup());
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error).toMatch(/cannot be retried/);
  });

  it('a re-chosen file starts over with the new bytes', async () => {
    const job = await fileJob(world, {
      status: 'paused',
      publishId: 'p-1',
      error: { code: 'source_gone', message: 'x' },
    });
    const answer = await handleMessage({ type: 'job/reselected', jobId: job.id }, popup());
    expect(answer.ok).toBe(true);
    expect(await statusOf(world, job.id)).toMatchObject({ status: 'queued', hasBlob: true, videoSize: 4096 });
    expect((await statusOf(world, job.id)).publishId).toBeUndefined();
  });

  it('the diagnostics log can be read and cleared', async () => {
    world.deps.note({ kind: 'api', text: 'TikTok answered rate_limit_exceeded', logId: 'L-1' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const got = await handleMessage({ type: 'diagnostics/get' }, popup());
    expect(got).toMatchObject({ ok: true });
    expect((got as { value: { text: string } }).value.text).toContain('(log_id L-1)');
    await handleMessage({ type: 'diagnostics/clear' }, popup());
    expect(await world.diagnostics.list()).toEqual([]);
  });

  it('removing a finished job deletes its bytes; a running one must be cancelled first', async () => {
    const done = await fileJob(world, { status: 'failed', error: { code: 'x', message: 'x' } });
    expect(await handleMessage({ type: 'job/remove', jobId: done.id }, popup())).toEqual({
      ok: true,
      value: { jobId: done.id },
    });
    expect(await world.deps.store.get(done.id)).toBeUndefined();
    expect(await world.deps.store.getBlob(done.id)).toBeUndefined();
    const busy = await fileJob(world, { status: 'uploading' });
    const answer = await handleMessage({ type: 'job/remove', jobId: busy.id }, popup());
    expect(!answer.ok && answer.error).toMatch(/cancel it first/);
  });
});
