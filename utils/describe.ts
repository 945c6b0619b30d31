// Words for the user: each TikTok failure says what happened and what to do next (STYLE 8).

const FAIL_REASONS: Record<string, string> = {
  file_format_check_failed:
    'TikTok could not read the video format. Send an MP4 (H.264) or WebM file, or convert the video and try again.',
  duration_check_failed:
    'The video is too long or too short for TikTok (most accounts: up to 10 minutes, some only 3). Trim it and try again.',
  frame_rate_check_failed:
    'TikTok accepts 23–60 frames per second. Re-export the video at a standard frame rate.',
  picture_size_check_failed:
    'The picture size is outside what TikTok accepts (360–4096 pixels per side). Resize the video and try again.',
  internal: 'TikTok had an internal problem processing the video. Retry; it usually goes through.',
  video_pull_failed:
    'TikTok could not download the video from its address. Check that the URL still works and is public, then retry.',
  publish_cancelled: 'The upload was cancelled on TikTok’s side.',
  auth_removed: 'The app’s access to your TikTok account was removed. Connect again, then retry.',
  spam_risk_too_many_posts: 'Your account reached TikTok’s daily posting limit. Try again tomorrow.',
  spam_risk_user_banned_from_posting:
    'TikTok currently does not allow this account to post. Check the TikTok app.',
  spam_risk_text: 'TikTok flagged the text as spam. Change the caption and try again.',
  spam_risk: 'TikTok flagged this post as a spam risk. Wait a while before sending again.',
};

export function describeFailReason(reason: string): string {
  return (
    FAIL_REASONS[reason] ??
    `TikTok could not process the video (${reason || 'no reason given'}). Retry, or try another file.`
  );
}

const API_ERRORS: Record<string, string> = {
  invalid_param:
    'TikTok refused the request as invalid. Retry; if it keeps failing, report it with the diagnostics log.',
  invalid_params:
    'TikTok refused the upload plan (for example the chunk size). Retry; if it keeps failing, report it with the diagnostics log.',
  access_token_invalid:
    'Your TikTok sign-in expired or was revoked. Connect again; the job continues after that.',
  scope_not_authorized:
    'The permission to upload videos was not granted. Connect again and allow “upload videos” on TikTok’s screen.',
  spam_risk_too_many_pending_share:
    'You have 5 videos waiting in your TikTok inbox. Post or delete one in the TikTok app and the next goes by itself.',
  spam_risk_too_many_posts:
    'Your account reached TikTok’s daily posting limit. The job waits and tries again later.',
  spam_risk_user_banned_from_posting:
    'TikTok currently does not allow this account to post. Check the TikTok app.',
  url_ownership_unverified:
    'TikTok has not verified this site for the app, so the video is sent from your computer instead.',
  rate_limit_exceeded: 'TikTok asked to slow down. The job waits a minute and goes on by itself.',
  reached_active_user_cap: 'The app reached TikTok’s daily limit of users. Try again tomorrow.',
  unaudited_client_can_only_post_to_private_accounts:
    'This app is not yet audited by TikTok and can only post to private accounts.',
  privacy_level_option_mismatch: 'The chosen privacy level is not available for this account.',
  invalid_publish_id: 'TikTok no longer knows this upload. Retry to send the video again.',
  token_not_authorized_for_specified_publish_id:
    'This upload belongs to another TikTok account. Connect with the account that started it, or retry.',
  publish_not_cancellable: 'TikTok has already processed this upload, so it can no longer be cancelled.',
  internal_error: 'TikTok had an internal error. The job retries by itself.',
  malformed_response: 'TikTok’s answer could not be read. The job retries by itself.',
  size_mismatch:
    'TikTok and the extension disagree on the video’s size. Retry to send it again from the start.',
  upload_bad_request:
    'TikTok refused a part of the video. Retry; if it keeps failing, report it with the diagnostics log.',
};

export function describeApiError(code: string, message?: string): string {
  const words = API_ERRORS[code];
  if (words) return words;
  const detail = message ? `: ${message}` : '';
  return `TikTok refused the request (${code}${detail}). Retry; if it keeps failing, report it with the diagnostics log.`;
}
