/** Test client for the emulator: speaks to it only over HTTP, as the extension and broker will. */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { EmulatorConfig } from '../config';
import { startEmulator, type RunningEmulator } from '../server';
import { mp4Bytes as fixtureMp4Bytes } from '../../tests/fixtures/video-bytes';

/** Answers the tests pick apart field by field; each assertion states the shape it expects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export const CLIENT_KEY = 'emulator-client-key';
export const CLIENT_SECRET = 'emulator-client-secret';
export const REDIRECT_URI = 'https://jhihmnaomjcpchhbnbnichoehkgakkep.chromiumapp.org/';

export async function boot(config: Partial<EmulatorConfig> = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, config: { processingDelayMs: 50, ...config } });
}

export async function postJson(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=UTF-8',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
}

export async function postForm(url: string, fields: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

export function verifierAndChallenges() {
  const verifier = randomBytes(32).toString('base64url');
  const digest = createHash('sha256').update(verifier).digest();
  return { verifier, hex: digest.toString('hex'), base64url: digest.toString('base64url') };
}

export function authorizeUrl(base: string, extra: Record<string, string> = {}): string {
  const url = new URL('/v2/auth/authorize/', base);
  const params = {
    client_key: CLIENT_KEY,
    response_type: 'code',
    scope: 'user.info.basic,video.upload',
    redirect_uri: REDIRECT_URI,
    state: 'state-123',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** Follows nothing: returns where the authorize endpoint redirects. */
export async function authorize(base: string, extra: Record<string, string> = {}): Promise<URL> {
  const res = await fetch(authorizeUrl(base, extra), { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get('location')!);
}

/** Signs in the configured user with PKCE and returns the token answer. */
export async function signIn(base: string, scope = 'user.info.basic,video.upload') {
  const pkce = verifierAndChallenges();
  const callback = await authorize(base, {
    scope,
    code_challenge: pkce.base64url,
    code_challenge_method: 'S256',
  });
  const { status, json } = await postForm(`${base}/v2/oauth/token/`, {
    client_key: CLIENT_KEY,
    client_secret: CLIENT_SECRET,
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code')!,
    redirect_uri: REDIRECT_URI,
    code_verifier: pkce.verifier,
  });
  if (status !== 200) throw new Error(`token exchange answered ${status}`);
  return json as { access_token: string; refresh_token: string; open_id: string };
}

export function initFile(
  base: string,
  token: string,
  videoSize: number,
  chunkSize: number,
  totalChunkCount: number,
) {
  return postJson(
    `${base}/v2/post/publish/inbox/video/init/`,
    {
      source_info: {
        source: 'FILE_UPLOAD',
        video_size: videoSize,
        chunk_size: chunkSize,
        total_chunk_count: totalChunkCount,
      },
    },
    token,
  );
}

export function fetchStatus(base: string, token: string, publishId: string) {
  return postJson(`${base}/v2/post/publish/status/fetch/`, { publish_id: publishId }, token);
}

/**
 * A deterministic real MP4 of `size` bytes (a tiny clip, then a padded `free` box), so the
 * format check reads a video; tests/fixtures/video-bytes.ts, shared with the e2e world.
 */
export function mp4Bytes(size: number): Buffer {
  return fixtureMp4Bytes('emulator-tests', size);
}

export interface PutAnswer {
  status: number;
  contentRange?: string;
  body: string;
}

/**
 * A raw PUT (fetch would not let a test lie in Content-Length). `send` defaults to `body`; sending
 * fewer bytes than declared and half-closing simulates a body that breaks off.
 */
export function put(
  url: string,
  body: Buffer,
  headers: Record<string, string | number>,
  send: Buffer = body,
): Promise<PutAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'PUT', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, contentRange: res.headers['content-range'], body: text }),
      );
    });
    req.on('error', reject);
    req.end(send);
  });
}

export function putChunk(uploadUrl: string, video: Buffer, first: number, last: number, type = 'video/mp4') {
  const body = video.subarray(first, last + 1);
  return put(uploadUrl, body, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Content-Range': `bytes ${first}-${last}/${video.length}`,
  });
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function control(
  base: string,
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
) {
  const res = await fetch(`${base}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

/** Polls the control API (not status/fetch, which has a per-minute budget) until the draft's status. */
export async function waitForUpload(base: string, publishId: string, want: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { json } = await control(base, `/uploads/${encodeURIComponent(publishId)}`);
    if (json.status === want || Date.now() > deadline) return json;
    await new Promise((r) => setTimeout(r, 25));
  }
}
