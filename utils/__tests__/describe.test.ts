import { describe, expect, it } from 'vitest';
import { describeApiError, describeFailReason, slotWaitMessage } from '../describe';
import { formatClock } from '../format';

// The fail_reason values of tiktok-api.md "Status values", listed again here on purpose.
const FAIL_REASONS = [
  'file_format_check_failed',
  'duration_check_failed',
  'frame_rate_check_failed',
  'picture_size_check_failed',
  'internal',
  'video_pull_failed',
  'publish_cancelled',
  'auth_removed',
  'spam_risk_too_many_posts',
  'spam_risk_user_banned_from_posting',
  'spam_risk_text',
  'spam_risk',
];

describe('describeFailReason', () => {
  it('has its own words for every documented fail_reason', () => {
    const texts = FAIL_REASONS.map(describeFailReason);
    for (const [i, text] of texts.entries()) {
      // Not the fallback, which quotes the raw reason in parentheses.
      expect(text, FAIL_REASONS[i]).not.toContain(`(${FAIL_REASONS[i]})`);
      expect(text.length).toBeGreaterThan(20);
    }
    expect(new Set(texts).size).toBe(FAIL_REASONS.length);
  });

  it('names an unknown reason', () => {
    expect(describeFailReason('brand_new_reason')).toContain('brand_new_reason');
  });
});

describe('describeApiError', () => {
  it('explains the documented codes and says what to do', () => {
    expect(describeApiError('spam_risk_too_many_pending_share')).toMatch(/5 videos/);
    expect(describeApiError('access_token_invalid')).toMatch(/Connect again/);
    expect(describeApiError('invalid_params', 'The chunk size is invalid')).not.toContain('invalid_params');
  });

  it('keeps the code and TikTok message of an unknown error', () => {
    const text = describeApiError('some_new_code', 'Something odd');
    expect(text).toContain('some_new_code');
    expect(text).toContain('Something odd');
  });
});

describe('describeApiError with a log_id', () => {
  it('ends with TikTok’s log_id when there is one', () => {
    expect(describeApiError('spam_risk_user_banned_from_posting', 'banned', 'L-1')).toMatch(
      /Check the TikTok app\. \(TikTok log_id L-1\)$/,
    );
    expect(describeApiError('weird_code', 'odd', 'L-2')).toMatch(/weird_code: odd.*\(TikTok log_id L-2\)$/);
    expect(describeApiError('weird_code', 'odd')).not.toMatch(/log_id/);
  });
});

describe('slotWaitMessage', () => {
  const now = new Date(2026, 11, 2, 10, 0).getTime();

  it('names the account and when a slot frees at the latest, when that is known', () => {
    const text = slotWaitMessage('Ada', now + 3 * 3600_000, now);
    expect(text).toMatch(/^Ada has 5 drafts waiting/);
    expect(text).toContain(`frees at ${formatClock(now + 3 * 3600_000, now)} at the latest`);
    expect(text).toMatch(/post or delete a draft in the TikTok app/);
  });

  it('promises no time when the drafts were not all sent from here', () => {
    const text = slotWaitMessage('Bea', undefined, now);
    expect(text).toMatch(/^Bea has 5 drafts waiting/);
    expect(text).not.toMatch(/at the latest/);
  });
});
