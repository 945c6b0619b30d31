// Starting a piped upload (a URL whose server sent a Content-Length): the first chunk is read,
// sniffed as a video and pre-flighted (preflight-piped.ts) BEFORE the init spends a draft slot, then the job goes to `initializing` with
// the plan and the source's validators, and the open connection is kept here for the `uploading`
// step, which PUTs that chunk while the next one downloads. Nothing is written to the `blobs` store.
import { ChunkFeed, SourceError as FeedError, type SourceOpening } from '@/utils/chunk-feed';
import { planChunks } from '@/utils/chunk-plan';
import type { Job, JobPreflight } from '@/utils/job';
import { notPlayable, preflightVerdict } from '@/utils/media/preflight';
import { SNIFF_BYTES, sniffVideo } from '@/utils/media-sniff';
import { NOT_A_VIDEO, SourceError, truncated } from './acquire';
import { patchJob, setStatus } from './jobs';
import { offscreenAvailable } from './capture-offscreen';
import { FLV_REFUSED } from './preflight';
import { preflightPiped, UNCHECKED } from './preflight-piped';
import { httpSource, openingOf } from './source-http';
import { t } from '@/utils/i18n';

/** A connection kept for a job between its steps; dropped if nobody takes it (e.g. a long wait). */
const held = new Map<string, { feed: ChunkFeed; timer: ReturnType<typeof setTimeout> }>();
const HOLD_MS = 60_000;

function hold(jobId: string, feed: ChunkFeed): void {
  takeFeed(jobId)?.close();
  const timer = setTimeout(() => takeFeed(jobId)?.close(), HOLD_MS);
  held.set(jobId, { feed, timer });
}

/** The connection `startPipe` opened for this job, if this worker still has it. */
export function takeFeed(jobId: string): ChunkFeed | undefined {
  const entry = held.get(jobId);
  if (!entry) return undefined;
  clearTimeout(entry.timer);
  held.delete(jobId);
  return entry.feed;
}

/** Refuses the body as soon as its first bytes are known not to be a video. */
function sniffing(opening: SourceOpening): SourceOpening {
  let head = new Uint8Array(0);
  return {
    ...opening,
    async read() {
      const piece = await opening.read();
      if (piece && head.length < SNIFF_BYTES) {
        const joined = new Uint8Array(head.length + piece.byteLength);
        joined.set(head);
        joined.set(piece, head.length);
        head = joined.slice(0, SNIFF_BYTES);
        if (head.length >= SNIFF_BYTES && !sniffVideo(head)) throw new SourceError(NOT_A_VIDEO);
      }
      return piece;
    },
  };
}

export async function startPipe(
  job: Job,
  response: Response,
  size: number,
  signal: AbortSignal,
): Promise<void> {
  if (job.source.kind !== 'url') throw new Error('Only a URL can be piped.');
  const plan = planChunks(size);
  let opening: SourceOpening;
  try {
    opening = sniffing(openingOf(response));
  } catch (err) {
    if (err instanceof FeedError) throw new SourceError({ code: err.code, message: err.message });
    throw err;
  }
  const feed = new ChunkFeed(httpSource(job.source.url), plan, opening.validators, opening);
  let first: Blob;
  try {
    first = await feed.chunk(0, signal);
  } catch (err) {
    feed.close();
    if (signal.aborted || err instanceof SourceError) throw err;
    // The connection ended or broke before the first chunk was whole.
    throw truncated(size, feed.downloaded);
  }
  const sniffed = sniffVideo(new Uint8Array(await first.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (!sniffed) {
    feed.close();
    throw new SourceError(NOT_A_VIDEO);
  }
  let preflight: JobPreflight | undefined;
  try {
    preflight = await checkPiped(job, first, size);
  } catch (err) {
    feed.close();
    throw err;
  }
  try {
    await setStatus(job.id, 'initializing', {
      ...(preflight ? { preflight } : {}),
      piped: opening.validators,
      hasBlob: false,
      videoSize: size,
      mimeType: sniffed.mimeType,
      plan,
      progress: 0,
      attempts: 0,
      notBefore: undefined,
    });
  } catch (err) {
    feed.close(); // the job changed under the step (e.g. cancelled)
    throw err;
  }
  hold(job.id, feed);
}

/**
 * The pre-flight of a piped source, before the init: its facts when it passes, a SourceError when
 * TikTok would refuse it, undefined when it could not be checked (a server without `Range` and
 * the index at the end): sent unchecked then, TikTok's own check has the last word.
 */
async function checkPiped(job: Job, first: Blob, size: number): Promise<JobPreflight | undefined> {
  if (!offscreenAvailable()) return undefined; // Firefox: sent unchecked, TikTok's check decides
  const read = await preflightPiped(job, first, size);
  if (!read) return undefined;
  if (!read.ok) {
    if (read.problem.includes(UNCHECKED)) return undefined;
    throw new SourceError(read.problem === 'flv' ? FLV_REFUSED : notPlayable(read.problem));
  }
  const verdict = preflightVerdict(read.meta);
  const facts: JobPreflight = { ...read.meta, ...(read.thumbnail ? { thumbnail: read.thumbnail } : {}) };
  if (!verdict.ok) {
    await patchJob(job.id, { preflight: facts });
    throw new SourceError(verdict.error);
  }
  if (verdict.remux) {
    await patchJob(job.id, { preflight: facts });
    throw new SourceError({
      code: 'unsupported_container',
      message: t('pipeCannotRemux', read.meta.container.toUpperCase()),
    });
  }
  if (verdict.warning) facts.warning = verdict.warning;
  return facts;
}
