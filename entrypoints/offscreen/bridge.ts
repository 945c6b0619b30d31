// A `fetch` for the remuxer that goes through the page's frame (over the frame link, see
// frame-link.ts): the page's origin, cookies and Referer apply, as for its player. Only http(s)
// URLs off YouTube/Google video hosts are asked for. Counts the captured rendition's segments as
// they arrive, for the progress line. Bodies are streamed through as the page sends them: the
// remuxer reads a Response over the stream, so no segment is held here beyond what it reads.
import { MAX_FRAME_READ } from '@/utils/capture/frame-server';
import { isBlockedHost } from '@/utils/media/refusals';
import { BodyFailed, type FrameLink } from './frame-link';
import { t } from '@/utils/i18n';

export class FetchFailed extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string,
  ) {
    super(t('fetchFailed', url, detail));
    this.name = 'FetchFailed';
  }
}

function rangeOf(input: RequestInfo | URL, init?: RequestInit): string | null {
  const fromInit = init?.headers ? new Headers(init.headers).get('Range') : null;
  if (fromInit) return fromInit;
  return input instanceof Request ? input.headers.get('Range') : null;
}

/**
 * An open-ended range (`bytes=N-`) is capped to one frame read: the server answers 206 with the
 * file's total in Content-Range, and the reader asks for the next piece itself.
 */
export function capRange(range: string | null, limit: number): string | null {
  const open = range && /^bytes=(\d+)-$/.exec(range);
  if (!open) return range;
  const start = Number(open[1]);
  return `bytes=${start}-${start + limit - 1}`;
}

export interface Bridge {
  fetchFn: typeof fetch;
  /** Text of a playlist or manifest, through the frame. */
  text(url: string): Promise<string>;
  /**
   * Bytes of a segment (`length` bytes from `offset` when given), through the frame. A response
   * too large for one read is fetched in ranged pieces.
   */
  bytes(url: string, range?: { offset: number; length: number }): Promise<Uint8Array>;
}

export function createBridge(link: FrameLink, onSegment: (url: string) => void): Bridge {
  const request = async (url: string, range: string | null) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new FetchFailed(url, 400, 'not a URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new FetchFailed(url, 400, 'only http(s) is fetched');
    if (isBlockedHost(url)) throw new FetchFailed(url, 403, 'YouTube and Google video hosts are not fetched');
    return link.fetch(url, range);
  };
  /** The whole body (a playlist, a key, one DASH segment); a failure part-way is a FetchFailed. */
  const bytesOf = async (url: string, body: ReadableStream<Uint8Array> | undefined) => {
    try {
      return new Uint8Array(await new Response(body ?? null).arrayBuffer());
    } catch (err) {
      if (err instanceof BodyFailed) throw new FetchFailed(url, err.status, err.message);
      throw err;
    }
  };
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const read = await request(url, capRange(rangeOf(input, init), MAX_FRAME_READ));
    if (!read.ok && read.status === 0) throw new FetchFailed(url, 0, read.error ?? 'network error');
    if (read.ok) onSegment(url);
    const headers = new Headers();
    if (read.contentType) headers.set('Content-Type', read.contentType);
    if (read.contentRange) headers.set('Content-Range', read.contentRange);
    // The stream as it comes from the page: the remuxer reads it piece by piece.
    return new Response(read.ok ? (read.body ?? null) : null, { status: read.status, headers });
  }) as typeof fetch;
  return {
    fetchFn,
    async text(url) {
      const read = await request(url, null);
      if (!read.ok) throw new FetchFailed(url, read.status, read.error ?? `HTTP ${read.status}`);
      return new TextDecoder().decode(await bytesOf(url, read.body));
    },
    async bytes(url, range) {
      const pieces: Uint8Array[] = [];
      let offset = range?.offset ?? 0;
      const end = range ? range.offset + range.length : Number.POSITIVE_INFINITY;
      let first = !range;
      for (;;) {
        // Unranged first (most segments are small files); ranged pieces when that is too large.
        const want = Math.min(end, offset + MAX_FRAME_READ) - offset;
        const header = first ? null : `bytes=${offset}-${offset + want - 1}`;
        const read = await request(url, header);
        if (first && read.status === 413) {
          first = false;
          continue;
        }
        if (!read.ok) throw new FetchFailed(url, read.status, read.error ?? `HTTP ${read.status}`);
        let piece: Uint8Array;
        try {
          piece = await bytesOf(url, read.body);
        } catch (err) {
          // No Content-Length, and the body outgrew one read part-way: ask again by ranges.
          if (first && err instanceof FetchFailed && err.status === 413) {
            first = false;
            continue;
          }
          throw err;
        }
        pieces.push(piece);
        if (first || read.status === 200 || piece.byteLength < want) break;
        offset += piece.byteLength;
        const total = Number(/\/(\d+)$/.exec(read.contentRange)?.[1] ?? Number.NaN);
        if (offset >= end || piece.byteLength === 0 || offset >= total) break;
      }
      onSegment(url + (range ? `#${range.offset}` : ''));
      if (pieces.length === 1) return pieces[0];
      const joined = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0));
      let at = 0;
      for (const p of pieces) {
        joined.set(p, at);
        at += p.byteLength;
      }
      return joined;
    },
  };
}
