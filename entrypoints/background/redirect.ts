// The sign-in's redirect URI and state for the current build and settings (utils/redirect-uri.ts
// holds the rules). Kept apart from auth.ts so the account code and the redirect choice change
// independently.
import { browser } from 'wxt/browser';
import { buildConfig } from '@/utils/config';
import { randomState } from '@/utils/pkce';
import { effectiveRedirectMode, redirectPlan, type RedirectPlan } from '@/utils/redirect-uri';
import { loadSettings } from '@/utils/settings';
import { brokerUrl } from './services';

export async function signInRedirect(): Promise<RedirectPlan> {
  const settings = await loadSettings();
  return redirectPlan({
    mode: effectiveRedirectMode(settings.oauthRedirect, buildConfig.oauthRedirect),
    extensionRedirect: browser.identity.getRedirectURL(),
    brokerUrl: await brokerUrl(),
    random: randomState(),
  });
}
