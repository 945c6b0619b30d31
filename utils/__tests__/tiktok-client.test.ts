import { describe, expect, it } from 'vitest';
import { createBrokerClient } from '../broker-client';
import { createTikTokClient } from '../tiktok-client';

interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

/** A fetch that records each request and answers from a script. */
function scripted(answers: Array<() => Response>) {
  const seen: Seen[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = init?.body;
    seen.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: body instanceof Blob ? `<blob ${body.size}>` : String(body ?? ''),
    });
    expect(init?.credentials).toBe('omit');
    const next = answers.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next();
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

const ok = (data: unknown) => json(200, { data, error: { code: 'ok', message: '', log_id: 'x' } });

describe('TikTok client', () => {
  it('inits a FILE_UPLOAD draft with the bearer token and the plan as source_info', async () => {
    const s = scripted([
      ok({ publish_id: 'v_inbox_1', upload_url: 'https://open-upload.tiktokapis.com/u/1' }),
    ]);
    const client = createTikTokClient({ apiOrigin: 'https://open.tiktokapis.com', fetch: s.fetch });
    const verdict = await client.initInboxVideo('tok', {
      source: 'FILE_UPLOAD',
      video_size: 50_000_123,
      chunk_size: 10_000_000,
      total_chunk_count: 5,
    });
    expect(verdict).toEqual({
      kind: 'ok',
      data: { publish_id: 'v_inbox_1', upload_url: 'https://open-upload.tiktokapis.com/u/1' },
    });
    expect(s.seen[0].url).toBe('https://open.tiktokapis.com/v2/post/publish/inbox/video/init/');
    expect(s.seen[0].method).toBe('POST');
    expect(s.seen[0].headers.get('authorization')).toBe('Bearer tok');
    expect(s.seen[0].headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(JSON.parse(s.seen[0].body)).toEqual({
      source_info: {
        source: 'FILE_UPLOAD',
        video_size: 50_000_123,
        chunk_size: 10_000_000,
        total_chunk_count: 5,
      },
    });
  });

  it('treats an error code under HTTP 200 as a failure, and data missing its fields as retryable', async () => {
    const s = scripted([
      json(200, { data: {}, error: { code: 'spam_risk_too_many_pending_share', message: 'cap' } }),
      ok({ nothing: true }),
    ]);
    const client = createTikTokClient({ apiOrigin: 'https://open.tiktokapis.com', fetch: s.fetch });
    expect(
      (await client.initInboxVideo('t', { source: 'PULL_FROM_URL', video_url: 'https://a/b.mp4' })).kind,
    ).toBe('slot');
    expect(await client.fetchStatus('t', 'p1')).toMatchObject({ kind: 'retry', code: 'malformed_answer' });
    expect(JSON.parse(s.seen[1].body)).toEqual({ publish_id: 'p1' });
  });

  it('passes Retry-After of a 429 to the verdict', async () => {
    const s = scripted([
      json(429, { error: { code: 'rate_limit_exceeded', message: '' } }, { 'Retry-After': '7' }),
    ]);
    const client = createTikTokClient({ apiOrigin: 'https://open.tiktokapis.com', fetch: s.fetch });
    expect(await client.fetchStatus('t', 'p')).toEqual({ kind: 'rate_limited', retryAfterMs: 7000 });
  });

  it('PUTs a chunk with its Content-Range and type, and reports the server’s range', async () => {
    const s = scripted([
      () => new Response(null, { status: 206, headers: { 'Content-Range': 'bytes 0-9/30' } }),
    ]);
    const client = createTikTokClient({ apiOrigin: 'https://open.tiktokapis.com', fetch: s.fetch });
    const answer = await client.putChunk({
      url: 'https://open-upload.tiktokapis.com/u/1',
      body: new Blob([new Uint8Array(10)]),
      first: 0,
      last: 9,
      total: 30,
      mimeType: 'video/webm',
    });
    expect(answer).toEqual({ status: 206, contentRange: 'bytes 0-9/30' });
    expect(s.seen[0]).toMatchObject({ method: 'PUT', body: '<blob 10>' });
    expect(s.seen[0].headers.get('content-range')).toBe('bytes 0-9/30');
    expect(s.seen[0].headers.get('content-type')).toBe('video/webm');
    expect(s.seen[0].headers.get('authorization')).toBeNull();
  });
});

describe('broker client', () => {
  it('exchanges the code with the PKCE verifier, form-encoded, and never sends a secret', async () => {
    const s = scripted([
      json(200, {
        access_token: 'a',
        expires_in: 86400,
        refresh_token: 'r',
        refresh_expires_in: 31536000,
        open_id: 'o',
        scope: 'user.info.basic,video.upload',
      }),
    ]);
    const broker = createBrokerClient({
      brokerUrl: 'http://127.0.0.1:8787',
      fetch: s.fetch,
      now: () => 1000,
    });
    const tokens = await broker.exchangeCode({
      code: 'c',
      redirectUri: 'https://id.chromiumapp.org/',
      codeVerifier: 'v',
    });
    expect(tokens).toMatchObject({ accessToken: 'a', accessExpiresAt: 1000 + 86_400_000, refreshToken: 'r' });
    expect(s.seen[0].url).toBe('http://127.0.0.1:8787/v2/oauth/token/');
    expect(s.seen[0].headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(s.seen[0].body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
      redirect_uri: 'https://id.chromiumapp.org/',
      code_verifier: 'v',
    });
  });

  it('revokes through the broker and marks a dead grant as rejected', async () => {
    const s = scripted([json(200, {}), json(400, { error: 'invalid_grant', error_description: 'gone' })]);
    const broker = createBrokerClient({ brokerUrl: 'https://broker.example/base/', fetch: s.fetch });
    await broker.revoke('a');
    expect(s.seen[0].url).toBe('https://broker.example/base/v2/oauth/revoke/');
    expect(new URLSearchParams(s.seen[0].body).get('token')).toBe('a');
    await expect(broker.refresh('r')).rejects.toMatchObject({ code: 'invalid_grant', rejected: true });
  });
});
