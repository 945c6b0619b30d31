/** Login Kit v2: authorize, token (code and refresh with rotation), revoke, user info. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Ctx } from './context';
import {
  apiError,
  apiReply,
  bearer,
  BodyTooLarge,
  htmlReply,
  mediaType,
  oauthError,
  readSmallBody,
  token,
  type Reply,
} from './http';
import { knownUsers } from './config';
import { consentPage } from './consent-page';
import type { Grant } from './state';

export const KNOWN_SCOPES = [
  'user.info.basic',
  'user.info.profile',
  'user.info.stats',
  'video.list',
  'video.upload',
  'video.publish',
];

/**
 * S256 PKCE. TikTok's desktop flow is reported to use the hex SHA-256 of the verifier; RFC 7636 uses
 * base64url. Either is accepted, since the extension cannot know which one TikTok expects.
 */
export function pkceMatches(challenge: string, verifier: string): boolean {
  const digest = createHash('sha256').update(verifier).digest();
  const candidates = [digest.toString('hex'), digest.toString('base64url')];
  const given = /^[0-9a-fA-F]{64}$/.test(challenge) ? challenge.toLowerCase() : challenge;
  return candidates.some(
    (c) => c.length === given.length && timingSafeEqual(Buffer.from(c), Buffer.from(given)),
  );
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9_-]{43})$/;

type AuthorizeCheck =
  | { kind: 'page-error'; reply: Reply }
  | { kind: 'redirect-error'; redirectUri: string; state?: string; error: string; description: string }
  | { kind: 'ok'; redirectUri: string; state: string; scopes: string[]; codeChallenge?: string };

/** Checks an authorize request. Errors before the redirect URI is trusted cannot be redirected. */
export function checkAuthorize(
  params: URLSearchParams,
  clientKey: string,
  redirectUris: string[],
): AuthorizeCheck {
  if (params.get('client_key') !== clientKey) {
    return {
      kind: 'page-error',
      reply: oauthError(400, 'invalid_client', 'client_key is missing or unknown'),
    };
  }
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!redirectUris.includes(redirectUri)) {
    return {
      kind: 'page-error',
      reply: oauthError(400, 'invalid_request', 'redirect_uri is not registered'),
    };
  }
  const state = params.get('state') ?? undefined;
  const bad = (error: string, description: string): AuthorizeCheck => ({
    kind: 'redirect-error',
    redirectUri,
    state,
    error,
    description,
  });
  if (params.get('response_type') !== 'code')
    return bad('unsupported_response_type', 'response_type must be code');
  if (!state) return bad('invalid_request', 'state is required');
  const scopes = (params.get('scope') ?? '').split(',').map((s) => s.trim());
  if (scopes.length === 0 || scopes.some((s) => s === '')) {
    return bad('invalid_scope', 'scope must be a comma-separated list');
  }
  const unknown = scopes.find((s) => !KNOWN_SCOPES.includes(s));
  if (unknown) return bad('invalid_scope', `unknown scope ${unknown}`);
  const codeChallenge = params.get('code_challenge') ?? undefined;
  const method = params.get('code_challenge_method');
  if (codeChallenge !== undefined || method !== null) {
    if (method !== 'S256') return bad('invalid_request', 'code_challenge_method must be S256');
    if (!codeChallenge || !CHALLENGE.test(codeChallenge)) {
      return bad('invalid_request', 'code_challenge must be a SHA-256 in hex or base64url');
    }
  }
  return { kind: 'ok', redirectUri, state, scopes: [...new Set(scopes)], codeChallenge };
}

function redirect(to: string, params: Record<string, string | undefined>): Reply {
  const url = new URL(to);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { status: 302, headers: { Location: url.toString() } };
}

