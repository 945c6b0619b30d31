import { describe, expect, it } from 'vitest';
import { capRange } from '../bridge';

describe('capRange', () => {
  it('caps an open-ended range to one frame read', () => {
    expect(capRange('bytes=100-', 1000)).toBe('bytes=100-1099');
    expect(capRange('bytes=0-', 8)).toBe('bytes=0-7');
  });

  it('leaves closed ranges and no range alone', () => {
    expect(capRange('bytes=0-99', 1000)).toBe('bytes=0-99');
    expect(capRange(null, 1000)).toBeNull();
  });
});
