// Words for the user: each TikTok failure says what happened and what to do next (STYLE 8).
import { formatClock } from './format';
import { t, type MessageKey } from './i18n';

// Keys, not texts: each is read in the browser's language when the failure is described.
const FAIL_REASONS: Record<string, MessageKey> = {
  file_format_check_failed: 'failFileFormat',
  duration_check_failed: 'failDuration',
  frame_rate_check_failed: 'failFrameRate',
  picture_size_check_failed: 'failPictureSize',
  internal: 'failInternal',
  video_pull_failed: 'failPull',
  publish_cancelled: 'failPublishCancelled',
  auth_removed: 'failAuthRemoved',
  spam_risk_too_many_posts: 'failTooManyPosts',
  spam_risk_user_banned_from_posting: 'failBanned',
  spam_risk_text: 'failSpamText',
  spam_risk: 'failSpam',
};

export function describeFailReason(reason: string): string {
  const key = Object.hasOwn(FAIL_REASONS, reason) ? FAIL_REASONS[reason] : undefined;
  return key ? t(key) : t('failOther', reason || t('failNoReason'));
}

const API_ERRORS: Record<string, MessageKey> = {
  invalid_param: 'apiInvalidParam',
  invalid_params: 'apiInvalidParams',
  access_token_invalid: 'apiTokenInvalid',
  scope_not_authorized: 'apiScope',
  spam_risk_too_many_pending_share: 'apiPendingShares',
  spam_risk_too_many_posts: 'apiTooManyPosts',
  spam_risk_user_banned_from_posting: 'failBanned',
  url_ownership_unverified: 'apiUrlUnverified',
  rate_limit_exceeded: 'apiRateLimit',
  reached_active_user_cap: 'apiUserCap',
  unaudited_client_can_only_post_to_private_accounts: 'apiUnaudited',
  privacy_level_option_mismatch: 'apiPrivacyMismatch',
  invalid_publish_id: 'apiInvalidPublishId',
  token_not_authorized_for_specified_publish_id: 'apiWrongAccount',
  publish_not_cancellable: 'apiNotCancellable',
  internal_error: 'apiInternal',
  malformed_response: 'apiMalformed',
  size_mismatch: 'apiSizeMismatch',
  upload_bad_request: 'apiUploadBadRequest',
};

/**
 * The words for a refused API request. With TikTok's `log_id` (what its support asks for), the
 * words end with it, so a screenshot of the failed job is enough for a report.
 */
export function describeApiError(code: string, message?: string, logId?: string): string {
  const key = Object.hasOwn(API_ERRORS, code) ? API_ERRORS[code] : undefined;
  // The code and TikTok's own message are technical tokens, shown as TikTok sent them.
  const words = key ? t(key) : t('apiOther', message ? `${code}: ${message}` : code);
  return logId ? t('apiLogId', words, logId) : words;
}

/**
 * A job waiting for one of an account's 5 pending-draft slots: which account, and when a slot
 * frees at the latest (24 h after the oldest draft this extension sent there), if that is known.
 */
export function slotWaitMessage(
  accountName: string,
  nextFreeAt: number | undefined,
  now = Date.now(),
): string {
  if (nextFreeAt === undefined) return t('slotWaitUnknown', accountName);
  return t('slotWaitUntil', accountName, formatClock(nextFreeAt, now));
}
