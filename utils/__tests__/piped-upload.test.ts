import { describe, expect, it } from 'vitest';
import type { ChunkPlan } from '../chunk-plan';
import { ChunkFeed, SourceError, validatorsDiffer, type ByteSource, type SourceOpening } from '../chunk-feed';
import { runPipedUpload } from '../piped-upload';
import { backoffMs, nextAttempt, OUTAGE_BUDGET_MS } from '../retry-policy';
import type { PutChunkAnswer, PutChunkRequest } from '../tiktok-client';
import type { UploadRetryPolicy } from '../upload-engine';

/** The retry policy over a fake clock that only the waits move: the budget is time, not tries. */
function timedPolicy(budgetMs: number, delay: (attempt: number) => number): UploadRetryPolicy {
  let clock = 0;
  return {
    backoffMs: delay,
    budgetMs,
    now: () => clock,
    nextAttempt,
    sleep: async (ms) => {
      clock += ms;
    },
  };
}

// A scripted TikTok upload endpoint (chunks in order, each exactly the planned range, answers
// carrying the server's progress), written from the chunk rules rather than from the engine.
class FakeUploadServer {
  readonly received: Uint8Array;
  held = 0;
  puts: PutChunkRequest[] = [];
  /** How far the source had been read when each PUT arrived. */
  readAtPut: number[] = [];
  onPut?: (n: number) => void;
  dropNth = new Set<number>();

  constructor(
    readonly plan: ChunkPlan,
    private readonly source: FakeSource,
  ) {
    this.received = new Uint8Array(plan.videoSize);
  }

  private range(): string {
    return this.held === 0
      ? `bytes */${this.plan.videoSize}`
      : `bytes 0-${this.held - 1}/${this.plan.videoSize}`;
  }

  async put(request: PutChunkRequest): Promise<PutChunkAnswer> {
    this.puts.push(request);
    this.readAtPut.push(this.source.servedUpTo);
    const n = this.puts.length;
    this.onPut?.(n);
    if (this.dropNth.has(n)) throw new TypeError('Failed to fetch');
    const index = Math.floor(this.held / this.plan.chunkSize);
    const start = index * this.plan.chunkSize;
    const end = index === this.plan.totalChunkCount - 1 ? this.plan.videoSize : start + this.plan.chunkSize;
    const body = new Uint8Array(await request.body.arrayBuffer());
    if (request.first !== start || request.last !== end - 1)
      return { status: 416, contentRange: this.range() };
    if (body.length !== end - start) return { status: 400, contentRange: this.range() };
    this.received.set(body, start);
    this.held = end;
    return { status: this.held === this.plan.videoSize ? 201 : 206, contentRange: this.range() };
  }
}

interface SourceOptions {
  ranges?: boolean;
  etag?: string;
  lastModified?: string;
  /** Bytes per read(). */
  piece?: number;
  /** The first opening's connection dies once it has served this many bytes of the file. */
  dropAfter?: number;
  /** A 206 whose Content-Range starts here instead of where asked. */
  wrongRangeStart?: number;
}

// A behaving HTTP source: 200 with the whole file, or 206 from the asked offset when it supports
// ranges, with validators; it logs every opening and how far it has been read.
class FakeSource implements ByteSource {
  opens: { offset: number; useRange: boolean }[] = [];
  servedUpTo = 0;
  constructor(
    public bytes: Uint8Array,
    public opts: SourceOptions = {},
  ) {}

  async open(offset: number, useRange: boolean): Promise<SourceOpening> {
    this.opens.push({ offset, useRange });
    const ranged = useRange && (this.opts.ranges ?? true);
    const startAt = ranged ? (this.opts.wrongRangeStart ?? offset) : 0;
    const dropAfter = this.opens.length === 1 ? this.opts.dropAfter : undefined;
    let position = startAt;
    const piece = this.opts.piece ?? 37;
    return {
      status: ranged ? 206 : 200,
      range: ranged ? { start: startAt, total: this.bytes.length } : undefined,
      length: this.bytes.length - startAt,
      validators: { etag: this.opts.etag, lastModified: this.opts.lastModified },
      read: async () => {
        if (dropAfter !== undefined && position >= dropAfter) throw new TypeError('network error');
        if (position >= this.bytes.length) return undefined;
        const limit = dropAfter !== undefined ? Math.min(dropAfter, this.bytes.length) : this.bytes.length;
        const out = this.bytes.slice(position, Math.min(position + piece, limit));
        position += out.length;
        this.servedUpTo = Math.max(this.servedUpTo, position);
        return out;
      },
      cancel: () => undefined,
    };
  }
}

function videoBytes(size: number, seed = 12345): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