/** GET shows/decides; POST carries the Approve/Deny decision from the consent page. */
export async function authorize(ctx: Ctx): Promise<Reply> {
  let params = ctx.url.searchParams;
  let decision: string | null = null;
  if (ctx.req.method === 'POST') {
    try {
      params = new URLSearchParams(await readSmallBody(ctx.req));
    } catch (e) {
      if (e instanceof BodyTooLarge) return oauthError(413, 'invalid_request', 'body too large');
      throw e;
    }
    decision = params.get('decision');
  }
  const { config } = ctx.state;
  const check = checkAuthorize(params, config.clientKey, config.redirectUris);
  if (check.kind === 'page-error') return check.reply;
  if (check.kind === 'redirect-error') {
    return redirect(check.redirectUri, {
      error: check.error,
      error_description: check.description,
      state: check.state,
    });
  }
  if (decision === null && config.authMode === 'approve')
    return htmlReply(200, consentPage(params, knownUsers(config)));
  if (decision === 'deny' || (decision === null && config.authMode === 'deny')) {
    return redirect(check.redirectUri, {
      error: 'access_denied',
      error_description: 'The user denied the request',
      state: check.state,
    });
  }
  // The consent page lets the person pick which of the known creators they are.
  const chosen = decision === null ? undefined : params.get('open_id');
  const user = chosen ? knownUsers(config).find((u) => u.openId === chosen) : config.user;
  if (!user) return oauthError(400, 'invalid_request', 'open_id is not a known user');
  const code = token('code.', 18);
  ctx.state.users.set(user.openId, { ...user });
  ctx.state.codes.set(code, {
    clientKey: config.clientKey,
    redirectUri: check.redirectUri,
    openId: user.openId,
    scopes: check.scopes,
    codeChallenge: check.codeChallenge,
    expiresAt: ctx.state.now() + config.codeTtlSec * 1000,
    used: false,
  });
  return redirect(check.redirectUri, { code, scopes: check.scopes.join(','), state: check.state });
}

async function readForm(ctx: Ctx): Promise<URLSearchParams | Reply> {
  if (mediaType(ctx.req) !== 'application/x-www-form-urlencoded') {
    return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  try {
    return new URLSearchParams(await readSmallBody(ctx.req));
  } catch (e) {
    if (e instanceof BodyTooLarge) return oauthError(413, 'invalid_request', 'body too large');
    throw e;
  }
}

function checkClient(ctx: Ctx, form: URLSearchParams): Reply | null {
  const { clientKey, clientSecret } = ctx.state.config;
  if (form.get('client_key') !== clientKey || form.get('client_secret') !== clientSecret) {
    return oauthError(401, 'invalid_client', 'client_key or client_secret is wrong');
  }
  return null;
}

function issueTokens(ctx: Ctx, openId: string, clientKey: string, scopes: string[]): Reply {
  const { config } = ctx.state;
  const now = ctx.state.now();
  const accessToken = token('act.', 30);
  const refreshToken = token('rft.', 30);
  ctx.state.accessTokens.set(accessToken, {
    openId,
    clientKey,
    scopes,
    expiresAt: now + config.accessTokenTtlSec * 1000,
  });
  ctx.state.refreshTokens.set(refreshToken, {
    openId,
    clientKey,
    scopes,
    expiresAt: now + config.refreshTokenTtlSec * 1000,
  });
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=UTF-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify({
      open_id: openId,
      scope: scopes.join(','),
      access_token: accessToken,
      expires_in: config.accessTokenTtlSec,
      refresh_token: refreshToken,
      refresh_expires_in: config.refreshTokenTtlSec,
      token_type: 'Bearer',
    }),
  };
}

