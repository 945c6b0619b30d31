import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from '../rate-limit';

describe('FixedWindowLimiter', () => {
  it('allows max requests per window, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new FixedWindowLimiter({ windowMs: 10_000, max: 3 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    now += 2_500;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSec: 8 });
    now += 7_499;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSec: 1 });
    now += 1;
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 2 });
  });

  it('counts each client on its own', () => {
    const limiter = new FixedWindowLimiter({ windowMs: 60_000, max: 1 }, () => 0);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('sweeps finished windows once it tracks many clients, without forgetting live ones', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter({ windowMs: 1_000, max: 1 }, () => now);
    for (let i = 0; i < 10_000; i++) limiter.take(`old-${i}`);
    now = 500;
    limiter.take('live');
    now = 1_200;
    limiter.take('newcomer'); // triggers the sweep of the 10,000 finished windows
    expect(limiter.take('live').allowed).toBe(false);
    expect(limiter.take('old-1').allowed).toBe(true);
  });

  it('rejects a configuration that would block or allow everything', () => {
    expect(() => new FixedWindowLimiter({ windowMs: 0, max: 1 })).toThrow(RangeError);
    expect(() => new FixedWindowLimiter({ windowMs: 1000, max: 0 })).toThrow(RangeError);
  });
});
