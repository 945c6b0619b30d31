import { describe, expect, it } from 'vitest';
import { nextSlotAt, prune } from '../rate-window';

const MIN = 60_000;

describe('rate window', () => {
  it('allows calls under the limit now', () => {
    expect(nextSlotAt([], 1000, 6, MIN)).toBe(1000);
    expect(nextSlotAt([1, 2, 3, 4, 5], 1000, 6, MIN)).toBe(1000);
  });

  it('at the limit, waits until the oldest in-window stamp leaves', () => {
    const stamps = [10_000, 20_000, 30_000, 40_000, 50_000, 55_000];
    expect(nextSlotAt(stamps, 56_000, 6, MIN)).toBe(70_000);
    // At that moment the budget really has room again.
    expect(nextSlotAt(stamps, 70_000, 6, MIN)).toBe(70_000);
    expect(nextSlotAt(stamps, 69_999, 6, MIN)).toBe(70_000);
  });

  it('ignores stamps outside the window and handles unsorted input', () => {
    const stamps = [55_000, 1_000, 40_000, 30_000, 50_000, 20_000, 10_000];
    // 1,000 left the window at 61,000; six remain.
    expect(nextSlotAt(stamps, 62_000, 6, MIN)).toBe(70_000);
    expect(prune(stamps, 62_000, MIN)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 55_000]);
  });

  it('works with more stamps than the limit (another context overshot)', () => {
    const stamps = Array.from({ length: 32 }, (_, i) => 1000 * i);
    // 30 per minute: the call may go once 3 stamps have left (0, 1000, 2000) → at 62,000.
    expect(nextSlotAt(stamps, 40_000, 30, MIN)).toBe(62_000);
  });

  it('prune drops stamps at the window edge and from the future', () => {
    expect(prune([0, 1, 60_000, 60_001, 70_000], 60_000, MIN)).toEqual([1, 60_000]);
  });
});
