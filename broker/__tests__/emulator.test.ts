// The broker in front of the real local TikTok emulator, both over real HTTP: sign-in, refresh
// with rotation, revoke, and seed 003's 5-chunk upload with a token obtained through the broker.

import { serve, type ServerType } from '@hono/node-server';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { createBroker } from '../app';
import { mp4Bytes } from '../../tests/fixtures/video-bytes';

const EXTENSION = 'chrome-extension://jhihmnaomjcpchhbnbnichoehkgakkep';
const REDIRECT_URI = 'https://jhihmnaomjcpchhbnbnichoehkgakkep.chromiumapp.org/';
const CLIENT_KEY = 'emulator-client-key';

let emulator: RunningEmulator;
let brokerServer: ServerType;
let brokerUrl: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, config: { processingDelayMs: 50 } });
  const app = createBroker({
    clientKey: CLIENT_KEY,
    clientSecret: 'emulator-client-secret',
    apiOrigin: emulator.url,
    allowedOrigins: [EXTENSION],
  });
  brokerServer = await new Promise<ServerType>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
  });
  brokerUrl = `http://127.0.0.1:${(brokerServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => brokerServer.close(() => resolve()));
  await emulator.close();
});

interface Tokens {
  access_token: string;
  refresh_token: string;
  open_id: string;
  scope: string;
  expires_in: number;
}

async function viaBroker(path: string, fields: Record<string, string>) {
  const res = await fetch(`${brokerUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: EXTENSION },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The authorize step as the browser would do it: PKCE S256, then read the code off the 302. */
async function authorizeCode(): Promise<{ code: string; verifier: string }> {
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const url = new URL('/v2/auth/authorize/', emulator.url);
  url.search = new URLSearchParams({
    client_key: CLIENT_KEY,
    response_type: 'code',
    scope: 'user.info.basic,video.upload',
    redirect_uri: REDIRECT_URI,
    state: 'st-42',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const callback = new URL(res.headers.get('location')!);
  expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
  expect(callback.searchParams.get('state')).toBe('st-42');
  const code = callback.searchParams.get('code');
  expect(code).toBeTruthy();
  return { code: code!, verifier };
}

async function signIn(): Promise<Tokens> {
  const { code, verifier } = await authorizeCode();
  const { status, body } = await viaBroker('/v2/oauth/token/', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  expect(status).toBe(200);
  return body as unknown as Tokens;
}

async function userInfo(accessToken: string): Promise<number> {
  const res = await fetch(`${emulator.url}/v2/user/info/?fields=open_id,display_name`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  await res.arrayBuffer();
  return res.status;
}

describe('broker + emulator', () => {
  it('exchanges an authorization code (PKCE) for tokens, once', async () => {
    const { code, verifier } = await authorizeCode();
    const fields = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    };

    // Without the broker the extension has no secret, and TikTok refuses the exchange.
    const direct = await fetch(`${emulator.url}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, client_key: CLIENT_KEY }).toString(),
    });
    expect(direct.status).toBe(401);

    const first = await viaBroker('/v2/oauth/token/', fields);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ open_id: 'emu-open-id-1', token_type: 'Bearer', expires_in: 86400 });
    expect(String(first.body.scope).split(',').sort()).toEqual(['user.info.basic', 'video.upload']);
    expect(await userInfo(String(first.body.access_token))).toBe(200);

    // TikTok's refusal of a reused code comes back through the broker unchanged.
    const again = await viaBroker('/v2/oauth/token/', fields);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('refreshes with rotation: the new pair works, the old refresh token then fails', async () => {
    const tokens = await signIn();
    const refreshed = await viaBroker('/v2/oauth/token/', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.body.access_token).not.toBe(tokens.access_token);
    expect(await userInfo(String(refreshed.body.access_token))).toBe(200);

    const stale = await viaBroker('/v2/oauth/token/', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(stale.status).toBe(400);
    expect(stale.body.error).toBe('invalid_grant');
  });

  it('revokes: the access token and refresh token stop working', async () => {
    const tokens = await signIn();
    const revoked = await viaBroker('/v2/oauth/revoke/', { token: tokens.access_token });
    expect(revoked.status).toBe(200);
    expect(await userInfo(tokens.access_token)).toBe(401);
    const refresh = await viaBroker('/v2/oauth/token/', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it("uploads seed 003's example in 5 chunks with a token from the broker, and the bytes arrive whole", async () => {
    const size = 50_000_123;
    const chunkSize = 10_000_000;
    // A real MP4 padded to the size (a `free` box), so the emulator's format check reads a video.
    // Made before signing in: making it blocks the event loop for seconds on a busy machine, and
    // after the sign-in that outlasted the emulator's keep-alive timeout, so the init went out
    // on a pooled socket the server had already closed (ECONNRESET).
    const video = mp4Bytes('broker-seed-003', size);
    const expectedSha = createHash('sha256').update(video).digest('hex');
    const { access_token: accessToken } = await signIn();

    const init = await fetch(`${emulator.url}/v2/post/publish/inbox/video/init/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({
        source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: chunkSize, total_chunk_count: 5 },
      }),
    });
    const initBody = (await init.json()) as {
      data: { publish_id: string; upload_url: string };
      error: { code: string };
    };
    expect(init.status).toBe(200);
    expect(initBody.error.code).toBe('ok');
    const { publish_id: publishId, upload_url: uploadUrl } = initBody.data;

    const answers: { status: number; range: string | null }[] = [];
    for (let i = 0; i < 5; i++) {
      const first = i * chunkSize;
      const last = i === 4 ? size - 1 : first + chunkSize - 1;
      const res = await fetch(uploadUrl, {
        method: 'PUT',
        headers: { 'Content-Type': 'video/mp4', 'Content-Range': `bytes ${first}-${last}/${size}` },
        body: video.subarray(first, last + 1),
      });
      await res.arrayBuffer();
      answers.push({ status: res.status, range: res.headers.get('content-range') });
    }
    expect(answers.map((a) => a.status)).toEqual([206, 206, 206, 206, 201]);
    expect(answers.map((a) => a.range)).toEqual([
      `bytes 0-9999999/${size}`,
      `bytes 0-19999999/${size}`,
      `bytes 0-29999999/${size}`,
      `bytes 0-39999999/${size}`,
      `bytes 0-50000122/${size}`,
    ]);

    const upload = (await (await fetch(`${emulator.url}/_emulator/uploads/${publishId}`)).json()) as {
      sha256?: string;
      receivedBytes: number;
      chunksAccepted: number;
    };
    expect(upload.receivedBytes).toBe(size);
    expect(upload.chunksAccepted).toBe(5);
    expect(upload.sha256).toBe(expectedSha);

    // And it becomes a draft: status/fetch moves on to SEND_TO_USER_INBOX once processing is over.
    let status = '';
    for (let attempt = 0; attempt < 20 && status !== 'SEND_TO_USER_INBOX'; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${emulator.url}/v2/post/publish/status/fetch/`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${accessToken}`,
          'Content-Type': 'application/json; charset=UTF-8',
        },
        body: JSON.stringify({ publish_id: publishId }),
      });
      status = ((await res.json()) as { data: { status: string } }).data.status;
    }
    expect(status).toBe('SEND_TO_USER_INBOX');
  });
});
