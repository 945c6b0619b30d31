// DASH SegmentBase (the on-demand profile: one file per representation) lists its segments only in
// the file's `sidx` box, at the MPD's indexRange. Reading that box turns one big download into
// ranged pieces the capture can fetch, count and resume like any other segments.
import type { DashSegment, SegmentRef } from './dash';

function u32(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

/**
 * `bytes` are the file's bytes from `sidx.byteRange.offset` (the indexRange fetched). Returns the
 * media segments as byte ranges of `sidx.url`. Throws naming the problem when the box is not a sidx
 * or references nested indexes (hierarchical sidx, rare; the caller then fetches the whole file).
 */
export function segmentsFromSidx(bytes: Uint8Array, sidx: SegmentRef): DashSegment[] {
  if (bytes.length < 12) throw new Error('The segment index (sidx) is truncated');
  const size = u32(bytes, 0);
  const type = String.fromCharCode(bytes[4], bytes[5], bytes[6], bytes[7]);
  if (type !== 'sidx') throw new Error(`Expected a sidx box at the index range, found "${type}"`);
  if (size > bytes.length) throw new Error('The segment index (sidx) is truncated');
  const version = bytes[8];
  let i = 12 + 4; // after version/flags and reference_ID
  const timescale = u32(bytes, i);
  i += 4;
  let firstOffset: number;
  if (version === 0) {
    i += 4; // earliest_presentation_time
    firstOffset = u32(bytes, i);
    i += 4;
  } else {
    i += 8;
    firstOffset = u32(bytes, i) * 2 ** 32 + u32(bytes, i + 4);
    i += 8;
  }
  i += 2; // reserved
  const count = (bytes[i] << 8) | bytes[i + 1];
  i += 2;
  if (i + count * 12 > size) throw new Error('The segment index (sidx) is truncated');
  if (!timescale) throw new Error('The segment index (sidx) has no timescale');

  // Offsets count from the first byte after the sidx box.
  let offset = (sidx.byteRange?.offset ?? 0) + size + firstOffset;
  const segments: DashSegment[] = [];
  for (let n = 0; n < count; n++, i += 12) {
    const word = u32(bytes, i);
    if (word >>> 31) throw new Error('Nested segment indexes (hierarchical sidx) are not supported');
    const length = word & 0x7fffffff;
    segments.push({ url: sidx.url, byteRange: { offset, length }, duration: u32(bytes, i + 4) / timescale });
    offset += length;
  }
  return segments;
}
