import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_PIECE, frameLinkName, MAX_FRAME_READ, serveFrameFetches } from '@/utils/capture/frame-server';
import { BodyFailed, createFrameLink, LinkClosed, type LinkRuntime } from '../frame-link';

type Listener = (message: unknown) => void;

/** Two connected port ends, delivering asynchronously with structured clone, as Chrome does. */
function portPair(name: string, sender: { tab?: { id: number }; frameId?: number }) {
  const listeners = { a: [] as Listener[], b: [] as Listener[] };
  const gone = { a: [] as (() => void)[], b: [] as (() => void)[] };
  let open = true;
  const end = (me: 'a' | 'b', other: 'a' | 'b') => ({
    name,
    sender,
    onMessage: { addListener: (cb: Listener) => listeners[me].push(cb) },
    onDisconnect: { addListener: (cb: () => void) => gone[me].push(cb) },
    postMessage(message: unknown) {
      if (!open) throw new Error('Attempting to use a disconnected port object');
      const copy = structuredClone(message);
      setTimeout(() => listeners[other].forEach((cb) => cb(copy)), 0);
    },
    disconnect() {
      if (!open) return;
      open = false;
      setTimeout(() => gone[other].forEach((cb) => cb()), 0);
    },
  });
  return { offscreen: end('a', 'b'), frame: end('b', 'a') };
}

/** The offscreen document's runtime, where "injecting" runs the real frame server against `connect`. */
function world(
  options: {
    sender?: { tab?: { id: number }; frameId?: number };
    refuse?: string;
    limit?: number;
    pieceSize?: number;
  } = {},
) {
  /** Every message the frame sent, as the offscreen end received it. */
  const received: unknown[] = [];
  const connectListeners = new Set<(port: never) => void>();
  const frames: ReturnType<typeof portPair>['frame'][] = [];
  const runtime: LinkRuntime = {
    onConnect: {
      addListener: (cb) => connectListeners.add(cb as never),
      removeListener: (cb) => connectListeners.delete(cb as never),
    },
    async requestLink(portName) {
      if (options.refuse) return { ok: false, error: options.refuse };
      // The background's executeScript: the self-contained server, rebuilt from its source.
      const serve = new Function(`return (${serveFrameFetches.toString()})`)() as typeof serveFrameFetches;
      const g = globalThis as unknown as { chrome?: unknown; browser?: unknown };
      const previous = [g.chrome, g.browser];
      g.browser = undefined;
      g.chrome = {
        runtime: {
          connect: ({ name }: { name: string }) => {
            const pair = portPair(name, options.sender ?? { tab: { id: 7 }, frameId: 3 });
            frames.push(pair.frame);
            pair.offscreen.onMessage.addListener((m) => received.push(m));
            setTimeout(() => connectListeners.forEach((cb) => cb(pair.offscreen as never)), 0);
            return pair.frame;
          },
        },
      };
      try {
        serve(portName, options.limit ?? MAX_FRAME_READ, options.pieceSize ?? FRAME_PIECE);
      } finally {
        [g.chrome, g.browser] = previous;
      }
      return { ok: true };
    },
  };
  return { runtime, frames, received };
}

const bytesOf = async (body: ReadableStream<Uint8Array> | undefined) =>
  Buffer.from(await new Response(body ?? null).arrayBuffer());

