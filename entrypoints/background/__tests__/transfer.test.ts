// The `initializing`, `uploading` and `processing` steps called one at a time, as the scheduler
// calls them, against the fake store and the scripted TikTok: what each TikTok answer becomes, the
// re-init cap, and the checks before any byte is sent.
import { beforeEach, describe, expect, it } from 'vitest';
import { initialize, SLOT_WAIT_MS } from '../initialize';
import { poll } from '../poller';
import { MAX_REINITS, reinit, upload } from '../transfer';
import { fileJob, freshWorld, OPEN_ID, putJob, statusOf, UPLOAD_HOST, type World } from './harness';

let world: World;
const signal = new AbortController().signal;
beforeEach(async () => {
  world = await freshWorld();
});

const plan = { videoSize: 4096, chunkSize: 4096, totalChunkCount: 1 };

async function uploadingJob(fields = {}) {
  return fileJob(world, {
    status: 'uploading',
    publishId: 'p-1',
    uploadUrl: `${UPLOAD_HOST}/upload/?id=1`,
    uploadUrlExpiresAt: world.clock.now + 30 * 60_000,
    plan,
    serverOffset: 0,
    ...fields,
  });
}

describe('initialize', () => {
  it('asks TikTok for an upload of the stored video’s size and moves to uploading', async () => {
    const job = await fileJob(world, { status: 'initializing' });
    await initialize(job, signal);
    expect(world.tiktok.inits).toEqual([
      { source: 'FILE_UPLOAD', video_size: 4096, chunk_size: 4096, total_chunk_count: 1 },
    ]);
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'uploading',
      publishId: 'p-1',
      uploadUrlExpiresAt: world.clock.now + 60 * 60_000,
      plan,
      mimeType: 'video/mp4',
    });
  });

  it('refuses bytes that are not a video before asking TikTok', async () => {
    const job = await putJob(world, { status: 'initializing', route: 'FILE_UPLOAD', hasBlob: true });
    const blob = new Blob([new Uint8Array(4096).fill(0x41)]);
    await world.deps.store.putBlob(job.id, { blob, name: 'a', type: 'text/plain', size: 4096, storedAt: 0 });
    await initialize(job, signal);
    expect(world.tiktok.inits).toHaveLength(0);
    expect(await statusOf(world, job.id)).toMatchObject({ status: 'failed', error: { code: 'not_a_video' } });
  });

  it('refuses an upload address outside TikTok’s upload hosts', async () => {
    world.tiktok.initAnswers.push({
      kind: 'ok',
      data: { publish_id: 'p-x', upload_url: 'https://evil.example.com/upload' },
    });
    const job = await fileJob(world, { status: 'initializing' });
    await initialize(job, signal);
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'failed',
      error: { code: 'bad_upload_url' },
    });
  });

  it('waits (6 inits a minute per account) instead of asking a seventh time', async () => {
    const jobs = [];
    for (let i = 0; i < 7; i++) jobs.push(await fileJob(world, { status: 'initializing' }));
    for (const job of jobs) await initialize(job, signal);
    expect(world.tiktok.inits).toHaveLength(6);
    expect(await statusOf(world, jobs[6].id)).toMatchObject({
      status: 'rate_limited',
      resumeStatus: 'initializing',
    });
  });

  it('turns each other answer into its wait or failure', async () => {
    const cases = [
      [
        { kind: 'rate_limited', retryAfterMs: 30_000 },
        { status: 'rate_limited', notBefore: world.clock.now + 30_000 },
      ],
      [
        { kind: 'slot', code: 'spam_risk_too_many_pending_share', message: 'full' },
        { status: 'waiting_slot', notBefore: world.clock.now + SLOT_WAIT_MS },
      ],
      [{ kind: 'auth', code: 'access_token_invalid', message: 'no' }, { status: 'needs_auth' }],
      [{ kind: 'fatal', code: 'invalid_params', message: 'bad', logId: 'L-42' }, { status: 'failed' }],
      [{ kind: 'retry', code: 'internal_error', message: 'down', status: 503 }, { status: 'initializing' }],
    ] as const;
    for (const [answer, expected] of cases) {
      world = await freshWorld();
      world.tiktok.initAnswers.push(answer);
      // The auth answer is retried once after a token renewal: give it the same answer twice.
      if (answer.kind === 'auth') world.tiktok.initAnswers.push(answer);
      const job = await fileJob(world, { status: 'initializing' });
      await initialize(job, signal);
      expect(await statusOf(world, job.id), answer.kind).toMatchObject(expected);
    }
  });

  it('a refused token signs the account out; its job waits in needs_auth with its progress', async () => {
    const auth = { kind: 'auth', code: 'access_token_invalid', message: 'no' } as const;
    world.tiktok.initAnswers.push(auth, auth);
    const job = await fileJob(world, { status: 'initializing' });
    await initialize(job, signal);
    expect(world.refreshes).toBe(1); // renewed once, refused again
    expect((await statusOf(world, job.id)).status).toBe('needs_auth');
    expect(await world.deps.accounts.find(OPEN_ID)).toBeUndefined();
  });

  it('puts TikTok’s log_id in a fatal answer’s message', async () => {
    world.tiktok.initAnswers.push({ kind: 'fatal', code: 'invalid_params', message: 'bad', logId: 'L-42' });
    const job = await fileJob(world, { status: 'initializing' });
    await initialize(job, signal);
    expect((await statusOf(world, job.id)).error?.message).toContain('L-42');
  });
});

