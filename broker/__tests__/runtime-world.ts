// What the runtime cases (runtime-cases.ts) share: the settings both brokers start with, the
// context each case gets, and the steps around the broker — TikTok's authorize page, using a
// token at TikTok, reading and arming the emulator.

import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { send, type Answer } from './http-client';
import type { Runtime } from './runtimes';

export const CHROME_ID = 'jhihmnaomjcpchhbnbnichoehkgakkep';
export const EXTENSION = `chrome-extension://${CHROME_ID}`;
export const REDIRECT_URI = `https://${CHROME_ID}.chromiumapp.org/`;
export const CLIENT_KEY = 'emulator-client-key';
/** What the table's brokers are started with: a small budget, a short window, so both show quickly. */
export const RATE_LIMIT = { max: 5, windowMs: 3_000 };

export interface CaseContext {
  runtime: Runtime;
  broker: string;
  emulator: string;
  /** The loopback address this case calls from: its own rate-limit bucket. */
  from: string;
  /** Another unused loopback address, for cases that need a second client. */
  another(): string;
}

export interface BrokerCase {
  name: string;
  run(ctx: CaseContext): Promise<void>;
}

export const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: EXTENSION };

export function post(
  ctx: CaseContext,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return send(`${ctx.broker}${path}`, {
    method: 'POST',
    headers: { ...FORM, ...headers },
    body: new URLSearchParams(fields).toString(),
    from: ctx.from,
  });
}

export const json = (answer: Answer) => JSON.parse(answer.text) as Record<string, unknown>;

export function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** TikTok's authorize step as the browser does it, with the emulator approving at once. */
export async function authorize(ctx: CaseContext, redirectUri: string, challenge: string): Promise<string> {
  const url = new URL('/v2/auth/authorize/', ctx.emulator);
  url.search = new URLSearchParams({
    client_key: CLIENT_KEY,
    response_type: 'code',
    scope: 'user.info.basic,video.upload',
    redirect_uri: redirectUri,
    state: `${CHROME_ID}.${randomBytes(16).toString('hex')}`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const res = await send(url.toString());
  expect(res.status).toBe(302);
  const code = new URL(res.headers.get('location')!).searchParams.get('code');
  expect(code).toBeTruthy();
  return code!;
}

export async function signIn(ctx: CaseContext) {
  const { verifier, challenge } = pkce();
  const code = await authorize(ctx, REDIRECT_URI, challenge);
  const res = await post(ctx, '/v2/oauth/token/', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  expect(res.status).toBe(200);
  return json(res) as { access_token: string; refresh_token: string };
}

/** Whether TikTok (the emulator) takes the access token: the proof a token from the broker is real. */
export async function userInfo(ctx: CaseContext, accessToken: string): Promise<number> {
  const res = await send(`${ctx.emulator}/v2/user/info/?fields=open_id`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return res.status;
}

export async function tokenCallsSeen(ctx: CaseContext): Promise<number> {
  const log = JSON.parse((await send(`${ctx.emulator}/_emulator/log`)).text) as {
    requests: { path: string }[];
  };
  return log.requests.filter((r) => r.path.startsWith('/v2/oauth/')).length;
}

/** Arms one emulator fault: the next matching call misbehaves. */
export async function fault(ctx: CaseContext, spec: Record<string, unknown>): Promise<void> {
  const res = await send(`${ctx.emulator}/_emulator/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ faults: [spec] }),
  });
  expect(res.status).toBe(200);
}
