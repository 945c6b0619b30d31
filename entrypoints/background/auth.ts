// Sign-in with TikTok (Login Kit v2) through identity.launchWebAuthFlow, with `state` (checked) and
// PKCE; the code is exchanged through the token broker, which holds the client secret. Tokens and
// the accounts stay in the background's IndexedDB `kv` store (utils/account-registry.ts); each
// sign-in adds an account, and each can be disconnected alone.
import { browser } from 'wxt/browser';
import { buildConfig, OAUTH_SCOPES } from '@/utils/config';
import { draftSlots, targetAccount, type AccountRecord, type AccountView } from '@/utils/accounts';
import type { AuthStatus } from '@/utils/messages';
import { createPkce } from '@/utils/pkce';
import { accounts, broker, configProblem, store, tiktok } from './services';
import { signInRedirect } from './redirect';
import { t } from '@/utils/i18n';

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

  // The extension's own redirect URL, or the broker's callback that forwards to it.
  const { redirectUri, state, launchUrl } = await signInRedirect();
  const { verifier, challenge } = await createPkce();
  let redirect: string | undefined;
  try {
    redirect = await browser.identity.launchWebAuthFlow({
      url: launchUrl(authorizeUrl({ redirectUri, state, challenge })),
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
    throw new Error(t('authDenied', `${error}${description ? `: ${description}` : ''}`));
  }
  const code = answer.get('code');
  if (!code) throw new Error(t('authNoCode'));
  const granted = (answer.get('scopes') ?? '').split(',').filter(Boolean);
  if (granted.length > 0 && !granted.includes('video.upload')) {
    throw new Error(t('authNoUploadScope'));
  }

  const tokenSet = await (await broker()).exchangeCode({ code, redirectUri, codeVerifier: verifier });
  // Another sign-in adds an account (or refreshes one already connected); the others stay as they are.
  await accounts.add(tokenSet, await profileOf(tokenSet.accessToken).catch(() => undefined));
  return status();
}

/** The display name and avatar TikTok shows for the token's account. */
async function profileOf(token: string): Promise<{ displayName: string; avatarUrl?: string } | undefined> {
  const verdict = await tiktok.userInfo(token);
  if (verdict.kind !== 'ok') return undefined;
  const { user } = verdict.data;
  return { displayName: user.display_name || user.open_id, avatarUrl: user.avatar_url || undefined };
}

/** Asks TikTok for the name of an account whose sign-in could not fetch it (again on each status until it works). */
async function fillProfile(account: AccountRecord): Promise<void> {
  const token = await accounts.tokensFor(account.openId).accessToken();
  const profile = await profileOf(token);
  if (profile) await accounts.setProfile(account.openId, profile);
}

export async function status(): Promise<AuthStatus> {
  const problem = await configProblem();
  const book = await accounts.book();
  for (const account of book.accounts) {
    if (account.displayName === account.openId) void fillProfile(account).catch(() => undefined);
  }
  const jobs = book.accounts.length ? await store.list() : [];
  const now = Date.now();
  const views: AccountView[] = book.accounts.map((a) => ({
    openId: a.openId,
    displayName: a.displayName,
    ...(a.avatarUrl ? { avatarUrl: a.avatarUrl } : {}),
    slots: draftSlots(jobs, a.openId, now),
  }));
  const target = targetAccount(book);
  const result: AuthStatus = { connected: views.length > 0, accounts: views };
  if (target) {
    result.target = target.openId;
    result.account = { openId: target.openId, displayName: target.displayName };
    if (target.avatarUrl) result.account.avatarUrl = target.avatarUrl;
  }
  if (problem) result.configProblem = problem;
  return result;
}

/**
 * Revokes at TikTok (through the broker) and forgets the account's tokens whatever the answer;
 * the other accounts stay connected. Without an id: every account (signing out altogether).
 */
export async function disconnect(openId?: string): Promise<AuthStatus> {
  const ids = openId ? [openId] : (await accounts.book()).accounts.map((a) => a.openId);
  for (const id of ids) {
    const tokenSet = await accounts.tokenSet(id);
    if (tokenSet) {
      try {
        await (await broker()).revoke(tokenSet.accessToken);
      } catch (err) {
        // The local sign-out matters most; a failed revoke only leaves a token TikTok expires later.
        console.warn('revoke failed', err);
      }
    }
    await accounts.remove(id);
  }
  return status();
}
