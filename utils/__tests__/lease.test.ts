import { describe, expect, it } from 'vitest';
import { canTakeLease, takeLease } from '../lease';

describe('lease', () => {
  it('is free when absent or expired', () => {
    expect(canTakeLease(undefined, 'a', 100)).toBe(true);
    expect(canTakeLease({ owner: 'b', until: 100 }, 'a', 100)).toBe(true);
    expect(canTakeLease({ owner: 'b', until: 99 }, 'a', 100)).toBe(true);
  });

  it('belongs to its owner until it expires', () => {
    const lease = takeLease('worker-1', 1000, 30_000);
    expect(lease).toEqual({ owner: 'worker-1', until: 31_000 });
    expect(canTakeLease(lease, 'worker-2', 30_999)).toBe(false);
    expect(canTakeLease(lease, 'worker-1', 30_999)).toBe(true);
    expect(canTakeLease(lease, 'worker-2', 31_000)).toBe(true);
  });
});
