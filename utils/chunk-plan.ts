import { t } from './i18n';
// The FILE_UPLOAD chunk plan. TikTok's documents say "MB" without saying which MB, and real TikTok
// now reads the maximums as 10^6 B while seed 000 reads them as MiB. Every plan made here is valid
// under both readings: chunks ≥ 5 MiB (the larger minimum) and ≤ 64,000,000 B (the smaller
// maximum), the last ≤ 128,000,000 B, a video over 64,000,000 B in several chunks.
// See /work/shared/tiktok-api.md "Chunk rules".

/** 5 MiB: the minimum chunk under the binary reading, which also satisfies the decimal one. */
export const MIN_CHUNK = 5_242_880;
/** 64 MB read as 10^6 B: the maximum chunk under the decimal reading, which also satisfies MiB. */
export const MAX_CHUNK = 64_000_000;
/** The last chunk takes the remainder and may be larger, up to 128 MB (10^6 reading). */
export const MAX_LAST_CHUNK = 128_000_000;
/** 4 GB, taking the smaller reading. */
export const MAX_VIDEO_SIZE = 4_000_000_000;
/**
 * Small enough that one PUT stays short on a slow link (the worker may die mid-PUT, and a resume
 * re-sends at most one chunk), large enough to keep the count low.
 */
export const DEFAULT_CHUNK = 10_000_000;
export const MAX_CHUNK_COUNT = 1000;

export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

export class ChunkPlanError extends Error {
  readonly code: 'empty' | 'too_large';
  constructor(code: 'empty' | 'too_large', message: string) {
    super(message);
    this.name = 'ChunkPlanError';
    this.code = code;
  }
}

export function planChunks(videoSize: number, preferredChunkSize = DEFAULT_CHUNK): ChunkPlan {
  if (!Number.isSafeInteger(videoSize) || videoSize <= 0) {
    throw new ChunkPlanError('empty', t('videoEmpty'));
  }
  if (videoSize > MAX_VIDEO_SIZE) {
    throw new ChunkPlanError('too_large', t('videoTooLarge', videoSize, MAX_VIDEO_SIZE));
  }
  // Under 5 MB (either reading) the video must go whole.
  if (videoSize < MIN_CHUNK) return { videoSize, chunkSize: videoSize, totalChunkCount: 1 };

  let chunkSize = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.floor(preferredChunkSize) || DEFAULT_CHUNK));
  // TikTok derives the count from the size; the last chunk absorbs the remainder, so it is smaller
  // than 2 × chunkSize ≤ 128,000,000 B.
  let totalChunkCount = Math.max(1, Math.floor(videoSize / chunkSize));
  if (totalChunkCount > MAX_CHUNK_COUNT) {
    // Unreachable with the bounds above (4e9 / 5 MiB < 763), kept so a change of bounds cannot
    // produce a plan TikTok refuses.
    chunkSize = Math.ceil(videoSize / MAX_CHUNK_COUNT);
    totalChunkCount = Math.floor(videoSize / chunkSize);
  }
  if (totalChunkCount === 1) {
    if (videoSize <= MAX_CHUNK) return { videoSize, chunkSize: videoSize, totalChunkCount: 1 };
    // Over 64 MB must be several chunks: two halves, each between 32 MB and 64 MB.
    chunkSize = Math.floor(videoSize / 2);
    totalChunkCount = 2;
  }
  return { videoSize, chunkSize, totalChunkCount };
}

/** Byte range of chunk `index` (0-based); `end` is exclusive. The last chunk takes the remainder. */
export function chunkRange(plan: ChunkPlan, index: number): { start: number; end: number } {
  if (!Number.isInteger(index) || index < 0 || index >= plan.totalChunkCount) {
    throw new RangeError(`Chunk ${index} is outside a plan of ${plan.totalChunkCount} chunks.`);
  }
  const start = index * plan.chunkSize;
  const end = index === plan.totalChunkCount - 1 ? plan.videoSize : start + plan.chunkSize;
  return { start, end };
}

/**
 * The chunk to send next given the offset the server confirmed: `totalChunkCount` when it holds
 * everything. TikTok accepts whole chunks only, so its offsets fall on chunk starts; an offset
 * inside a chunk maps to that chunk (re-sending it whole is the only request TikTok can accept).
 */
export function chunkIndexAt(plan: ChunkPlan, offset: number): number {
  if (offset >= plan.videoSize) return plan.totalChunkCount;
  if (offset <= 0) return 0;
  return Math.min(Math.floor(offset / plan.chunkSize), plan.totalChunkCount - 1);
}
