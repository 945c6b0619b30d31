// The `uploading` step of a piped URL job: the bytes come from the video's server (a scripted one
// that honours Range and validators) straight into TikTok's upload, with the same checks as a
// stored upload and the same re-init cap when the source changes.
import { beforeEach, describe, expect, it } from 'vitest';
import { pipedUpload } from '../pipe-upload';
import { MAX_REINITS } from '../transfer';
import { freshWorld, putJob, statusOf, UPLOAD_HOST, videoBlob, type World } from './harness';

let world: World;
const signal = new AbortController().signal;
const SIZE = 6000;
const plan = { videoSize: SIZE, chunkSize: SIZE, totalChunkCount: 1 };

beforeEach(async () => {
  world = await freshWorld();
});

/** The video's server: 200 or 206 for `Range: bytes=N-`, with an ETag. */
function serveVideo(bytes: Uint8Array, etag = '"v1"') {
  world.serve = async (_url, init) => {
    const range = new Headers(init?.headers).get('Range');
    const start = range ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0;
    const body = bytes.slice(start);
    const headers: Record<string, string> = { ETag: etag, 'Content-Length': String(body.length) };
    if (range) headers['Content-Range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
    return new Response(body, { status: range ? 206 : 200, headers });
  };
}

function pipedJob(fields = {}) {
  return putJob(world, {
    status: 'uploading',
    source: { kind: 'url', url: 'https://videos.example.com/v.mp4', via: 'popup' },
    route: 'FILE_UPLOAD',
    piped: { etag: '"v1"' },
    publishId: 'p-1',
    uploadUrl: `${UPLOAD_HOST}/upload/?id=1`,
    uploadUrlExpiresAt: world.clock.now + 30 * 60_000,
    plan,
    videoSize: SIZE,
    mimeType: 'video/mp4',
    serverOffset: 0,
    ...fields,
  });
}

describe('pipedUpload', () => {
  it('sends the source’s bytes to TikTok unchanged, storing nothing', async () => {
    const bytes = new Uint8Array(await videoBlob(SIZE).arrayBuffer());
    serveVideo(bytes);
    const job = await pipedJob();
    await pipedUpload(job, signal);
    expect(world.tiktok.held.get(`${UPLOAD_HOST}/upload/?id=1`)).toEqual(bytes);
    expect(await statusOf(world, job.id)).toMatchObject({ status: 'processing', heldByTikTok: true });
    expect(await world.deps.store.getBlob(job.id)).toBeUndefined();
  });

  it('an upload URL about to expire re-inits without fetching the source', async () => {
    const job = await pipedJob({ uploadUrlExpiresAt: world.clock.now + 10_000 });
    await pipedUpload(job, signal);
    expect(world.fetched).toEqual([]);
    expect(await statusOf(world, job.id)).toMatchObject({ status: 'initializing', reinits: 1 });
  });

  it('refuses an upload URL outside TikTok’s hosts before reading a byte', async () => {
    const job = await pipedJob({ uploadUrl: 'https://evil.example.com/u' });
    await pipedUpload(job, signal);
    expect(world.fetched).toEqual([]);
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'failed',
      error: { code: 'bad_upload_url' },
    });
  });

  it(`a source that changed is sent again from the start, at most ${MAX_REINITS} times`, async () => {
    serveVideo(new Uint8Array(await videoBlob(SIZE).arrayBuffer()), '"v2"');
    const again = await pipedJob();
    await pipedUpload(again, signal);
    expect(await statusOf(world, again.id)).toMatchObject({ status: 'acquiring', reinits: 1 });

    const tired = await pipedJob({ reinits: MAX_REINITS });
    await pipedUpload(tired, signal);
    expect(await statusOf(world, tired.id)).toMatchObject({
      status: 'failed',
      error: { code: 'source_changed' },
    });
  });

  it('is only for piped URL jobs', async () => {
    const job = await pipedJob({ piped: undefined });
    await expect(pipedUpload(job, signal)).rejects.toThrow(/Not a piped job/);
  });
});
