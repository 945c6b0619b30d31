import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS_WITHOUT_PROGRESS, nextAttempt, shouldGiveUp } from '../retry-policy';

describe('backoffMs', () => {
  it('grows exponentially within [ceiling / 2, ceiling]', () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const ceiling = 1000 * 2 ** attempt;
      expect(backoffMs(attempt, () => 0)).toBe(ceiling / 2);
      expect(backoffMs(attempt, () => 0.999999)).toBeLessThanOrEqual(ceiling);
      expect(backoffMs(attempt, () => 0.999999)).toBeGreaterThan(ceiling * 0.99);
    }
  });

  it('is capped at maxMs however many attempts', () => {
    for (const attempt of [6, 7, 10, 50, 1000]) {
      expect(backoffMs(attempt, () => 1)).toBe(60_000);
      expect(backoffMs(attempt, () => 0)).toBe(30_000);
    }
    expect(backoffMs(3, () => 1, { baseMs: 100, maxMs: 500 })).toBe(500);
  });

  it('stays within bounds with the real random source', () => {
    for (let i = 0; i < 500; i++) {
      const attempt = i % 10;
      const ceiling = Math.min(60_000, 1000 * 2 ** attempt);
      const delay = backoffMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('spreads delays apart (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffMs(4)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('attempt counter', () => {
  it('counts failures without progress and resets when the offset moved', () => {
    let attempts = 0;
    for (let i = 0; i < 3; i++) attempts = nextAttempt(attempts, false);
    expect(attempts).toBe(3);
    attempts = nextAttempt(attempts, true);
    expect(attempts).toBe(0);
  });

  it('gives up after MAX_ATTEMPTS_WITHOUT_PROGRESS failures in a row', () => {
    let attempts = 0;
    let failures = 0;
    while (!shouldGiveUp(attempts)) {
      attempts = nextAttempt(attempts, false);
      failures++;
    }
    expect(failures).toBe(MAX_ATTEMPTS_WITHOUT_PROGRESS);
    expect(MAX_ATTEMPTS_WITHOUT_PROGRESS).toBe(6);
  });
});