const plan: ChunkPlan = { videoSize: 1050, chunkSize: 100, totalChunkCount: 10 };

function world(opts: SourceOptions = {}, start = { offset: 0, held: 0 }) {
  const bytes = videoBytes(plan.videoSize);
  const source = new FakeSource(bytes, { etag: '"v1"', ...opts });
  const server = new FakeUploadServer(plan, source);
  server.received.set(bytes.subarray(0, start.held));
  server.held = start.held;
  const journal: { serverOffset: number; attempts: number }[] = [];
  const policy = timedPolicy(OUTAGE_BUDGET_MS, (attempt) => backoffMs(attempt, () => 0.5));
  const feed = new ChunkFeed(source, plan, { etag: '"v1"', lastModified: opts.lastModified });
  const run = () =>
    runPipedUpload(
      {
        feed,
        plan,
        uploadUrl: 'https://open-upload.tiktokapis.com/upload/?upload_id=1',
        mimeType: 'video/mp4',
        serverOffset: start.offset,
        attempts: 0,
        signal: new AbortController().signal,
      },
      { putChunk: (request) => server.put(request) },
      { record: async (entry) => void journal.push(entry) },
      policy,
    );
  const sameBytes = () => Buffer.from(server.received).equals(Buffer.from(bytes));
  return { bytes, source, server, journal, feed, run, sameBytes };
}

