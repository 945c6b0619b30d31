// Reads a URL source chunk by chunk, in the upload's chunk plan, straight from the network: the
// piped upload PUTs chunk N while chunk N+1 downloads, so at most two chunks are held and the whole
// file is never stored. The source is handed in (a fetch adapter in the background, a fake in
// tests); this module only decides what each answer means.
//
// Any (re)opening past byte 0 must prove it is the same file TikTok already holds the start of:
// the validators (ETag, else Last-Modified) must match the first answer's, and a 206's
// Content-Range must start where asked with the planned total. A server that ignores `Range` (200)
// is read from the start again and the bytes TikTok holds are skipped.
import { chunkRange, type ChunkPlan } from './chunk-plan';
import { t } from './i18n';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface SourceOpening {
  /** 206 when the server honoured `Range`, 200 when it sent the whole file. */
  status: 200 | 206;
  /** A 206's parsed Content-Range; null when it was missing or unreadable. */
  range?: { start: number; total: number } | null;
  /** Content-Length of the answer, when sent. */
  length?: number;
  validators: Validators;
  /** The next bytes, or undefined at the end of the body. Rejects when the connection is lost. */
  read(): Promise<Uint8Array | undefined>;
  cancel(): void;
}

export interface ByteSource {
  /**
   * Requests the file from `offset` (with `Range: bytes=<offset>-` when `useRange`). Rejects with a
   * `SourceError` for an answer that is not the file, or a network error (a TypeError).
   */
  open(offset: number, useRange: boolean, signal: AbortSignal): Promise<SourceOpening>;
}

/**
 * `retry`: try again later (connection lost, 5xx); `changed`: the file is not the one TikTok holds
 * the start of, so the upload must start over; `fatal`: it cannot work (e.g. 404 now).
 */
