import { describe, expect, it } from 'vitest';
import { planChunks, type ChunkPlan } from '../chunk-plan';
import { backoffMs, nextAttempt, OUTAGE_BUDGET_MS } from '../retry-policy';
import type { PutChunkAnswer, PutChunkRequest } from '../tiktok-client';
import { runUpload, type UploadProgress, type UploadRetryPolicy } from '../upload-engine';

// A scripted TikTok upload endpoint, written from the chunk rules (tiktok-api.md) rather than from
// the engine: chunks in order, each exactly the planned range, answers carrying the server's
// progress as an inclusive Content-Range. Faults are queued per request number.
type Fault =
  | { type: 'status'; status: number }
  /** The server stores the chunk, then the connection drops before the answer. */
  | { type: 'drop-after-store' }
  /** The connection drops before the server read anything. */
  | { type: 'drop' };

class FakeUploadServer {
  readonly received: Uint8Array;
  held = 0;
  puts: PutChunkRequest[] = [];
  faults = new Map<number, Fault>();
  onPut?: (n: number) => void;

  constructor(readonly plan: ChunkPlan) {
    this.received = new Uint8Array(plan.videoSize);
  }

  private range(): string {
    return this.held === 0
      ? `bytes */${this.plan.videoSize}`
      : `bytes 0-${this.held - 1}/${this.plan.videoSize}`;
  }

  private expectedRange(): { start: number; end: number } {
    const index = Math.floor(this.held / this.plan.chunkSize);
    const start = index * this.plan.chunkSize;
    const last = index === this.plan.totalChunkCount - 1;
    return { start, end: last ? this.plan.videoSize : start + this.plan.chunkSize };
  }

