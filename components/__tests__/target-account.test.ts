import { describe, expect, it } from 'vitest';
import type { AuthStatus } from '@/utils/messages';
import { shownTarget } from '../TargetAccount';

const slots = { free: 5, total: 5 };
const status: AuthStatus = {
  connected: true,
  target: 'a',
  accounts: [
    { openId: 'a', displayName: 'Ada', slots },
    { openId: 'b', displayName: 'Bea', slots },
  ],
};

describe('shownTarget', () => {
  it('is the user’s latest choice while that account is connected', () => {
    expect(shownTarget(status, 'b')).toBe('b');
  });

  it('falls back to the background’s target when nothing was chosen or the choice is gone', () => {
    expect(shownTarget(status, undefined)).toBe('a');
    expect(shownTarget(status, 'removed')).toBe('a');
    expect(shownTarget(undefined, 'b')).toBeUndefined();
  });
});