export class SourceError extends Error {
  constructor(
    readonly kind: 'retry' | 'changed' | 'fatal',
    message: string,
    readonly code = kind === 'changed' ? 'source_changed' : 'download_failed',
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** True when `now` is not provably the same file as `first`. Strong evidence wins: ETag, then date. */
export function validatorsDiffer(first: Validators, now: Validators): boolean {
  if (first.etag !== undefined || now.etag !== undefined) return first.etag !== now.etag;
  return first.lastModified !== now.lastModified;
}

export class ChunkFeed {
  private opening: SourceOpening | undefined;
  /** Offset in the file of the next byte `opening` (then `carry`) yields. */
  private position = 0;
  private carry: Uint8Array | undefined;
  /** Set when a 206 started elsewhere than asked: from then on the file is read from the start. */
  private rangeBroken = false;
  private ahead: { index: number; promise: Promise<Blob> } | undefined;
  /** The chunk last handed out, kept so a failed PUT can be re-sent without downloading it again. */
  private current: { index: number; blob: Blob } | undefined;
  /** Bytes that arrived over the network, counting re-reads after a restart (for measurements). */
  downloaded = 0;

  constructor(
    private readonly source: ByteSource,
    readonly plan: ChunkPlan,
    /** The first answer's validators: every later opening must match them. */
    readonly validators: Validators,
    first?: SourceOpening,
    /** A source that sends nothing for this long is treated as a lost connection. */
    private readonly stallMs = 60_000,
  ) {
    this.opening = first;
  }

  /**
   * Chunk `index` as a Blob, then starts downloading the next one while the caller PUTs this one.
   * Rejects with a SourceError (or a network error) when the bytes cannot be had.
   */
  async chunk(index: number, signal: AbortSignal): Promise<Blob> {
    if (this.current?.index === index) return this.current.blob;
    // A cancel must not wait for a slow server's next bytes: dropping the connection ends the read.
    const onAbort = () => this.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.next(index, signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private async next(index: number, signal: AbortSignal): Promise<Blob> {
    // Dropped before the next one is read: with the read-ahead, at most two chunks are held.
    this.current = undefined;
    let blob: Blob;
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead?.index === index) {
      blob = await ahead.promise;
    } else {
      // A read-ahead of another chunk shares the connection: let it settle before moving it.
      if (ahead) await ahead.promise.catch(() => undefined);
      blob = await this.read(index, signal);
    }
    if (index + 1 < this.plan.totalChunkCount) {
      const promise = this.read(index + 1, signal);
      promise.catch(() => undefined); // seen (and rethrown) when that chunk is asked for
      this.ahead = { index: index + 1, promise };
    }
    this.current = { index, blob };
    return blob;
  }

  /** Drops the connection and any read-ahead. */
  close(): void {
    this.disconnect();
    this.ahead = undefined;
    this.current = undefined;
  }

  private disconnect(): void {
    this.opening?.cancel();
    this.opening = undefined;
    this.carry = undefined;
  }

  private async read(index: number, signal: AbortSignal): Promise<Blob> {
    const { start, end } = chunkRange(this.plan, index);
    if (!this.opening || this.position > start) await this.reopen(start, signal);
    const bytes = new Uint8Array(end - start);
    let filled = 0;
    try {
      while (filled < bytes.length) {
        const carried = this.carry;
        this.carry = undefined;
        const piece = carried ?? (await this.readPiece(this.opening!));
        if (piece === undefined) {
          throw new SourceError(
            'retry',
            `the video’s server closed the connection at byte ${this.position.toLocaleString('en')} of ${this.plan.videoSize.toLocaleString('en')}`,
          );
        }
        if (!carried) this.downloaded += piece.byteLength;
        // Skip what comes before the chunk (a server without ranges re-sends from byte 0).
        const skip = Math.max(0, start - this.position);
        const take = Math.min(piece.byteLength - Math.min(skip, piece.byteLength), bytes.length - filled);
        if (skip < piece.byteLength) {
          bytes.set(piece.subarray(skip, skip + take), filled);
          filled += take;
          if (skip + take < piece.byteLength) this.carry = piece.subarray(skip + take);
          this.position += skip + take;
        } else {
          this.position += piece.byteLength;
        }
      }
    } catch (err) {
      // A half-read connection is useless: the next read opens a fresh one where it is needed.
      this.disconnect();
      throw err;
    }
    return new Blob([bytes]);
  }

  /** The next bytes, or a lost-connection error when the source stalls. */
  private readPiece(opening: SourceOpening): Promise<Uint8Array | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new SourceError(
              'retry',
              `the video’s server sent nothing for ${Math.round(this.stallMs / 1000)} s at byte ${this.position.toLocaleString('en')}`,
            ),
          ),
        this.stallMs,
      );
    });
    return Promise.race([opening.read(), stalled]).finally(() => clearTimeout(timer));
  }

  private async reopen(offset: number, signal: AbortSignal): Promise<void> {
    this.disconnect();
    const useRange = offset > 0 && !this.rangeBroken;
    const opening = await this.source.open(offset, useRange, signal);
    try {
      this.position = this.check(opening, offset);
    } catch (err) {
      opening.cancel();
      throw err;
    }
    this.opening = opening;
  }

  /** Where the opening's bytes start in the file, or why it cannot be used. */
  private check(opening: SourceOpening, offset: number): number {
    const total = this.plan.videoSize;
    if (validatorsDiffer(this.validators, opening.validators)) {
      throw new SourceError('changed', t('sourceValidatorsChanged'));
    }
    if (opening.status === 200) {
      if (opening.length !== undefined && opening.length !== total) {
        throw new SourceError(
          'changed',
          t('sourceSizeChanged', opening.length.toLocaleString('en'), total.toLocaleString('en')),
        );
      }
      return 0;
    }
    const range = opening.range;
    if (range && range.total !== total) {
      throw new SourceError(
        'changed',
        t('sourceSizeChanged', range.total.toLocaleString('en'), total.toLocaleString('en')),
      );
    }
    if (!range || range.start > offset) {
      // The answer does not say which bytes it holds (or holds the wrong ones): trust only a
      // whole-file read from now on.
      this.rangeBroken = true;
      throw new SourceError(
        'retry',
        `the video’s server answered a range request with ${range ? `bytes from ${range.start}` : 'no usable Content-Range'} instead of bytes from ${offset}`,
      );
    }
    return range.start;
  }
}
