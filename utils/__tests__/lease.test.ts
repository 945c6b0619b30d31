import { describe, expect, it } from 'vitest';
import { canTakeLease, LEASE_TTL_MS, takeLease } from '../lease';

const me = (startedAt = 0) => ({ owner: 'worker-2', startedAt });

describe('lease', () => {
  it('is free when absent or expired', () => {
    expect(canTakeLease(undefined, me(), 100)).toBe(true);
    expect(canTakeLease({ owner: 'b', until: 100, at: 50 }, me(), 100)).toBe(true);
    expect(canTakeLease({ owner: 'b', until: 99, at: 50 }, me(), 100)).toBe(true);
  });

  it('belongs to its owner until it expires', () => {
    const lease = takeLease('worker-1', 1000, 30_000);
    expect(lease).toEqual({ owner: 'worker-1', until: 31_000, at: 1000 });
    expect(canTakeLease(lease, me(), 30_999)).toBe(false);
    expect(canTakeLease(lease, { owner: 'worker-1', startedAt: 0 }, 30_999)).toBe(true);
    expect(canTakeLease(lease, me(), 31_000)).toBe(true);
  });

  it('is free when renewed before the asking instance started: its owner was an earlier, dead instance', () => {
    const lease = takeLease('worker-1', 5_000, LEASE_TTL_MS);
    expect(canTakeLease(lease, me(5_001), 6_000)).toBe(true);
    expect(canTakeLease(lease, me(5_000), 6_000)).toBe(false);
    expect(canTakeLease(lease, me(4_000), 6_000)).toBe(false);
    // A record from before `at` existed: its renewal time is until − TTL.
    expect(canTakeLease({ owner: 'worker-1', until: 5_000 + LEASE_TTL_MS }, me(5_001), 6_000)).toBe(true);
    expect(canTakeLease({ owner: 'worker-1', until: 5_000 + LEASE_TTL_MS }, me(4_999), 6_000)).toBe(false);
  });
});
