import { describe, expect, it } from 'vitest';
import { formatBytes, formatPercent, formatWait } from '../format';

describe('formatBytes', () => {
  it('uses decimal units as TikTok states its limits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(4_194_304)).toBe('4.2 MB');
    expect(formatBytes(50_000_123)).toBe('50 MB');
    expect(formatBytes(4_000_000_000)).toBe('4.0 GB');
  });

  it('steps up a unit instead of printing 1000', () => {
    expect(formatBytes(999_999)).toBe('1 MB');
  });

  it('says ? for sizes that are not sizes', () => {
    expect(formatBytes(-1)).toBe('?');
    expect(formatBytes(Number.NaN)).toBe('?');
  });
});

describe('formatPercent', () => {
  it('never claims 100% before the end', () => {
    expect(formatPercent(0.999)).toBe('99%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.255)).toBe('25%');
    expect(formatPercent(2)).toBe('100%');
  });
});

describe('formatWait', () => {
  it('counts down in seconds, minutes, then hours', () => {
    expect(formatWait(1000, 1000)).toBe('now');
    expect(formatWait(41_000, 1000)).toBe('in 40 s');
    expect(formatWait(1000 + 150_000, 1000)).toBe('in 3 min');
    expect(formatWait(1000 + 2 * 3_600_000, 1000)).toBe('in 2 h');
    expect(formatWait(1000 + 90 * 60_000, 1000)).toBe('in 1 h 30 min');
  });
});
