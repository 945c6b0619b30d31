import { t } from './i18n';
// The classifier of every TikTok answer. The upload engine and the API client never interpret a
// status code themselves: they ask here, and act on the kind (STYLE 4: done / retry / resync /
// re-init / fatal). The server's offset is the only truth, so every offset comes from its
// Content-Range, read as an inclusive byte range (`bytes 0-N/T` means N + 1 bytes held).

export type ContentRange =
  { first: number; last: number; total: number } | { unsatisfied: true; total: number };

const RANGE_RE = /^\s*bytes\s+(\d+)-(\d+)\/(\d+)\s*$/i;
const UNSATISFIED_RE = /^\s*bytes\s+\*\/(\d+)\s*$/i;

export function parseContentRange(h: string | null): ContentRange | null {
  if (!h) return null;
  const unsatisfied = UNSATISFIED_RE.exec(h);
  if (unsatisfied) return { unsatisfied: true, total: Number(unsatisfied[1]) };
  const m = RANGE_RE.exec(h);
  if (!m) return null;
  const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![first, last, total].every(Number.isSafeInteger) || first > last || last >= total) return null;
  return { first, last, total };
}

export type UploadAnswer =
  | { kind: 'next'; offset: number }
  | { kind: 'done'; offset: number }
  | { kind: 'resync'; offset: number }
  | { kind: 'reinit'; reason: 'expired' | 'not_found' }
  | { kind: 'retry'; reason: string }
  | { kind: 'fatal'; code: string; message: string };

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Classifies the answer to one chunk PUT. */
export function classifyUploadAnswer(
  status: number,
  contentRange: string | null,
  videoSize: number,
): UploadAnswer {
  const range = parseContentRange(contentRange);
  if (range && range.total !== videoSize) {
    return {
      kind: 'fatal',
      code: 'size_mismatch',
      message: t('answerSizeMismatch', range.total, videoSize),
    };
  }
  switch (status) {
    case 206:
    case 201: {
      if (!range || 'unsatisfied' in range) return { kind: 'retry', reason: 'unreadable_content_range' };
      return { kind: status === 201 ? 'done' : 'next', offset: range.last + 1 };
    }
    case 416:
      if (!range) return { kind: 'retry', reason: 'unreadable_content_range' };
      return { kind: 'resync', offset: 'unsatisfied' in range ? 0 : range.last + 1 };
    case 403:
      return { kind: 'reinit', reason: 'expired' };
    case 404:
      return { kind: 'reinit', reason: 'not_found' };
  }
  if (isRetryableStatus(status)) return { kind: 'retry', reason: `http_${status}` };
  if (status === 400) {
    return {
      kind: 'fatal',
      code: 'upload_bad_request',
      message: t('answerBadChunk'),
    };
  }
  return {
    kind: 'fatal',
    code: `http_${status}`,
    message: t('answerHttpStatus', status),
  };
}

/** A request that got no answer at all (connection dropped, DNS, offline, timeout) is retried. */
export function classifyNetworkError(err: unknown): Extract<UploadAnswer, { kind: 'retry' }> {
  if (err instanceof Error) {
    if (err.name === 'AbortError' || err.name === 'TimeoutError') return { kind: 'retry', reason: 'timeout' };
    return { kind: 'retry', reason: `network: ${err.message}` };
  }
  return { kind: 'retry', reason: 'network' };
}

/** TikTok's `log_id` of a refused request, for the diagnostics log and the user's bug report. */
type Logged = { logId?: string };

export type ApiAnswer<T> =
  | { kind: 'ok'; data: T }
  | ({ kind: 'rate_limited'; retryAfterMs: number } & Logged)
  | ({ kind: 'auth'; code: string; message: string } & Logged)
  | ({ kind: 'slot'; code: string; message: string } & Logged)
  | ({ kind: 'unverified'; message: string } & Logged)
  /** `status`: the HTTP status, for "TikTok answered 503" (absent when no status explains it). */
  | ({ kind: 'retry'; code: string; message: string; status?: number } & Logged)
  | ({ kind: 'fatal'; code: string; message: string } & Logged);

export const DEFAULT_RETRY_AFTER_MS = 60_000;

const AUTH_CODES = new Set(['access_token_invalid', 'scope_not_authorized', 'access_token_expired']);
/** Caps that free up with time: the job waits for a slot instead of failing. */
const SLOT_CODES = new Set(['spam_risk_too_many_pending_share', 'spam_risk_too_many_posts']);

/** Retry-After in seconds or as an HTTP date, in ms from `now`; TikTok usually sends none. */
export function parseRetryAfter(value: string | null, now: number): number {
  if (value === null || value.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return DEFAULT_RETRY_AFTER_MS;
  return Math.max(0, date - now);
}

interface Envelope {
  data?: unknown;
  error?: { code?: unknown; message?: unknown; log_id?: unknown };
}

function readEnvelope(
  bodyText: string,
): { code: string; message: string; data: unknown; logId?: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { data, error } = parsed as Envelope;
  if (typeof error !== 'object' || error === null || typeof error.code !== 'string') return null;
  return {
    code: error.code,
    message: typeof error.message === 'string' ? error.message : '',
    data,
    ...(typeof error.log_id === 'string' && error.log_id ? { logId: error.log_id.slice(0, 100) } : {}),
  };
}

/**
 * Classifies an answer of TikTok's JSON API ({data, error: {code, message, log_id}}). Only
 * `error.code === "ok"` is success: TikTok reports some failures under HTTP 200.
 */
export function classifyApiAnswer<T = unknown>(
  httpStatus: number,
  bodyText: string,
  retryAfter: string | null,
  now: number = Date.now(),
): ApiAnswer<T> {
  const envelope = readEnvelope(bodyText);
  const answer = classifyEnvelope<T>(httpStatus, envelope, retryAfter, now);
  return answer.kind !== 'ok' && envelope?.logId ? { ...answer, logId: envelope.logId } : answer;
}

function classifyEnvelope<T>(
  httpStatus: number,
  envelope: ReturnType<typeof readEnvelope>,
  retryAfter: string | null,
  now: number,
): ApiAnswer<T> {
  const code = envelope?.code;
  const message = envelope?.message ?? '';

  if (code === 'ok') return { kind: 'ok', data: envelope?.data as T };
  if (httpStatus === 429 || code === 'rate_limit_exceeded') {
    return { kind: 'rate_limited', retryAfterMs: parseRetryAfter(retryAfter, now) };
  }
  if (code === undefined) {
    if (httpStatus === 401) return { kind: 'auth', code: 'access_token_invalid', message: 'HTTP 401' };
    // A truncated body or a proxy's page: the request may well succeed when sent again.
    return {
      kind: 'retry',
      code: 'malformed_response',
      message: t('answerUnreadable', httpStatus),
      status: httpStatus,
    };
  }
  if (AUTH_CODES.has(code)) return { kind: 'auth', code, message };
  if (SLOT_CODES.has(code)) return { kind: 'slot', code, message };
  if (code === 'url_ownership_unverified') return { kind: 'unverified', message };
  if (code === 'internal_error' || httpStatus >= 500 || httpStatus === 408)
    return { kind: 'retry', code, message, status: httpStatus };
  if (httpStatus === 401) return { kind: 'auth', code, message };
  return { kind: 'fatal', code, message };
}
