import { describe, expect, it } from 'vitest';
import { captureProgressText } from '../progress';

describe('capture progress', () => {
  it('says how many segments of how many', () => {
    expect(captureProgressText({ done: 12, total: 40 })).toBe('Capturing the stream (12 of 40 segments)');
    expect(captureProgressText({ done: 0, total: 1 })).toBe('Capturing the stream (0 of 1 segment)');
    expect(captureProgressText({ done: 45, total: 40 })).toBe('Capturing the stream (40 of 40 segments)');
  });

  it('counts without a total while the total is unknown', () => {
    expect(captureProgressText({ done: 0, total: null })).toBe('Capturing the stream');
    expect(captureProgressText({ done: 7, total: null })).toBe('Capturing the stream (7 segments)');
  });
});