describe('the frame link', () => {
  let server: Server;
  let base = '';
  const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff));
  const cookies: (string | undefined)[] = [];
  /** Set when the slow endpoint's client went away before the body was complete. */
  let slowAborted = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      cookies.push(req.headers.cookie);
      if (req.url === '/seg.ts') {
        const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
        const slice = m ? body.subarray(Number(m[1]), Number(m[2]) + 1) : body;
        const headers: Record<string, string> = {
          'content-type': 'video/mp2t',
          'content-length': String(slice.length),
        };
        if (m) headers['content-range'] = `bytes ${m[1]}-${m[2]}/${body.length}`;
        res.writeHead(m ? 206 : 200, headers);
        res.end(slice);
      } else if (req.url === '/chunked.ts') {
        // No Content-Length: the size is known only as the body arrives.
        res.writeHead(200, { 'content-type': 'video/mp2t' });
        res.write(body.subarray(0, 2500));
        setTimeout(() => res.end(body.subarray(2500)), 5);
      } else if (req.url === '/slow.ts') {
        // A piece every 20 ms for 10 s, unless the client goes away.
        slowAborted = false;
        res.writeHead(200, { 'content-type': 'video/mp2t' });
        let sent = 0;
        const timer = setInterval(() => {
          if (++sent === 500) {
            clearInterval(timer);
            res.end();
          } else res.write(body.subarray(0, 1000));
        }, 20);
        res.on('close', () => {
          clearInterval(timer);
          if (sent < 500) slowAborted = true;
        });
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches through the frame and streams the body as it comes, ranges included', async () => {
    const { runtime } = world();
    const link = createFrameLink({ tabId: 7, frameId: 3 }, 'job-1', runtime);
    const [whole, piece] = await Promise.all([
      link.fetch(`${base}/seg.ts`, null),
      link.fetch(`${base}/seg.ts`, 'bytes=100-199'),
    ]);
    expect(whole.ok).toBe(true);
    expect((await bytesOf(whole.body)).equals(body)).toBe(true);
    expect(piece.status).toBe(206);
    expect(piece.contentRange).toBe(`bytes 100-199/${body.length}`);
    expect((await bytesOf(piece.body)).equals(body.subarray(100, 200))).toBe(true);
    const missing = await link.fetch(`${base}/nope`, null);
    expect(missing).toMatchObject({ ok: false, status: 404 });
    link.close();
  });

  it('sends a body in pieces no larger than the piece size, no Blob and no whole copy', async () => {
    const { runtime, received } = world({ pieceSize: 1024 });
    const link = createFrameLink({ tabId: 7, frameId: 3 }, 'job-7', runtime);
    const answer = await link.fetch(`${base}/chunked.ts`, null);
    expect((await bytesOf(answer.body)).equals(body)).toBe(true);
    const pieces = received.filter((m) => (m as { kind?: string }).kind === 'piece') as { bytes: unknown }[];
    // 5000 bytes in 1024-byte pieces: four full ones and the rest, each its own small buffer.
    expect(pieces.map((p) => (p.bytes as Uint8Array).byteLength)).toEqual([1024, 1024, 1024, 1024, 904]);
    for (const p of pieces) {
      expect(p.bytes).toBeInstanceOf(Uint8Array);
      expect((p.bytes as Uint8Array).buffer.byteLength).toBeLessThanOrEqual(1024);
    }
    link.close();
  });

  it('sends the same pieces with a default reader where the page has no BYOB reader', async () => {
    const original = ReadableStream.prototype.getReader;
    // A browser whose fetch bodies are not byte streams: getReader({ mode: 'byob' }) throws.
    ReadableStream.prototype.getReader = function (this: ReadableStream, options?: { mode?: 'byob' }) {
      if (options?.mode === 'byob') throw new TypeError('not a byte stream');
      return original.call(this, options as undefined);
    } as typeof original;
    try {
      const { runtime, received } = world({ pieceSize: 1024 });
      const link = createFrameLink({ tabId: 7, frameId: 3 }, 'job-10', runtime);
      const answer = await link.fetch(`${base}/chunked.ts`, null);
      expect((await bytesOf(answer.body)).equals(body)).toBe(true);
      const sizes = received
        .filter((m) => (m as { kind?: string }).kind === 'piece')
        .map((m) => ((m as { bytes: Uint8Array }).bytes as Uint8Array).byteLength);
      expect(sizes).toEqual([1024, 1024, 1024, 1024, 904]);
      link.close();
    } finally {
      ReadableStream.prototype.getReader = original;
    }
  });

  it('fails a body that outgrows the limit part-way with 413, so the bridge can ask by ranges', async () => {
    const { runtime } = world({ limit: 3000, pieceSize: 1024 });
    const link = createFrameLink({ tabId: 7, frameId: 3 }, 'job-8', runtime);
    // /seg.ts declares its length: refused before any byte.
    expect(await link.fetch(`${base}/seg.ts`, null)).toMatchObject({ ok: false, status: 413 });
    // /chunked.ts does not: the head is sent, then the body fails when it passes the limit.
    const answer = await link.fetch(`${base}/chunked.ts`, null);
    expect(answer.ok).toBe(true);
    const failure = await bytesOf(answer.body).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(BodyFailed);
    expect(failure).toMatchObject({ status: 413 });
    link.close();
  });

  it('stops the page’s fetch when the reader cancels the body', async () => {
    const { runtime } = world({ pieceSize: 1024 });
    const link = createFrameLink({ tabId: 7, frameId: 3 }, 'job-9', runtime);
    const answer = await link.fetch(`${base}/slow.ts`, null);
    const reader = answer.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    const deadline = Date.now() + 3000;
    while (!slowAborted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(slowAborted).toBe(true);
    link.close();
  });

  it('is opened once for all requests, under a name with the job and a nonce', async () => {
    const { runtime, frames } = world();
    const link = createFrameLink(
      { tabId: 7, frameId: 3 },
      'job-2',
      runtime,
      '0b5e3c4a-1d2f-4e5a-9b8c-7d6e5f4a3b2c',
    );
    await link.fetch(`${base}/seg.ts`, null);
    await link.fetch(`${base}/seg.ts`, null);
    expect(frames).toHaveLength(1);
    expect(frames[0].name).toBe(frameLinkName('job-2', '0b5e3c4a-1d2f-4e5a-9b8c-7d6e5f4a3b2c'));
    link.close();
  });

  it('accepts the port only from the job’s own tab and frame', async () => {
    const { runtime } = world({ sender: { tab: { id: 8 }, frameId: 3 } });
    const link = createFrameLink({ tabId: 7, frameId: 3 }, 'job-3', runtime);
    // The impostor is disconnected; the real frame never connects, so the link times out. Here
    // the wait is cut short by closing the link.
    const pending = link.fetch(`${base}/seg.ts`, null);
    setTimeout(() => link.close(), 50);
    await expect(pending).rejects.toThrow();
  });

  it('fails pending and later requests as page_closed when the page goes away', async () => {
    const { runtime, frames } = world();
    const link = createFrameLink({ tabId: 7, frameId: 3 }, 'job-4', runtime);
    await link.fetch(`${base}/seg.ts`, null);
    frames[0].disconnect();
    await new Promise((r) => setTimeout(r, 10));
    await expect(link.fetch(`${base}/seg.ts`, null)).rejects.toBeInstanceOf(LinkClosed);
    await expect(link.fetch(`${base}/seg.ts`, null)).rejects.toThrow(/page_closed/);
  });

  it('says page_closed when the frame cannot be injected', async () => {
    const { runtime } = world({ refuse: 'No tab with id: 7' });
    const link = createFrameLink({ tabId: 7, frameId: 3 }, 'job-5', runtime);
    await expect(link.fetch(`${base}/seg.ts`, null)).rejects.toThrow(/page_closed: No tab with id/);
  });

  it('the frame server refuses what is not http(s)', async () => {
    const { runtime } = world();
    const link = createFrameLink({ tabId: 7, frameId: 3 }, 'job-6', runtime);
    const answer = await link.fetch('file:///etc/passwd', null);
    expect(answer).toMatchObject({ ok: false, error: 'only http(s) is fetched' });
    link.close();
  });
});
