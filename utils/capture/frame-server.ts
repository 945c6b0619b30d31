// The page side of a capture's frame link. Injected once per capture with `scripting.executeScript`
// into the frame that plays the video (its isolated world), it opens a port to the extension and
// answers fetch requests from the offscreen document over it: the fetches are the frame's own (its
// origin, cookies, Referer, CORS), as for the player. A body crosses as it arrives, in pieces of
// at most `pieceSize` bytes copied out of one reused buffer (structured clone copies at
// `postMessage`), then an `end`: the page keeps no Blob or whole body alive. Blobs made here were
// the memory that grew with the stream's length: their V8 handles are tiny, so a paused page
// never collects them, and the browser's blob storage kept every segment until the page was
// left (tests/bench/README.md).
//
// Chrome serialises the function's source into the page: it must be self-contained (no imports,
// module constants or closures). What it sends is checked on arrival (frameMessageSchema).
import { z } from 'zod';

/** The most bytes one request's body may carry; the bridge asks for larger bodies in ranged pieces. */
export const MAX_FRAME_READ = 8 * 1024 * 1024;
/** The most bytes one message carries: the page's and each message's copy stay this small. */
export const FRAME_PIECE = 256 * 1024;

/** A port name for one capture's link: the job and a nonce only the offscreen document knows. */
export const frameLinkName = (jobId: string, nonce: string): string => `stt-capture:${jobId}:${nonce}`;
export const frameLinkNamePattern = /^stt-capture:[A-Za-z0-9-]{1,100}:[0-9a-f-]{36}$/;

export function serveFrameFetches(portName: string, limit: number, pieceSize: number): boolean {
  const g = globalThis as unknown as { browser?: typeof chrome; chrome?: typeof chrome };
  const runtime = (g.browser ?? g.chrome)!.runtime;
  const port = runtime.connect({ name: portName });
  // The bodies being sent, by request id, so the offscreen document can stop one it no longer reads.
  const reading = new Map<number, ReadableStreamDefaultReader<Uint8Array> | ReadableStreamBYOBReader>();
  const send = (message: Record<string, unknown>): boolean => {
    try {
      port.postMessage(message);
      return true;
    } catch {
      // The link is gone (the capture ended): nobody to answer.
      return false;
    }
  };
  port.onDisconnect.addListener(() => {
    for (const reader of reading.values()) void reader.cancel().catch(() => undefined);
    reading.clear();
  });
  port.onMessage.addListener((raw: unknown) => {
    const message = raw as { id?: unknown; url?: unknown; range?: unknown; cancel?: unknown } | null;
    if (!message || typeof message.id !== 'number') return;
    const id = message.id;
    if (message.cancel === true) {
      void reading
        .get(id)
        ?.cancel()
        .catch(() => undefined);
      reading.delete(id);
      return;
    }
    if (typeof message.url !== 'string') return;
    const head = (fields: Record<string, unknown>) =>
      send({ kind: 'head', id, contentType: '', contentRange: '', ...fields });
    const fail = (status: number, error: string) => head({ ok: false, status, error });
    let url: URL;
    try {
      url = new URL(message.url);
    } catch {
      fail(0, 'not a URL');
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      fail(0, 'only http(s) is fetched');
      return;
    }
    const range = typeof message.range === 'string' ? message.range : null;
    void (async () => {
      let started = false;
      try {
        const response = await fetch(url.href, {
          credentials: 'include',
          headers: range ? { Range: range } : {},
        });
        if (!response.ok) {
          await response.body?.cancel();
          fail(response.status, `HTTP ${response.status}`);
          return;
        }
        const declared = Number(response.headers.get('Content-Length'));
        if (Number.isFinite(declared) && declared > limit) {
          await response.body?.cancel();
          fail(413, `the response is larger than ${limit} bytes`);
          return;
        }
        // A BYOB reader fills the one piece buffer in place: no new ArrayBuffer per network chunk,
        // which a paused page (little JS, so no garbage collection) would otherwise keep — they
        // were the page's memory that grew with the stream. Default reader where BYOB is missing.
        let byob: ReadableStreamBYOBReader | undefined;
        try {
          byob = response.body!.getReader({ mode: 'byob' });
        } catch {
          byob = undefined;
        }
        const reader = byob ?? response.body!.getReader();
        reading.set(id, reader);
        started = head({
          ok: true,
          status: response.status,
          contentType: response.headers.get('Content-Type') ?? '',
          contentRange: response.headers.get('Content-Range') ?? '',
        });
        if (!started) return void reader.cancel();
        let buffer = new Uint8Array(pieceSize);
        let filled = 0;
        let total = 0;
        const overLimit = async () => {
          await reader.cancel();
          send({ kind: 'end', id, status: 413, error: `the response is larger than ${limit} bytes` });
        };
        for (;;) {
          if (byob) {
            const { done, value } = await byob.read(
              new Uint8Array(buffer.buffer, filled, pieceSize - filled),
            );
            if (!reading.has(id)) return; // cancelled by the offscreen document
            // The read transferred the buffer: the same bytes, under a new ArrayBuffer object.
            if (value) buffer = new Uint8Array(value.buffer, 0, pieceSize);
            if (done) break;
            total += value.byteLength;
            if (total > limit) return void (await overLimit());
            filled += value.byteLength;
          } else {
            const { done, value } = await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
            if (done) break;
            if (!reading.has(id)) return;
            total += value.byteLength;
            if (total > limit) return void (await overLimit());
            for (let at = 0; at < value.byteLength;) {
              const n = Math.min(pieceSize - filled, value.byteLength - at);
              buffer.set(value.subarray(at, at + n), filled);
              filled += n;
              at += n;
              if (filled < pieceSize) continue;
              if (!send({ kind: 'piece', id, bytes: buffer })) return void reader.cancel();
              filled = 0;
            }
            continue;
          }
          // The whole buffer when full (cloned now, by postMessage, so it is reused at once).
          if (filled < pieceSize) continue;
          if (!send({ kind: 'piece', id, bytes: buffer })) return void reader.cancel();
          filled = 0;
        }
        // The rest as a view: postMessage copies it out, and the page allocates nothing per body.
        if (filled > 0) send({ kind: 'piece', id, bytes: new Uint8Array(buffer.buffer, 0, filled) });
        send({ kind: 'end', id });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        if (started) send({ kind: 'end', id, status: 0, error });
        else fail(0, error);
      } finally {
        reading.delete(id);
      }
    })();
  });
  return true;
}

/** One message from the frame, as the offscreen document accepts it. */
export const frameMessageSchema = z.discriminatedUnion('kind', [
  /** The response's status and headers; `ok: false` ends the request (no pieces follow). */
  z.object({
    kind: z.literal('head'),
    id: z.number().int().nonnegative(),
    ok: z.boolean(),
    status: z.number().int().min(0).max(999),
    contentType: z.string().max(500),
    contentRange: z.string().max(200),
    error: z.string().max(1000).optional(),
  }),
  z.object({
    kind: z.literal('piece'),
    id: z.number().int().nonnegative(),
    bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= FRAME_PIECE, 'too large'),
  }),
  /** The body is complete, or (`error`) it failed part-way; `status` 413: it outgrew the limit. */
  z.object({
    kind: z.literal('end'),
    id: z.number().int().nonnegative(),
    status: z.number().int().min(0).max(999).optional(),
    error: z.string().max(1000).optional(),
  }),
]);
export type FrameMessage = z.infer<typeof frameMessageSchema>;
export type FrameHead = Extract<FrameMessage, { kind: 'head' }>;
