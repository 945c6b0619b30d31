import { describe, expect, it } from 'vitest';
import {
  classifyApiAnswer,
  classifyNetworkError,
  classifyUploadAnswer,
  parseContentRange,
  parseRetryAfter,
} from '../answers';

const SIZE = 50_000_123;

describe('parseContentRange', () => {
  it('reads inclusive ranges and the unsatisfied form', () => {
    expect(parseContentRange('bytes 0-9999999/50000123')).toEqual({ first: 0, last: 9_999_999, total: SIZE });
    expect(parseContentRange('Bytes  0-0/1 ')).toEqual({ first: 0, last: 0, total: 1 });
    expect(parseContentRange('bytes */123')).toEqual({ unsatisfied: true, total: 123 });
  });

  it.each([
    null,
    '',
    'bytes 0-9/',
    'bytes 9-0/100',
    'bytes 0-100/100',
    'items 0-9/10',
    'bytes 0-9/*',
    'bytes=0-9/10',
  ])('returns null for %j', (h) => expect(parseContentRange(h)).toBeNull());
});

describe('classifyUploadAnswer', () => {
  it('206 → next chunk at the server offset (last + 1)', () => {
    expect(classifyUploadAnswer(206, 'bytes 0-9999999/50000123', SIZE)).toEqual({
      kind: 'next',
      offset: 10_000_000,
    });
  });
  it('201 → done', () => {
    expect(classifyUploadAnswer(201, 'bytes 0-50000122/50000123', SIZE)).toEqual({
      kind: 'done',
      offset: SIZE,
    });
  });
  it('206/201 without a readable range → retry', () => {
    expect(classifyUploadAnswer(206, null, SIZE).kind).toBe('retry');
    expect(classifyUploadAnswer(201, 'garbage', SIZE).kind).toBe('retry');
    expect(classifyUploadAnswer(206, 'bytes */50000123', SIZE).kind).toBe('retry');
  });
  it('416 → resync to the server offset; */T means nothing held', () => {
    expect(classifyUploadAnswer(416, 'bytes 0-29999999/50000123', SIZE)).toEqual({
      kind: 'resync',
      offset: 30_000_000,
    });
    expect(classifyUploadAnswer(416, 'bytes */50000123', SIZE)).toEqual({ kind: 'resync', offset: 0 });
    expect(classifyUploadAnswer(416, null, SIZE).kind).toBe('retry');
  });
  it('403 → re-init (expired), 404 → re-init (not found)', () => {
    expect(classifyUploadAnswer(403, null, SIZE)).toEqual({ kind: 'reinit', reason: 'expired' });
    expect(classifyUploadAnswer(404, null, SIZE)).toEqual({ kind: 'reinit', reason: 'not_found' });
  });
  it.each([500, 502, 503, 504, 408, 429])('%i → retry', (status) => {
    expect(classifyUploadAnswer(status, null, SIZE)).toEqual({ kind: 'retry', reason: `http_${status}` });
  });
  it.each([400, 401, 409, 411, 413])('%i → fatal', (status) => {
    expect(classifyUploadAnswer(status, null, SIZE).kind).toBe('fatal');
  });
  it('a range for another size is fatal, not a loop', () => {
    expect(classifyUploadAnswer(206, 'bytes 0-9999999/60000000', SIZE)).toMatchObject({
      kind: 'fatal',
      code: 'size_mismatch',
    });
  });
  it('network errors and timeouts → retry', () => {
    expect(classifyNetworkError(new TypeError('Failed to fetch'))).toEqual({
      kind: 'retry',
      reason: 'network: Failed to fetch',
    });
    expect(classifyNetworkError(new DOMException('x', 'TimeoutError'))).toEqual({
      kind: 'retry',
      reason: 'timeout',
    });
    expect(classifyNetworkError('weird').kind).toBe('retry');
  });
});

const body = (code: string, data: unknown = {}, message = 'm') =>
  JSON.stringify({ data, error: { code, message, log_id: 'log1' } });

