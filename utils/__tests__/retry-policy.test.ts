import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  formatSpan,
  nextAttempt,
  OUTAGE_BUDGET_MS,
  outOfBudget,
  retryCause,
  troubleSince,
} from '../retry-policy';

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
});

describe('time-based budget', () => {
  it('is at least 30 minutes without progress, however many tries fit in it', () => {
    expect(OUTAGE_BUDGET_MS).toBeGreaterThanOrEqual(30 * 60_000);
    const since = 5_000_000;
    // The old count-based rule gave up after six failures, ≈ 30 s; time decides now.
    let now = since;
    let attempts = 0;
    while (!outOfBudget(since, now)) {
      attempts = nextAttempt(attempts, false);
      now += backoffMs(attempts - 1);
    }
    expect(now - since).toBeGreaterThanOrEqual(30 * 60_000);
    expect(now - since).toBeLessThan(31 * 60_000);
    expect(attempts).toBeGreaterThan(30);
  });

  it('starts at the first failure after progress and keeps the stored start after that', () => {
    expect(troubleSince(0, 100, 5000)).toBe(5000);
    expect(troubleSince(0, undefined, 5000)).toBe(5000);
    expect(troubleSince(3, 100, 5000)).toBe(100);
    // No start stored, or one in the future (a clock set back): start now.
    expect(troubleSince(3, undefined, 5000)).toBe(5000);
    expect(troubleSince(3, 9000, 5000)).toBe(5000);
  });

  it('honours a custom budget', () => {
    expect(outOfBudget(0, 999, 1000)).toBe(false);
    expect(outOfBudget(0, 1000, 1000)).toBe(true);
  });
});

describe('words', () => {
  it('names the cause of a failed request', () => {
    expect(retryCause('timeout')).toBe('timed out');
    expect(retryCause('network: Failed to fetch')).toBe('connection dropped');
    expect(retryCause('http_503')).toBe('TikTok answered 503');
    expect(retryCause('unreadable_content_range')).toMatch(/could not be read/);
  });

  it('says how long', () => {
    expect(formatSpan(30 * 60_000)).toBe('30 min');
    expect(formatSpan(65 * 60_000)).toBe('1 h 5 min');
    expect(formatSpan(10_000)).toBe('1 min');
  });
});
