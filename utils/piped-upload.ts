// The piped upload engine (FILE_UPLOAD from a URL): the same protocol as `upload-engine.ts`, but
// each chunk's bytes come from a ChunkFeed reading the source while the previous chunk is PUT, so
// a URL job takes about as long as the slower of the two transfers and holds at most two chunks.
// Transport, journal and retry policy are the upload engine's own interfaces; a failure of the
// source counts against the same retry policy as a failed PUT. The server's confirmed offset is the
// only truth for the next chunk, exactly as in the upload engine.
import { classifyNetworkError } from './answers';
import { chunkIndexAt, chunkRange, type ChunkPlan } from './chunk-plan';
import { SourceError, type ChunkFeed } from './chunk-feed';
import type { PutChunkAnswer } from './tiktok-client';
import { createRetryTracker, followAnswer } from './upload-retries';
import type { UploadJournal, UploadOutcome, UploadRetryPolicy, UploadTransport } from './upload-engine';

export interface PipedInput {
  feed: Pick<ChunkFeed, 'chunk' | 'close'>;
  plan: ChunkPlan;
  uploadUrl: string;
  mimeType: string;
  serverOffset: number;
  attempts: number;
  /** The budget's clock carried over from before a restart (used when `attempts` > 0). */
  lastProgressAt?: number;
  signal: AbortSignal;
}

export type PipedOutcome =
  | UploadOutcome
  /** The source is no longer the file TikTok holds the start of: init again and send it all. */
  | { kind: 'source_changed'; message: string; serverOffset: number }
  /** The source refuses for good (e.g. 404 now): names the download, not TikTok. */
  | { kind: 'source_fatal'; code: string; message: string; serverOffset: number };

export async function runPipedUpload(
  input: PipedInput,
  transport: UploadTransport,
  journal: UploadJournal,
  policy: UploadRetryPolicy,
): Promise<PipedOutcome> {
  try {
    return await pipe(input, transport, journal, policy);
  } finally {
    input.feed.close();
  }
}

async function pipe(
  input: PipedInput,
  transport: UploadTransport,
  journal: UploadJournal,
  policy: UploadRetryPolicy,
): Promise<PipedOutcome> {
  const { feed, plan, uploadUrl, mimeType, signal } = input;
  // The same retry bookkeeping as the stored-bytes engine: a failed read of the source counts
  // against the same time budget as a failed PUT.
  const track = createRetryTracker(input, journal, policy, signal);
  const failedAttempt = (reason: string) => track.failed(reason);

  for (;;) {
    if (signal.aborted) return { kind: 'aborted', serverOffset: track.offset };
    const index = chunkIndexAt(plan, track.offset);
    if (index >= plan.totalChunkCount) return { kind: 'done', serverOffset: plan.videoSize };
    const { start, end } = chunkRange(plan, index);

    let body: Blob;
    try {
      body = await feed.chunk(index, signal);
    } catch (err) {
      if (signal.aborted) return { kind: 'aborted', serverOffset: track.offset };
      if (err instanceof SourceError && err.kind === 'changed') {
        return { kind: 'source_changed', message: err.message, serverOffset: track.offset };
      }
      if (err instanceof SourceError && err.kind === 'fatal') {
        return { kind: 'source_fatal', code: err.code, message: err.message, serverOffset: track.offset };
      }
      const reason = err instanceof SourceError ? err.message : `the download failed (${String(err)})`;
      const stop = await failedAttempt(reason);
      if (stop) return stop;
      continue;
    }

    let answer: PutChunkAnswer;
    try {
      answer = await transport.putChunk({
        url: uploadUrl,
        body,
        first: start,
        last: end - 1,
        total: plan.videoSize,
        mimeType,
        signal,
      });
    } catch (err) {
      if (signal.aborted) return { kind: 'aborted', serverOffset: track.offset };
      const stop = await failedAttempt(classifyNetworkError(err).reason);
      if (stop) return stop;
      continue;
    }

    const stop = await followAnswer(answer, plan.videoSize, track);
    if (stop) return stop;
  }
}
