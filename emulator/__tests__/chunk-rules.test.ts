import { describe, expect, it } from 'vitest';
import { chunkPlanViolation, parseContentRange, plannedRange, progressRange } from '../chunk-rules';

const plan = (videoSize: number, chunkSize: number, totalChunkCount: number) =>
  chunkPlanViolation({ videoSize, chunkSize, totalChunkCount });

describe('chunk rules, from the media transfer guide and seed 003', () => {
  it("accepts seed 003's examples", () => {
    expect(plan(50_000_123, 10_000_000, 5)).toBeNull();
    expect(plan(4_194_304, 4_194_304, 1)).toBeNull();
  });

  it('derives the count from the size (floor), refusing any other count', () => {
    expect(plan(50_000_123, 10_000_000, 6)).not.toBeNull();
    expect(plan(50_000_123, 10_000_000, 4)).not.toBeNull();
  });

  it('keeps plans valid under both readings of MB', () => {
    // 5 MB read as 10^6 would allow 5,000,000 B chunks; 5 MiB would not.
    expect(plan(20_000_000, 5_000_000, 4)).not.toBeNull();
    expect(plan(20_971_520, 5_242_880, 4)).toBeNull();
    // 64 MB read as MiB would allow 67,108,864 B chunks; TikTok refuses them now.
    expect(plan(134_217_728, 67_108_864, 2)).not.toBeNull();
    expect(plan(128_000_000, 64_000_000, 2)).toBeNull();
  });

  it('refuses a single chunk over 64,000,000 B (seed 000 style 64 MiB whole)', () => {
    expect(plan(67_108_864, 67_108_864, 1)).not.toBeNull();
    expect(plan(64_000_000, 64_000_000, 1)).toBeNull();
    expect(plan(64_000_001, 64_000_001, 1)).not.toBeNull();
  });

  it('sends a video under 5 MiB whole and nothing else', () => {
    expect(plan(5_242_879, 5_242_879, 1)).toBeNull();
    expect(plan(4_000_000, 2_000_000, 2)).not.toBeNull();
    expect(plan(4_000_000, 3_000_000, 1)).not.toBeNull();
  });

  it('caps the last chunk at 128,000,000 B, the count at 1000 and the video at 4,000,000,000 B', () => {
    // 64,000,000 + 127,999,999 = two chunks whose last takes the remainder.
    expect(plan(191_999_999, 64_000_000, 2)).toBeNull();
    expect(plan(192_000_001, 64_000_000, 3)).toBeNull();
    expect(plan(6_000_000 * 1001, 6_000_000, 1001)).not.toBeNull();
    expect(plan(4_000_000_000, 64_000_000, 62)).toBeNull();
    expect(plan(4_000_000_001, 64_000_000, 62)).not.toBeNull();
  });

  it('plans inclusive ranges, the last taking the remainder', () => {
    const seed = { videoSize: 50_000_123, chunkSize: 10_000_000, totalChunkCount: 5 };
    expect(plannedRange(seed, 0)).toEqual({ first: 0, last: 9_999_999 });
    expect(plannedRange(seed, 4)).toEqual({ first: 40_000_000, last: 50_000_122 });
  });

  it('reads Content-Range and writes the progress header', () => {
    expect(parseContentRange('bytes 0-9999999/50000123')).toEqual({
      first: 0,
      last: 9_999_999,
      total: 50_000_123,
    });
    expect(parseContentRange('bytes 10-5/100')).toBeNull();
    expect(parseContentRange('0-5/100')).toBeNull();
    expect(progressRange(10_000_000, 50_000_123)).toBe('bytes 0-9999999/50000123');
    expect(progressRange(0, 100)).toBe('bytes */100');
  });
});