export async function tokenEndpoint(ctx: Ctx): Promise<Reply> {
  const form = await readForm(ctx);
  if (!(form instanceof URLSearchParams)) return form;
  const clientProblem = checkClient(ctx, form);
  if (clientProblem) return clientProblem;
  const now = ctx.state.now();
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') {
    const codeValue = form.get('code') ?? '';
    const code = ctx.state.codes.get(codeValue);
    if (!code || code.used || code.expiresAt <= now || code.clientKey !== form.get('client_key')) {
      return oauthError(400, 'invalid_grant', 'Authorization code is expired, used or unknown.');
    }
    if (form.get('redirect_uri') !== code.redirectUri) {
      return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    }
    if (code.codeChallenge !== undefined) {
      const verifier = form.get('code_verifier');
      if (!verifier || !VERIFIER.test(verifier)) {
        return oauthError(400, 'invalid_request', 'code_verifier is required (43-128 unreserved characters)');
      }
      if (!pkceMatches(code.codeChallenge, verifier)) {
        return oauthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
      }
    }
    // Single use: a second exchange fails even if the first one's answer was lost.
    code.used = true;
    return issueTokens(ctx, code.openId, code.clientKey, code.scopes);
  }
  if (grantType === 'refresh_token') {
    const old = form.get('refresh_token') ?? '';
    const grant = ctx.state.refreshTokens.get(old);
    if (!grant || grant.expiresAt <= now || grant.clientKey !== form.get('client_key')) {
      return oauthError(400, 'invalid_grant', 'Refresh token is invalid or expired.');
    }
    // Rotation: the refresh token just used stops working.
    ctx.state.refreshTokens.delete(old);
    return issueTokens(ctx, grant.openId, grant.clientKey, grant.scopes);
  }
  return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
}

/** Revoking any of a user's tokens removes the app's access: every token of that user goes. */
export async function revokeEndpoint(ctx: Ctx): Promise<Reply> {
  const form = await readForm(ctx);
  if (!(form instanceof URLSearchParams)) return form;
  const clientProblem = checkClient(ctx, form);
  if (clientProblem) return clientProblem;
  const value = form.get('token');
  if (!value) return oauthError(400, 'invalid_request', 'token is required');
  const grant = ctx.state.accessTokens.get(value) ?? ctx.state.refreshTokens.get(value);
  if (grant) {
    for (const map of [ctx.state.accessTokens, ctx.state.refreshTokens]) {
      for (const [k, g] of map)
        if (g.openId === grant.openId && g.clientKey === grant.clientKey) map.delete(k);
    }
  }
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=UTF-8' }, body: '{}' };
}

/** Bearer check shared by the API endpoints: the grant, or TikTok's 401. */
export function authenticate(ctx: Ctx, anyOfScopes: string[]): Grant | Reply {
  const value = bearer(ctx.req);
  const grant = value ? ctx.state.accessTokens.get(value) : undefined;
  if (!grant || grant.expiresAt <= ctx.state.now()) {
    return apiError(401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
  }
  if (!anyOfScopes.some((s) => grant.scopes.includes(s))) {
    return apiError(
      401,
      'scope_not_authorized',
      `The user did not authorize the scope required: ${anyOfScopes.join(' or ')}.`,
    );
  }
  return grant;
}

export function isGrant(value: Grant | Reply): value is Grant {
  return 'openId' in value;
}

const BASIC_FIELDS = [
  'open_id',
  'union_id',
  'avatar_url',
  'avatar_url_100',
  'avatar_large_url',
  'display_name',
];

export async function userInfo(ctx: Ctx): Promise<Reply> {
  const grant = authenticate(ctx, ['user.info.basic']);
  if (!isGrant(grant)) return grant;
  const fields = (ctx.url.searchParams.get('fields') ?? '').split(',').filter(Boolean);
  if (fields.length === 0) return apiError(400, 'invalid_params', 'fields is required');
  const unknown = fields.find((f) => !BASIC_FIELDS.includes(f));
  if (unknown)
    return apiError(400, 'invalid_params', `field ${unknown} is not available with user.info.basic`);
  const user = ctx.state.users.get(grant.openId);
  const all: Record<string, string> = {
    open_id: grant.openId,
    union_id: `union-${grant.openId}`,
    avatar_url: user?.avatarUrl ?? '',
    avatar_url_100: user?.avatarUrl ?? '',
    avatar_large_url: user?.avatarUrl ?? '',
    display_name: user?.displayName ?? grant.openId,
  };
  return apiReply(200, { user: Object.fromEntries(fields.map((f) => [f, all[f]])) });
}
