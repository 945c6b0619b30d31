/**
 * TikTok's FILE_UPLOAD chunk rules (media transfer guide, seed 003), written from the documents.
 *
 * "MB" is ambiguous (10^6 or 2^20 B). Real TikTok reads the maximums as 10^6 B; the minimum is
 * enforced as 5 MiB so that only plans valid under both readings pass.
 */
export const MIN_CHUNK = 5 * 1024 * 1024; // 5,242,880
export const MAX_CHUNK = 64_000_000;
export const MAX_LAST_CHUNK = 128_000_000;
export const MAX_VIDEO = 4_000_000_000;
export const MAX_CHUNKS = 1000;

export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

/** Returns why the plan breaks the rules, or null when TikTok would accept it. */
export function chunkPlanViolation({ videoSize, chunkSize, totalChunkCount }: ChunkPlan): string | null {
  if (videoSize > MAX_VIDEO) return `video_size ${videoSize} exceeds ${MAX_VIDEO}`;
  if (totalChunkCount < 1 || totalChunkCount > MAX_CHUNKS)
    return `total_chunk_count must be 1..${MAX_CHUNKS}`;
  if (totalChunkCount !== Math.floor(videoSize / chunkSize)) {
    return 'total_chunk_count must equal floor(video_size / chunk_size)';
  }
  if (videoSize < MIN_CHUNK) {
    // A small video goes whole: one chunk exactly its size.
    return chunkSize === videoSize && totalChunkCount === 1
      ? null
      : 'a video under 5 MB goes as one whole chunk';
  }
  if (chunkSize < MIN_CHUNK) return `chunk_size must be at least ${MIN_CHUNK}`;
  if (chunkSize > MAX_CHUNK) return `chunk_size must be at most ${MAX_CHUNK}`;
  if (videoSize > MAX_CHUNK && totalChunkCount < 2)
    return 'a video over 64 MB must be sent in several chunks';
  if (lastChunkSize({ videoSize, chunkSize, totalChunkCount }) > MAX_LAST_CHUNK) {
    return `the last chunk must be at most ${MAX_LAST_CHUNK}`;
  }
  return null;
}

export function lastChunkSize(plan: ChunkPlan): number {
  return plan.videoSize - (plan.totalChunkCount - 1) * plan.chunkSize;
}

/** The inclusive byte range chunk `index` (0-based) must carry; the last takes the remainder. */
export function plannedRange(plan: ChunkPlan, index: number): { first: number; last: number } {
  const first = index * plan.chunkSize;
  const last = index === plan.totalChunkCount - 1 ? plan.videoSize - 1 : first + plan.chunkSize - 1;
  return { first, last };
}

export interface ContentRange {
  first: number;
  last: number;
  total: number;
}

/** Parses `bytes FIRST-LAST/TOTAL`; null when malformed. */
export function parseContentRange(header: string | undefined): ContentRange | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec((header ?? '').trim());
  if (!m) return null;
  const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (last < first) return null;
  return { first, last, total };
}

/** The progress header TikTok sends with every answer: an inclusive range of what it holds. */
export function progressRange(received: number, total: number): string {
  return received > 0 ? `bytes 0-${received - 1}/${total}` : `bytes */${total}`;
}