describe('runPipedUpload', () => {
  it('PUTs every chunk from one download, never reading more than two chunks ahead of TikTok', async () => {
    const w = world();
    expect(await w.run()).toEqual({ kind: 'done', serverOffset: 1050 });
    expect(w.sameBytes()).toBe(true);
    expect(w.source.opens).toEqual([{ offset: 0, useRange: false }]);
    expect(w.server.puts.map((p) => p.first)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    // When chunk i is PUT, TikTok holds i chunks; the source may be read up to chunk i+1's end.
    w.server.readAtPut.forEach((read, i) => {
      expect(read).toBeLessThanOrEqual(Math.min(plan.videoSize, (i + 2) * 100) + 37);
    });
    expect(w.feed.downloaded).toBe(plan.videoSize);
  });

  it('resumes after a restart with a Range request from the byte TikTok confirmed', async () => {
    const w = world({}, { offset: 400, held: 400 });
    expect((await w.run()).kind).toBe('done');
    expect(w.sameBytes()).toBe(true);
    expect(w.source.opens).toEqual([{ offset: 400, useRange: true }]);
    expect(w.feed.downloaded).toBe(650);
  });

  it('reads a source without Range support from byte 0 again and skips what TikTok has', async () => {
    const w = world({ ranges: false }, { offset: 400, held: 400 });
    expect((await w.run()).kind).toBe('done');
    expect(w.sameBytes()).toBe(true);
    expect(w.source.opens).toEqual([{ offset: 400, useRange: true }]);
    expect(w.server.puts[0].first).toBe(400);
    expect(w.feed.downloaded).toBe(1050);
  });

  it('a connection lost mid-chunk reopens with Range where that chunk starts', async () => {
    const w = world({ dropAfter: 550 });
    expect((await w.run()).kind).toBe('done');
    expect(w.sameBytes()).toBe(true);
    expect(w.source.opens).toEqual([
      { offset: 0, useRange: false },
      { offset: 500, useRange: true },
    ]);
    expect(w.server.puts.filter((p) => p.first === 500)).toHaveLength(1);
  });

  it('a 416 putting TikTok ahead of the journal: the feed reads forward to that chunk on the same connection', async () => {
    const w = world({}, { offset: 0, held: 600 });
    expect((await w.run()).kind).toBe('done');
    expect(w.sameBytes()).toBe(true);
    expect(w.source.opens).toHaveLength(1);
    expect(w.server.puts.map((p) => p.first)).toEqual([0, 600, 700, 800, 900]);
  });

  it('a changed ETag stops with source_changed: the bytes TikTok holds are no longer the file', async () => {
    const w = world({ etag: '"v2"' }, { offset: 400, held: 400 });
    const outcome = await w.run();
    expect(outcome).toMatchObject({ kind: 'source_changed', serverOffset: 400 });
    expect(w.server.puts).toHaveLength(0);
  });

  it('falls back to Last-Modified when there is no ETag', async () => {
    expect(validatorsDiffer({ lastModified: 'a' }, { lastModified: 'a' })).toBe(false);
    expect(validatorsDiffer({ lastModified: 'a' }, { lastModified: 'b' })).toBe(true);
    expect(validatorsDiffer({ etag: 'x' }, {})).toBe(true);
    expect(validatorsDiffer({ etag: 'x', lastModified: 'a' }, { etag: 'x', lastModified: 'b' })).toBe(false);
  });

  it('a 206 starting elsewhere than asked is not trusted: the file is read from byte 0 and skipped', async () => {
    const w = world({ wrongRangeStart: 450 }, { offset: 400, held: 400 });
    expect((await w.run()).kind).toBe('done');
    expect(w.sameBytes()).toBe(true);
    expect(w.source.opens).toEqual([
      { offset: 400, useRange: true },
      { offset: 400, useRange: false },
    ]);
  });

  it('a source of another size is a changed file', async () => {
    const w = world({}, { offset: 400, held: 400 });
    w.source.bytes = videoBytes(2000);
    expect((await w.run()).kind).toBe('source_changed');
  });

  it('a lost PUT answer re-sends the chunk already held, without reading the source again', async () => {
    const w = world();
    w.server.dropNth.add(3);
    expect((await w.run()).kind).toBe('done');
    expect(w.sameBytes()).toBe(true);
    expect(w.source.opens).toHaveLength(1);
    expect(w.feed.downloaded).toBe(1050);
  });

  it('a source that keeps failing gives up after the policy’s attempts, naming the download', async () => {
    const bytes = videoBytes(plan.videoSize);
    const failing: ByteSource = {
      open: async () => {
        throw new SourceError('retry', 'the video’s server answered 503');
      },
    };
    const server = new FakeUploadServer(plan, new FakeSource(bytes));
    const outcome = await runPipedUpload(
      {
        feed: new ChunkFeed(failing, plan, {}),
        plan,
        uploadUrl: 'u',
        mimeType: 'video/mp4',
        serverOffset: 0,
        attempts: 0,
        signal: new AbortController().signal,
      },
      { putChunk: (r) => server.put(r) },
      { record: async () => undefined },
      // Each failure waits 1 s of a fake clock; the budget runs out on the third.
      timedPolicy(2000, () => 1000),
    );
    expect(outcome).toMatchObject({
      kind: 'gave_up',
      attempts: 3,
      message: 'the video’s server answered 503',
    });
    expect(server.puts).toHaveLength(0);
  });

  it('a source that stalls is dropped and reopened with Range, and a cancel does not wait for it', async () => {
    const bytes = videoBytes(plan.videoSize);
    let opens = 0;
    const stalling: ByteSource = {
      open: async (offset) => {
        opens++;
        let sent = false;
        let hangUp: (() => void) | undefined;
        return {
          status: 206,
          range: { start: offset, total: plan.videoSize },
          validators: {},
          // One chunk, then silence until the connection is dropped (as a fetch body's reader).
          read: () => {
            if (!sent) {
              sent = true;
              return Promise.resolve(bytes.slice(offset, offset + 100));
            }
            return new Promise<undefined>((resolve) => (hangUp = () => resolve(undefined)));
          },
          cancel: () => hangUp?.(),
        };
      },
    };
    const feed = new ChunkFeed(stalling, plan, {}, undefined, 20);
    const signal = new AbortController().signal;
    expect((await feed.chunk(0, signal)).size).toBe(100);
    // Chunk 1 was read ahead on the stalled connection: it fails after 20 ms, then is read anew.
    await expect(feed.chunk(1, signal)).rejects.toThrow(/sent nothing for 0 s at byte 100/);
    expect((await feed.chunk(1, signal)).size).toBe(100);
    expect(opens).toBe(2);

    // With a long stall limit, a cancel ends the wait at once.
    const patient = new ChunkFeed(stalling, plan, {}, undefined, 60_000);
    const controller = new AbortController();
    await patient.chunk(0, controller.signal);
    const pending = patient.chunk(1, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toThrow(/closed the connection/);
  });

  it('a fatal source answer ends the upload with its code', async () => {
    const gone: ByteSource = {
      open: async () => {
        throw new SourceError('fatal', 'The video’s server answered 404.');
      },
    };
    const server = new FakeUploadServer(plan, new FakeSource(videoBytes(10)));
    const outcome = await runPipedUpload(
      {
        feed: new ChunkFeed(gone, plan, {}),
        plan,
        uploadUrl: 'u',
        mimeType: 'video/mp4',
        serverOffset: 300,
        attempts: 0,
        signal: new AbortController().signal,
      },
      { putChunk: (r) => server.put(r) },
      { record: async () => undefined },
      // Each failure waits 1 s of a fake clock; the budget runs out on the third.
      timedPolicy(2000, () => 1000),
    );
    expect(outcome).toMatchObject({ kind: 'source_fatal', code: 'download_failed', serverOffset: 300 });
  });
});