describe('classifyApiAnswer', () => {
  it('ok only on error.code "ok"', () => {
    expect(classifyApiAnswer(200, body('ok', { publish_id: 'p1' }), null)).toEqual({
      kind: 'ok',
      data: { publish_id: 'p1' },
    });
  });

  it('classifies an error code under HTTP 200 by its code', () => {
    expect(classifyApiAnswer(200, body('spam_risk_too_many_pending_share'), null)).toMatchObject({
      kind: 'slot',
    });
    expect(classifyApiAnswer(200, body('invalid_param'), null)).toMatchObject({
      kind: 'fatal',
      code: 'invalid_param',
    });
    expect(classifyApiAnswer(200, body('access_token_invalid'), null)).toMatchObject({ kind: 'auth' });
  });

  it('maps each documented error', () => {
    expect(classifyApiAnswer(401, body('access_token_invalid'), null)).toMatchObject({
      kind: 'auth',
      code: 'access_token_invalid',
    });
    expect(classifyApiAnswer(401, body('scope_not_authorized'), null)).toMatchObject({ kind: 'auth' });
    expect(classifyApiAnswer(403, body('spam_risk_too_many_pending_share'), null)).toMatchObject({
      kind: 'slot',
      code: 'spam_risk_too_many_pending_share',
    });
    expect(classifyApiAnswer(403, body('url_ownership_unverified', {}, 'not yours'), null)).toEqual({
      kind: 'unverified',
      message: 'not yours',
      logId: 'log1',
    });
    expect(classifyApiAnswer(500, body('internal_error'), null)).toMatchObject({ kind: 'retry' });
    expect(classifyApiAnswer(503, body('whatever'), null)).toMatchObject({ kind: 'retry' });
    expect(classifyApiAnswer(400, body('invalid_params', {}, 'The chunk size is invalid'), null)).toEqual({
      kind: 'fatal',
      code: 'invalid_params',
      message: 'The chunk size is invalid',
      logId: 'log1',
    });
    expect(classifyApiAnswer(403, body('spam_risk_user_banned_from_posting'), null)).toMatchObject({
      kind: 'fatal',
    });
  });

  it('treats malformed or truncated JSON as retryable', () => {
    const truncated = body('ok', { publish_id: 'p1' }).slice(0, 20);
    for (const text of [
      truncated,
      '',
      '<html>Bad gateway</html>',
      'null',
      '{"data":{}}',
      '{"error":{"code":5}}',
    ]) {
      expect(classifyApiAnswer(200, text, null)).toMatchObject({ kind: 'retry', code: 'malformed_response' });
    }
  });

  it('429 and rate_limit_exceeded wait for Retry-After (seconds, HTTP date) or 60 s', () => {
    const now = Date.parse('2026-11-22T01:00:00Z');
    expect(classifyApiAnswer(429, body('rate_limit_exceeded'), '7', now)).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 7000,
      logId: 'log1',
    });
    expect(classifyApiAnswer(429, body('rate_limit_exceeded'), 'Sun, 22 Nov 2026 01:00:30 GMT', now)).toEqual(
      {
        kind: 'rate_limited',
        retryAfterMs: 30_000,
        logId: 'log1',
      },
    );
    expect(classifyApiAnswer(429, 'not json', null, now)).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 60_000,
    });
    expect(classifyApiAnswer(200, body('rate_limit_exceeded'), null, now)).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 60_000,
      logId: 'log1',
    });
  });

  it("keeps TikTok's log_id of a refused request, and none when there is none", () => {
    expect(classifyApiAnswer(400, body('invalid_param'), null)).toMatchObject({ logId: 'log1' });
    expect(classifyApiAnswer(200, body('ok'), null)).not.toHaveProperty('logId');
    const noLog = JSON.stringify({ data: {}, error: { code: 'invalid_param', message: 'm' } });
    expect(classifyApiAnswer(400, noLog, null)).not.toHaveProperty('logId');
  });

  it('parses Retry-After forms', () => {
    const now = 1_000_000;
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBe(60_000);
    expect(parseRetryAfter(null, now)).toBe(60_000);
  });
});
