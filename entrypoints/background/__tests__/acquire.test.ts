// The `acquiring` step and the `queued` step's checks against a scripted video server (real
// Response objects, real MP4 bytes): only public hosts, a redirect checked like the address, the
// 4 GB cap, the video sniff, and the downloaded copy stored for the upload.
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_VIDEO_SIZE } from '@/utils/chunk-plan';
import { acquire } from '../acquire';
import { prepare } from '../prepare';
import { freshWorld, putJob, statusOf, videoBlob, type World } from './harness';

let world: World;
const signal = new AbortController().signal;
beforeEach(async () => {
  world = await freshWorld();
});

function urlJob(url: string, fields = {}) {
  return putJob(world, {
    status: 'acquiring',
    source: { kind: 'url', url, via: 'popup' },
    title: 'v.mp4',
    route: 'FILE_UPLOAD',
    ...fields,
  });
}

/** An answer without Content-Length (chunked), so the bytes are stored rather than piped. */
function chunked(bytes: Blob, init: ResponseInit = {}): Response {
  return new Response(bytes.stream(), init);
}

describe('acquire', () => {
  it('stores a public video’s bytes (the same bytes) and moves to initializing', async () => {
    const video = videoBlob(6000);
    world.serve = async () => chunked(video);
    const job = await urlJob('https://videos.example.com/v.mp4');
    await acquire(job, signal);
    const stored = await world.deps.store.getBlob(job.id);
    expect(new Uint8Array(await stored!.blob.arrayBuffer())).toEqual(
      new Uint8Array(await video.arrayBuffer()),
    );
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'initializing',
      hasBlob: true,
      videoSize: 6000,
    });
  });

  it.each([
    'http://127.0.0.1/v.mp4',
    'http://192.168.0.10/v.mp4',
    'http://10.1.2.3/v.mp4',
    'http://169.254.169.254/latest',
    'http://[::1]/v.mp4',
    'http://router/v.mp4',
    'http://printer.lan/v.mp4',
    'http://127.0.0.1.nip.io/v.mp4',
  ])('never fetches a private or local address: %s', async (url) => {
    const job = await urlJob(url);
    await acquire(job, signal);
    expect(world.fetched).toEqual([]);
    const failed = await statusOf(world, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toBeTruthy();
  });

  it('refuses a redirect to a private address, keeping nothing', async () => {
    world.serve = async () => {
      const response = chunked(videoBlob(3000));
      Object.defineProperty(response, 'redirected', { value: true });
      Object.defineProperty(response, 'url', { value: 'http://192.168.1.1/v.mp4' });
      return response;
    };
    const job = await urlJob('https://videos.example.com/v.mp4');
    await acquire(job, signal);
    const failed = await statusOf(world, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toMatch(/^The address redirected elsewhere/);
    expect(await world.deps.store.getBlob(job.id)).toBeUndefined();
  });

  it('refuses a video over 4 GB from its Content-Length, before reading it', async () => {
    let pulled = 0;
    world.serve = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulled++;
            controller.enqueue(new Uint8Array(1024));
          },
        }),
        { headers: { 'Content-Length': String(MAX_VIDEO_SIZE + 1) } },
      );
    const job = await urlJob('https://videos.example.com/huge.mp4');
    await acquire(job, signal);
    expect(await statusOf(world, job.id)).toMatchObject({ status: 'failed', error: { code: 'too_large' } });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('accepts exactly 4,000,000,000 B as declared (the cap is inclusive)', () => {
    expect(MAX_VIDEO_SIZE).toBe(4_000_000_000);
  });

  it('refuses what is not a video, and an empty answer', async () => {
    world.serve = async () => chunked(new Blob(['<html>' + 'x'.repeat(5000)]));
    const page = await urlJob('https://videos.example.com/page');
    await acquire(page, signal);
    expect(await statusOf(world, page.id)).toMatchObject({
      status: 'failed',
      error: { code: 'not_a_video' },
    });

    world.serve = async () => new Response(new Uint8Array(0), { headers: { 'Content-Length': '0' } });
    const empty = await urlJob('https://videos.example.com/empty.mp4');
    await acquire(empty, signal);
    expect(await statusOf(world, empty.id)).toMatchObject({ status: 'failed', error: { code: 'empty' } });
  });

  it('a 503 is retried later; a 404 fails with the status', async () => {
    world.serve = async () => new Response('busy', { status: 503 });
    const busy = await urlJob('https://videos.example.com/v.mp4');
    await acquire(busy, signal);
    expect(await statusOf(world, busy.id)).toMatchObject({
      status: 'acquiring',
      attempts: 1,
      retry: { cause: 'download failed' },
    });

    world.serve = async () => new Response('no', { status: 404, statusText: 'Not Found' });
    const gone = await urlJob('https://videos.example.com/gone.mp4');
    await acquire(gone, signal);
    expect(await statusOf(world, gone.id)).toMatchObject({
      status: 'failed',
      error: { code: 'download_failed' },
    });
  });

  it('asks for host access first when the host is not granted', async () => {
    const { fakeBrowser } = await import('wxt/testing');
    fakeBrowser.permissions.contains = async () => false;
    const job = await urlJob('https://cdn.example.org/v.mp4');
    await acquire(job, signal);
    expect(world.fetched).toEqual([]);
    expect(await statusOf(world, job.id)).toMatchObject({ status: 'needs_permission' });
  });
});

describe('prepare', () => {
  it('sends a file job to initializing, never to acquiring', async () => {
    const job = await putJob(world, { status: 'queued', hasBlob: true });
    await prepare(job);
    expect((await statusOf(world, job.id)).status).toBe('initializing');
  });

  it('fails a private URL before anything is fetched', async () => {
    const job = await putJob(world, {
      status: 'queued',
      source: { kind: 'url', url: 'http://172.16.0.5/v.mp4', via: 'menu' },
    });
    await prepare(job);
    expect((await statusOf(world, job.id)).status).toBe('failed');
    expect(world.fetched).toEqual([]);
  });

  it('with no account connected, waits in needs_auth', async () => {
    world = await freshWorld({ signedIn: false });
    const job = await putJob(world, { status: 'queued', accountId: undefined, hasBlob: true });
    await expect(prepare(job)).rejects.toThrow();
    const { handleStepError } = await import('../outcome');
    await prepare(job).catch((err) => handleStepError(job, err));
    expect((await statusOf(world, job.id)).status).toBe('needs_auth');
  });
});
