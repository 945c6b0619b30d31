// Pre-flight and remux of a source (issue 10), for the background before the init. A stored
// source is read where it is (the `blobs` store in IndexedDB, or an OPFS file for a captured
// stream) through a mediabunny BlobSource, which reads by ranges, so a multi-GB file is never held
// whole; a piped URL source is read through the background (its first chunk, then ranged
// requests). The thumbnail is one decoded frame, scaled down, as a small JPEG `data:` URL.
import { BlobSource, CanvasSink, CustomSource, type Input, type Source } from 'mediabunny';
import { browser } from 'wxt/browser';
import { fromBase64 } from '@/utils/capture/frame';
import { readCaptureFile } from '@/utils/capture/opfs';
import {
  MAX_PREFLIGHT_READ,
  preflightBytesSchema,
  type CaptureResult,
  type PreflightAnswer,
} from '@/utils/capture/protocol';
import { openAppDB } from '@/utils/db';
import { isFlv } from '@/utils/media/flv';
import { readMetadata } from '@/utils/media/metadata';
import { blobRead, jpegDataUrl, preflightFlv, remuxFlv } from './flv';
import { fail, remuxInputs } from './remux';
import { t } from '@/utils/i18n';

const THUMB_WIDTH = 160;

async function sourceBlob(jobId: string, opfsFile?: string): Promise<Blob | undefined> {
  if (opfsFile) return readCaptureFile(navigator.storage, opfsFile);
  const db = await openAppDB();
  try {
    return (await db.get('blobs', jobId))?.blob;
  } finally {
    db.close();
  }
}

async function head(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, 16).arrayBuffer());
}

async function thumbnail(input: Input, at: number): Promise<string | undefined> {
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track || !(await track.canDecode())) return undefined;
    const sink = new CanvasSink(track, { width: THUMB_WIDTH, fit: 'contain', poolSize: 1 });
    const frame = await sink.getCanvas(at);
    if (!frame) return undefined;
    return await jpegDataUrl(frame.canvas as OffscreenCanvas | HTMLCanvasElement);
  } catch {
    return undefined; // a thumbnail is a nicety: no frame, no picture, the job goes on
  }
}

export async function preflightStored(jobId: string, opfsFile?: string): Promise<PreflightAnswer> {
  const blob = await sourceBlob(jobId, opfsFile);
  if (!blob) return { ok: false, problem: 'the stored source is gone', missing: true };
  const first = await head(blob);
  // FLV: no mediabunny reader; its own demuxer reads it (and remuxes it below).
  if (isFlv(first)) return preflightFlv(blobRead(blob), blob.size);
  return preflightSource(new BlobSource(blob), first);
}

/** The bytes `start`..`end` of a piped source, asked of the background in pieces it allows. */
async function pipedRead(jobId: string, start: number, end: number): Promise<Uint8Array> {
  const out = new Uint8Array(end - start);
  for (let at = start; at < end;) {
    const until = Math.min(end, at + MAX_PREFLIGHT_READ);
    const answer = preflightBytesSchema.safeParse(
      await browser.runtime.sendMessage({ type: 'preflight/read', jobId, start: at, end: until }),
    );
    if (!answer.success) throw new Error('unchecked: no answer from the background');
    if (!answer.data.ok) throw new Error(answer.data.error);
    const bytes = fromBase64(answer.data.base64);
    if (bytes.length === 0) throw new Error('unchecked: an empty read');
    out.set(bytes.subarray(0, end - at), at - start);
    at += bytes.length;
  }
  return out;
}

/** Pre-flight of a URL source piped into the upload (its bytes are not stored). */
export async function preflightPiped(jobId: string, size: number): Promise<PreflightAnswer> {
  try {
    const first = await pipedRead(jobId, 0, Math.min(16, size));
    const source = new CustomSource({
      getSize: () => size,
      read: (start, end) => pipedRead(jobId, start, end),
    });
    return await preflightSource(source, first);
  } catch (err) {
    return { ok: false, problem: String(err instanceof Error ? err.message : err).slice(0, 400) };
  }
}

async function preflightSource(source: Source, first: Uint8Array): Promise<PreflightAnswer> {
  // A piped FLV is not stored, so it cannot be converted before the upload.
  if (isFlv(first)) return { ok: false, problem: 'flv' };
  const read = await readMetadata(source, first);
  if (!read.ok) return { ok: false, problem: read.problem };
  try {
    const start = Math.max(0, await read.input.getFirstTimestamp().catch(() => 0));
    const picture = await thumbnail(read.input, start + Math.min(1, read.meta.durationSec / 3));
    return { ok: true, meta: read.meta, ...(picture ? { thumbnail: picture } : {}) };
  } finally {
    read.input.dispose();
  }
}

const running = new Map<string, Promise<CaptureResult>>();

/**
 * Remuxes into `fileName` in OPFS (packets copied, never re-encoded). Single-flight per job.
 * `onProgress` gets the share converted, 0–1.
 */
export function remuxStored(
  jobId: string,
  fileName: string,
  opfsFile: string | undefined,
  onProgress: (share: number) => void,
): Promise<CaptureResult> {
  let work = running.get(jobId);
  if (!work) {
    work = (async () => {
      const blob = await sourceBlob(jobId, opfsFile);
      if (!blob) return fail('source_gone', t('storedCopyGone'));
      const first = await head(blob);
      if (isFlv(first)) return remuxFlv(blob, fileName, onProgress);
      const read = await readMetadata(new BlobSource(blob), first);
      if (!read.ok) return fail('not_playable', t('fileUnreadable', read.problem));
      const signal = new AbortController().signal;
      return remuxInputs({ fileName, signal, onShare: onProgress }, [{ input: read.input }]);
    })()
      .catch((err: unknown) => fail('remux_failed', t('remuxFailed', String(err).slice(0, 300))))
      .finally(() => running.delete(jobId));
    running.set(jobId, work);
  }
  return work;
}
