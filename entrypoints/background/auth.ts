// Sign-in with TikTok (Login Kit v2) through identity.launchWebAuthFlow, with `state` (checked) and
// PKCE; the code is exchanged through the token broker, which holds the client secret. Tokens and
// the account stay in the background's IndexedDB `kv` store.
import { browser } from 'wxt/browser';
import { buildConfig, OAUTH_SCOPES } from '@/utils/config';
import type { Account, AuthStatus } from '@/utils/messages';
import { createPkce, randomState } from '@/utils/pkce';
import {
  ACCOUNT_KEY,
  broker,
  clearTokens,
  configProblem,
  loadTokens,
  saveTokens,
  store,
  tiktok,
  tokens,
} from './services';

/** Builds the authorize URL; exported for tests of its parameters. */
export function authorizeUrl(input: { redirectUri: string; state: string; challenge: string }): string {
  const url = new URL(buildConfig.authUrl);
  url.searchParams.set('client_key', buildConfig.clientKey);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', OAUTH_SCOPES.join(','));
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  url.searchParams.set('code_challenge', input.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

export async function connect(): Promise<AuthStatus> {
  const problem = await configProblem();
  if (problem) throw new Error(problem);

  const redirectUri = browser.identity.getRedirectURL();
  const { verifier, challenge } = await createPkce();
  const state = randomState();
  let redirect: string | undefined;
  try {
    redirect = await browser.identity.launchWebAuthFlow({
      url: authorizeUrl({ redirectUri, state, challenge }),
      interactive: true,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Sign-in did not finish (${reason}). Press Connect to try again.`);
  }
  if (!redirect) throw new Error('Sign-in did not finish. Press Connect to try again.');

  const answer = new URL(redirect).searchParams;
  if (answer.get('state') !== state) {
    throw new Error(
      'The sign-in answer did not match the request (state mismatch), so it was ignored. Press Connect again.',
    );
  }
  const error = answer.get('error');
  if (error) {
    const description = answer.get('error_description');
    throw new Error(
      `TikTok did not grant access (${error}${description ? `: ${description}` : ''}). Press Connect and approve the request.`,
    );
  }
  const code = answer.get('code');
  if (!code) throw new Error('TikTok’s answer had no authorization code. Press Connect to try again.');
  const granted = (answer.get('scopes') ?? '').split(',').filter(Boolean);
  if (granted.length > 0 && !granted.includes('video.upload')) {
    throw new Error(
      'The permission to upload videos was not granted. Press Connect and allow “upload videos”.',
    );
  }

  const tokenSet = await (await broker()).exchangeCode({ code, redirectUri, codeVerifier: verifier });
  await saveTokens(tokenSet);
  await store.kvDelete(ACCOUNT_KEY);
  await refreshAccount().catch(() => undefined);
  return status();
}

/** Fetches the display name for the popup and caches it. */
async function refreshAccount(): Promise<Account | undefined> {
  const token = await tokens.accessToken();
  const verdict = await tiktok.userInfo(token);
  if (verdict.kind !== 'ok') return undefined;
  const { user } = verdict.data;
  const account: Account = { openId: user.open_id, displayName: user.display_name || user.open_id };
  if (user.avatar_url) account.avatarUrl = user.avatar_url;
  await store.kvSet(ACCOUNT_KEY, account);
  return account;
}

export async function status(): Promise<AuthStatus> {
  const problem = await configProblem();
  const tokenSet = await loadTokens();
  if (!tokenSet) return problem ? { connected: false, configProblem: problem } : { connected: false };
  let account = await store.kvGet<Account>(ACCOUNT_KEY);
  if (!account) account = await refreshAccount().catch(() => undefined);
  account ??= { openId: tokenSet.openId, displayName: tokenSet.openId };
  return problem ? { connected: true, account, configProblem: problem } : { connected: true, account };
}

/** Revokes at TikTok (through the broker) and forgets the tokens whatever the answer. */
export async function disconnect(): Promise<AuthStatus> {
  const tokenSet = await loadTokens();
  if (tokenSet) {
    try {
      await (await broker()).revoke(tokenSet.accessToken);
    } catch (err) {
      // The local sign-out matters most; a failed revoke only leaves a token TikTok expires later.
      console.warn('revoke failed', err);
    }
  }
  await clearTokens();
  return status();
}