describe('upload', () => {
  it('sends the stored bytes and moves to processing with TikTok holding them', async () => {
    const job = await uploadingJob();
    await upload(job, signal);
    expect(world.tiktok.held.get(`${UPLOAD_HOST}/upload/?id=1`)?.length).toBe(4096);
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'processing',
      heldByTikTok: true,
      progress: 1,
    });
  });

  it('re-inits from byte 0 when the upload URL is about to expire, without sending a byte', async () => {
    const job = await uploadingJob({ uploadUrlExpiresAt: world.clock.now + 30_000, serverOffset: 100 });
    await upload(job, signal);
    expect(world.tiktok.puts).toHaveLength(0);
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'initializing',
      reinits: 1,
      serverOffset: 0,
    });
  });

  it('refuses an upload URL outside TikTok’s hosts and a plan that does not match the bytes', async () => {
    const evil = await uploadingJob({ uploadUrl: 'https://evil.example.com/u' });
    await upload(evil, signal);
    expect(await statusOf(world, evil.id)).toMatchObject({
      status: 'failed',
      error: { code: 'bad_upload_url' },
    });
    const other = await uploadingJob({ plan: { ...plan, videoSize: 9999 } });
    await upload(other, signal);
    expect(await statusOf(world, other.id)).toMatchObject({
      status: 'failed',
      error: { code: 'size_mismatch' },
    });
    expect(world.tiktok.puts).toHaveLength(0);
  });

  it(`fails after ${MAX_REINITS} fresh starts instead of asking TikTok again and again`, async () => {
    let job = await uploadingJob();
    for (let i = 1; i <= MAX_REINITS; i++) {
      await reinit(job, 'not_found');
      job = await statusOf(world, job.id);
      expect(job).toMatchObject({ status: 'initializing', reinits: i });
      job = { ...(await putBack(job.id)) };
    }
    await reinit(job, 'not_found');
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'failed',
      error: { code: 'upload_url_rejected' },
    });
  });

  it('a stored copy that is gone pauses a file job (choose it again)', async () => {
    const job = await uploadingJob();
    await world.deps.store.deleteBlob(job.id);
    await upload(job, signal);
    expect(await statusOf(world, job.id)).toMatchObject({ status: 'paused', error: { code: 'source_gone' } });
  });
});

/** Back to uploading as a new init would leave it. */
async function putBack(id: string) {
  return world.deps.store.update(id, (job) => ({
    ...job,
    status: 'uploading',
    publishId: 'p-2',
    uploadUrl: `${UPLOAD_HOST}/upload/?id=2`,
    uploadUrlExpiresAt: world.clock.now + 30 * 60_000,
    plan,
  }));
}

describe('poll', () => {
  async function processing(fields = {}) {
    return fileJob(world, { status: 'processing', publishId: 'p-1', heldByTikTok: true, ...fields });
  }

  it('in drafts: the job ends and the stored copy is deleted', async () => {
    const job = await processing();
    await poll(job, signal);
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'in_drafts',
      tiktokStatus: 'SEND_TO_USER_INBOX',
    });
    expect(await world.deps.store.getBlob(job.id)).toBeUndefined();
  });

  it('still processing: asks again later, keeping TikTok’s offset', async () => {
    world.tiktok.statusAnswers.push({
      kind: 'ok',
      data: { status: 'PROCESSING_UPLOAD', uploaded_bytes: 4096 },
    });
    const job = await processing();
    await poll(job, signal);
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'processing',
      nextPollAt: world.clock.now + 30_000,
      serverOffset: 4096,
    });
  });

  it('TikTok’s failure ends the job with the reason in words', async () => {
    world.tiktok.statusAnswers.push({
      kind: 'ok',
      data: { status: 'FAILED', fail_reason: 'file_format_check_failed' },
    });
    const job = await processing();
    await poll(job, signal);
    expect(await statusOf(world, job.id)).toMatchObject({
      status: 'failed',
      failReason: 'file_format_check_failed',
    });
  });

  it('no usable answer never fails a job TikTok holds: it asks again with a backoff', async () => {
    world.tiktok.statusAnswers.push(
      { kind: 'retry', code: 'internal_error', message: 'down', status: 503 },
      () => Promise.reject(new TypeError('Failed to fetch')),
    );
    const job = await processing();
    await poll(job, signal);
    let now = await statusOf(world, job.id);
    expect(now).toMatchObject({ status: 'processing', attempts: 1, retry: { cause: 'TikTok answered 503' } });
    await poll(now, signal);
    now = await statusOf(world, job.id);
    expect(now).toMatchObject({ status: 'processing', attempts: 2, retry: { cause: 'connection dropped' } });
  });

  it('offline: waits for the network, then resumes asking', async () => {
    world.net.online = false;
    world.tiktok.statusAnswers.push(() => Promise.reject(new TypeError('Failed to fetch')));
    const job = await processing();
    await poll(job, signal);
    expect(await statusOf(world, job.id)).toMatchObject({ status: 'offline', resumeStatus: 'processing' });
  });

  it('spends at most 30 status fetches a minute per account', async () => {
    const jobs = [];
    for (let i = 0; i < 31; i++) jobs.push(await processing());
    world.tiktok.statusAnswers = Array.from({ length: 31 }, () => ({
      kind: 'ok' as const,
      data: { status: 'PROCESSING_UPLOAD' },
    }));
    for (const job of jobs) await poll(job, signal);
    expect(world.tiktok.statusAsked).toHaveLength(30);
    expect((await statusOf(world, jobs[30].id)).nextPollAt).toBeGreaterThan(world.clock.now);
  });
});
