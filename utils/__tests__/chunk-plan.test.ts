import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkPlanError, chunkIndexAt, chunkRange, planChunks, type ChunkPlan } from '../chunk-plan';

// The rules, restated here from the documents (seed 003, tiktok-api.md "Chunk rules") rather than
// taken from the planner, so a wrong constant in the planner cannot agree with itself.
const MiB = 1024 * 1024;
const MB = 1_000_000;
const READINGS = [
  { name: 'decimal MB', unit: MB },
  { name: 'binary MB (MiB)', unit: MiB },
];

function chunkSizes(plan: ChunkPlan): number[] {
  const sizes: number[] = [];
  for (let i = 0; i < plan.totalChunkCount - 1; i++) sizes.push(plan.chunkSize);
  sizes.push(plan.videoSize - (plan.totalChunkCount - 1) * plan.chunkSize);
  return sizes;
}

/** Every rule of the document under one reading of "MB"; returns the broken ones. */
function violations(plan: ChunkPlan, unit: number): string[] {
  const broken: string[] = [];
  const { videoSize, chunkSize, totalChunkCount } = plan;
  if (!Number.isInteger(chunkSize) || !Number.isInteger(totalChunkCount)) broken.push('integers');
  if (totalChunkCount < 1 || totalChunkCount > 1000) broken.push('1–1000 chunks');
  if (totalChunkCount !== Math.floor(videoSize / chunkSize)) broken.push('count = floor(size / chunk)');
  if (videoSize < 5 * unit && (totalChunkCount !== 1 || chunkSize !== videoSize))
    broken.push('under 5 MB whole');
  if (videoSize > 64 * unit && totalChunkCount < 2) broken.push('over 64 MB in several chunks');
  const sizes = chunkSizes(plan);
  if (sizes.reduce((a, b) => a + b, 0) !== videoSize) broken.push('chunks sum to the size');
  if (videoSize >= 5 * unit) {
    sizes.slice(0, -1).forEach((s) => {
      if (s < 5 * unit || s > 64 * unit) broken.push(`chunk of ${s} outside 5–64 MB`);
    });
    const last = sizes[sizes.length - 1];
    if (last < 5 * unit || last > 128 * unit) broken.push(`last chunk of ${last} outside 5–128 MB`);
  }
  return broken;
}

describe('planChunks', () => {
  it('matches seed 003: 50,000,123 B at 10,000,000 → 5 chunks, the last 10,000,123 B', () => {
    const plan = planChunks(50_000_123, 10_000_000);
    expect(plan).toEqual({ videoSize: 50_000_123, chunkSize: 10_000_000, totalChunkCount: 5 });
    expect(chunkSizes(plan)).toEqual([10_000_000, 10_000_000, 10_000_000, 10_000_000, 10_000_123]);
    expect(chunkRange(plan, 4)).toEqual({ start: 40_000_000, end: 50_000_123 });
  });

  it('matches seed 003: 4,194,304 B goes whole', () => {
    expect(planChunks(4_194_304)).toEqual({ videoSize: 4_194_304, chunkSize: 4_194_304, totalChunkCount: 1 });
  });

  it("plans seed 000's 295,424,642 B within both readings (seed 000's own 4 × 64 MiB does not)", () => {
    const plan = planChunks(295_424_642);
    expect(plan).toEqual({ videoSize: 295_424_642, chunkSize: 10_000_000, totalChunkCount: 29 });
    expect(chunkSizes(plan).at(-1)).toBe(15_424_642);
    for (const { unit } of READINGS) expect(violations(plan, unit)).toEqual([]);
    const seed000 = { videoSize: 295_424_642, chunkSize: 67_108_864, totalChunkCount: 4 };
    expect(violations(seed000, MB).length).toBeGreaterThan(0);
  });

  it.each([
    [5 * MiB - 1, 1, 5 * MiB - 1],
    [5 * MiB, 1, 5 * MiB],
    [5 * MiB + 1, 1, 5 * MiB + 1],
    [63_999_999, 6, 10_000_000],
    [64_000_000, 6, 10_000_000],
    [64_000_001, 6, 10_000_000],
    [4_000_000_000, 400, 10_000_000],
  ])('edge %i B at the default chunk → %i chunks of %i', (size, count, chunk) => {
    const plan = planChunks(size);
    expect(plan).toEqual({ videoSize: size, chunkSize: chunk, totalChunkCount: count });
    for (const { unit } of READINGS) expect(violations(plan, unit)).toEqual([]);
  });

  it.each([
    [63_999_999, 1, 63_999_999],
    [64_000_000, 1, 64_000_000],
    // One 64,000,001 B chunk is over 64 MB (decimal): two halves instead.
    [64_000_001, 2, 32_000_000],
    [127_999_999, 2, 63_999_999],
  ])('edge %i B with the largest chunk preferred → %i chunks of %i', (size, count, chunk) => {
    const plan = planChunks(size, 64 * MiB);
    expect(plan).toEqual({ videoSize: size, chunkSize: chunk, totalChunkCount: count });
    for (const { unit } of READINGS) expect(violations(plan, unit)).toEqual([]);
  });

  it('clamps a preferred chunk outside 5 MiB–64,000,000 B', () => {
    expect(planChunks(100 * MB, 1).chunkSize).toBe(5 * MiB);
    expect(planChunks(1000 * MB, 500 * MB).chunkSize).toBe(64 * MB);
  });

  it('refuses 0 B and more than 4,000,000,000 B', () => {
    expect(() => planChunks(0)).toThrow(ChunkPlanError);
    expect(() => planChunks(0)).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(() => planChunks(4_000_000_001)).toThrow(expect.objectContaining({ code: 'too_large' }));
  });

  it('makes plans valid under both readings of MB for any size 1 B–4 GB and any preferred chunk', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4_000_000_000 }),
        fc.integer({ min: 1, max: 200 * MB }),
        (size, pref) => {
          for (const preferred of [undefined, pref]) {
            const plan = planChunks(size, preferred);
            expect(plan.videoSize).toBe(size);
            for (const { name, unit } of READINGS) expect(violations(plan, unit), name).toEqual([]);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('ranges tile the video in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4_000_000_000 }), (size) => {
        const plan = planChunks(size);
        let next = 0;
        for (let i = 0; i < plan.totalChunkCount; i++) {
          const { start, end } = chunkRange(plan, i);
          expect(start).toBe(next);
          expect(end).toBeGreaterThan(start);
          expect(chunkIndexAt(plan, start)).toBe(i);
          next = end;
        }
        expect(next).toBe(size);
        expect(chunkIndexAt(plan, size)).toBe(plan.totalChunkCount);
      }),
      { numRuns: 100 },
    );
  });

  it('maps a confirmed offset to the chunk to send next', () => {
    const plan = planChunks(50_000_123, 10_000_000);
    expect(chunkIndexAt(plan, 0)).toBe(0);
    expect(chunkIndexAt(plan, 30_000_000)).toBe(3);
    expect(chunkIndexAt(plan, 45_000_000)).toBe(4);
    expect(chunkIndexAt(plan, 50_000_123)).toBe(5);
    expect(() => chunkRange(plan, 5)).toThrow(RangeError);
  });
});