  async put(request: PutChunkRequest): Promise<PutChunkAnswer> {
    this.puts.push(request);
    const n = this.puts.length;
    this.onPut?.(n);
    if (request.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const fault = this.faults.get(n);
    if (fault?.type === 'status') return { status: fault.status, contentRange: this.range() };
    if (fault?.type === 'drop') throw new TypeError('Failed to fetch');

    const { start, end } = this.expectedRange();
    const body = new Uint8Array(await request.body.arrayBuffer());
    if (request.first !== start || request.last !== end - 1 || request.total !== this.plan.videoSize) {
      return { status: 416, contentRange: this.range() };
    }
    if (body.length !== end - start) return { status: 400, contentRange: this.range() };
    this.received.set(body, start);
    this.held = end;
    if (fault?.type === 'drop-after-store') throw new TypeError('Failed to fetch');
    return { status: this.held === this.plan.videoSize ? 201 : 206, contentRange: this.range() };
  }
}

function videoBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

function world(
  plan: ChunkPlan,
  opts: {
    startOffset?: number;
    attempts?: number;
    lastProgressAt?: number;
    online?: () => boolean;
  } = {},
) {
  const bytes = videoBytes(plan.videoSize);
  const server = new FakeUploadServer(plan);
  const journal: UploadProgress[] = [];
  const sleeps: number[] = [];
  const controller = new AbortController();
  // A fake clock that only the sleeps move: an outage of any length runs in no time.
  const clock = { now: 1_000_000 };
  const policy: UploadRetryPolicy = {
    backoffMs: (attempt) => backoffMs(attempt, () => 0.5),
    budgetMs: OUTAGE_BUDGET_MS,
    now: () => clock.now,
    nextAttempt,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    isOnline: opts.online,
  };
  const run = () =>
    runUpload(
      {
        blob: new Blob([bytes as BlobPart]),
        plan,
        uploadUrl: 'https://open-upload.tiktokapis.com/upload/?upload_id=1',
        mimeType: 'video/mp4',
        serverOffset: opts.startOffset ?? 0,
        attempts: opts.attempts ?? 0,
        lastProgressAt: opts.lastProgressAt,
        signal: controller.signal,
      },
      { putChunk: (request) => server.put(request) },
      { record: async (entry) => void journal.push(entry) },
      policy,
    );
  return { bytes, server, journal, sleeps, controller, clock, run };
}

const smallPlan: ChunkPlan = { videoSize: 1050, chunkSize: 100, totalChunkCount: 10 };

describe('runUpload', () => {
  it('sends seed 003’s 50,000,123 B in five ordered chunks and the server holds the same bytes', async () => {
    const plan = planChunks(50_000_123);
    const w = world(plan);
    const outcome = await w.run();
    expect(outcome).toEqual({ kind: 'done', serverOffset: 50_000_123 });
    expect(w.server.puts.map((p) => [p.first, p.last])).toEqual([
      [0, 9_999_999],
      [10_000_000, 19_999_999],
      [20_000_000, 29_999_999],
      [30_000_000, 39_999_999],
      [40_000_000, 50_000_122],
    ]);
    expect(w.server.puts.every((p) => p.total === 50_000_123 && p.mimeType === 'video/mp4')).toBe(true);
    expect(w.journal.map((j) => j.serverOffset)).toEqual([
      10_000_000, 20_000_000, 30_000_000, 40_000_000, 50_000_123,
    ]);
    expect(Buffer.from(w.server.received).equals(Buffer.from(w.bytes))).toBe(true);
    // 50 MB of bytes made and compared: ≈ 3 s alone, over 5 s on a machine busy with e2e runs.
  }, 20_000);

  it('resumes from the offset the server confirmed, sending only the rest', async () => {
    const w = world(smallPlan, { startOffset: 700 });
    w.server.received.set(w.bytes.subarray(0, 700));
    w.server.held = 700;
    expect((await w.run()).kind).toBe('done');
    expect(w.server.puts.map((p) => p.first)).toEqual([700, 800, 900]);
    expect(Buffer.from(w.server.received).equals(Buffer.from(w.bytes))).toBe(true);
  });

  it('follows a 416 to the server’s real offset when the journal is behind (one chunk re-sent at most)', async () => {
    // The journal says 300 but the server got two more chunks before the worker died.
    const w = world(smallPlan, { startOffset: 300 });
    w.server.received.set(w.bytes.subarray(0, 500));
    w.server.held = 500;
    expect((await w.run()).kind).toBe('done');
    expect(w.server.puts.map((p) => p.first)).toEqual([300, 500, 600, 700, 800, 900]);
    expect(w.journal[0]).toMatchObject({ serverOffset: 500, attempts: 0 });
    expect(Buffer.from(w.server.received).equals(Buffer.from(w.bytes))).toBe(true);
  });

  it('retries 5xx with growing backoff and resets the counter once the offset advances', async () => {
    const w = world(smallPlan);
    w.server.faults.set(2, { type: 'status', status: 503 });
    w.server.faults.set(3, { type: 'status', status: 502 });
    w.server.faults.set(5, { type: 'status', status: 500 });
    expect((await w.run()).kind).toBe('done');
    // Attempts 1 and 2 for the second chunk, then back to 1 for the fourth: the counter reset.
    expect(w.sleeps).toEqual([backoffMs(0, () => 0.5), backoffMs(1, () => 0.5), backoffMs(0, () => 0.5)]);
    expect(w.journal.map((j) => j.attempts)).toContain(2);
    expect(w.journal.at(-1)).toEqual({ serverOffset: 1050, attempts: 0, lastProgressAt: w.clock.now });
    // While waiting, the journal says when and why: what the popup shows.
    expect(w.journal.find((j) => j.retry)?.retry).toEqual({
      at: 1_000_000 + backoffMs(0, () => 0.5),
      cause: 'TikTok answered 503',
      triedAt: 1_000_000,
    });
    expect(Buffer.from(w.server.received).equals(Buffer.from(w.bytes))).toBe(true);
  });

  it('after a connection dropped once the server had the chunk, resyncs instead of corrupting', async () => {
    const w = world(smallPlan);
    w.server.faults.set(3, { type: 'drop-after-store' });
    expect((await w.run()).kind).toBe('done');
    // Put 4 re-sends chunk 2, the server answers 416 with 300 held, and the engine moves on.
    expect(w.server.puts.map((p) => p.first)).toEqual([0, 100, 200, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(Buffer.from(w.server.received).equals(Buffer.from(w.bytes))).toBe(true);
  });

  it('waits out 25 minutes of dropped connections (far more than six tries) and finishes', async () => {
    const w = world(smallPlan);
    const start = w.clock.now;
    w.server.onPut = (n) => {
      // From the second PUT on, every connection drops until 25 minutes have passed.
      if (n >= 2 && w.clock.now - start < 25 * 60_000) w.server.faults.set(n, { type: 'drop' });
    };
    expect(await w.run()).toEqual({ kind: 'done', serverOffset: 1050 });
    expect(w.sleeps.length).toBeGreaterThan(20);
    expect(Math.max(...w.sleeps)).toBeLessThanOrEqual(60_000);
    expect(w.journal.filter((j) => j.retry).every((j) => j.retry?.cause === 'connection dropped')).toBe(true);
    expect(Buffer.from(w.server.received).equals(Buffer.from(w.bytes))).toBe(true);
  });

  it('gives up once 30 minutes pass without a byte confirmed, not after a count, keeping the offset', async () => {
    const w = world(smallPlan);
    w.server.onPut = (n) => {
      if (n >= 2) w.server.faults.set(n, { type: 'status', status: 503 });
    };
    const outcome = await w.run();
    expect(outcome).toMatchObject({ kind: 'gave_up', serverOffset: 100, message: 'TikTok answered 503' });
    const sinceMs = (outcome as { sinceMs: number }).sinceMs;
    expect(sinceMs).toBeGreaterThanOrEqual(OUTAGE_BUDGET_MS);
    expect(sinceMs).toBeLessThan(OUTAGE_BUDGET_MS + 60_000);
    expect(w.server.puts.length).toBeGreaterThan(30);
  });

  it('a byte confirmed restarts the budget: slow progress through a long outage never fails', async () => {
    const w = world(smallPlan);
    // Every chunk needs 20 minutes of failures before it goes through: 3 h 20 min in all.
    let failingSince = w.clock.now;
    w.server.onPut = (n) => {
      if (w.clock.now - failingSince < 20 * 60_000) w.server.faults.set(n, { type: 'drop' });
      else failingSince = w.clock.now + 1;
    };
    expect(await w.run()).toEqual({ kind: 'done', serverOffset: 1050 });
    expect(w.clock.now - 1_000_000).toBeGreaterThan(3 * 60 * 60_000);
  });

  it('keeps the budget across a restart: the stored start of the trouble counts', async () => {
    // The worker died 29.5 minutes into an outage (attempts 12, trouble since then).
    const w = world(smallPlan, { attempts: 12, lastProgressAt: 1_000_000 - 29.5 * 60_000 });
    w.server.faults.set(1, { type: 'drop' });
    w.server.faults.set(2, { type: 'drop' });
    expect(await w.run()).toMatchObject({ kind: 'gave_up', attempts: 14 });
    expect(w.server.puts).toHaveLength(2);
  });

  it('asks for a re-init on 403 (expired URL) and 404 (unknown upload)', async () => {
    for (const [status, reason] of [
      [403, 'expired'],
      [404, 'not_found'],
    ] as const) {
      const w = world(smallPlan);
      w.server.faults.set(3, { type: 'status', status });
      expect(await w.run()).toEqual({ kind: 'reinit', reason, serverOffset: 200 });
      expect(w.server.puts).toHaveLength(3);
    }
  });

  it('fails at once on another 4xx, without retrying', async () => {
    const w = world(smallPlan);
    w.server.faults.set(1, { type: 'status', status: 400 });
    expect(await w.run()).toMatchObject({ kind: 'fatal', code: 'upload_bad_request', serverOffset: 0 });
    expect(w.server.puts).toHaveLength(1);
  });

  it('stops without another request once aborted (cancel)', async () => {
    const w = world(smallPlan);
    w.server.onPut = (n) => {
      if (n === 4) w.controller.abort();
    };
    expect(await w.run()).toEqual({ kind: 'aborted', serverOffset: 300 });
    expect(w.server.puts).toHaveLength(4);
  });

  it('reports offline instead of spending retries while the network is down', async () => {
    let online = true;
    const w = world(smallPlan, { online: () => online });
    w.server.onPut = (n) => {
      if (n === 2) online = false;
    };
    w.server.faults.set(2, { type: 'drop' });
    expect(await w.run()).toEqual({ kind: 'offline', serverOffset: 100, attempts: 1 });
    expect(w.sleeps).toEqual([]);
  });

  it('is done at once when the server already holds everything (the 201 was lost)', async () => {
    const w = world(smallPlan, { startOffset: 1050 });
    expect(await w.run()).toEqual({ kind: 'done', serverOffset: 1050 });
    expect(w.server.puts).toHaveLength(0);
  });
});
