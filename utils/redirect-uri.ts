// Which redirect URI sign-in gives TikTok. `direct`: the browser's own extension redirect URL
// (https://<id>.chromiumapp.org/ in Chrome, https://<hash>.extensions.allizom.org/ in Firefox),
// which launchWebAuthFlow catches. `broker`: the token broker's fixed https callback, for TikTok
// apps that only register URIs they own; the broker sends the answer on to the extension's redirect
// URL, and `state` starts with that URL's host label so the broker knows which of its configured
// extensions to send it to (it never takes an address from the request). Pure: no browser API.

export type RedirectMode = 'direct' | 'broker';
/** The options page's choice: `''` keeps what the build says (WXT_OAUTH_REDIRECT). */
export type RedirectSetting = '' | RedirectMode;

export function buildRedirectMode(value: string | undefined): RedirectMode {
  return value?.trim().toLowerCase() === 'broker' ? 'broker' : 'direct';
}

export function effectiveRedirectMode(setting: RedirectSetting, build: RedirectMode): RedirectMode {
  return setting || build;
}

/** `<broker>/oauth/callback`, keeping a path prefix the broker URL may have (`…/broker/`). */
export function brokerCallbackUrl(brokerUrl: string): string {
  const base = new URL(brokerUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return new URL('oauth/callback', base).toString();
}

/** The first label of the extension's redirect host: its Chrome id or Firefox hash. */
export function redirectLabel(extensionRedirect: string): string {
  return new URL(extensionRedirect).hostname.split('.')[0];
}

export interface RedirectPlan {
  /** What TikTok gets as `redirect_uri`, in the authorize URL and the code exchange alike. */
  redirectUri: string;
  state: string;
  /**
   * The URL launchWebAuthFlow opens for a given authorize URL. Through the broker it is the
   * broker's `/oauth/start` with the same parameters: Firefox refuses to open a URL whose
   * `redirect_uri` is not its own redirect URL, and the broker sends the browser on to TikTok.
   */
  launchUrl(authorizeUrl: string): string;
}

/**
 * `<broker>/oauth/start?<the authorize URL's parameters>` without `redirect_uri` (Firefox refuses
 * to open a URL carrying a foreign one); the broker adds its callback, the same URI as here.
 */
export function brokerStartUrl(brokerUrl: string, authorizeUrl: string): string {
  const start = new URL(brokerCallbackUrl(brokerUrl).replace(/callback$/, 'start'));
  const params = new URL(authorizeUrl).searchParams;
  params.delete('redirect_uri');
  start.search = params.toString();
  return start.toString();
}

export function redirectPlan(input: {
  mode: RedirectMode;
  extensionRedirect: string;
  brokerUrl: string;
  random: string;
}): RedirectPlan {
  if (input.mode === 'direct') {
    return { redirectUri: input.extensionRedirect, state: input.random, launchUrl: (url) => url };
  }
  return {
    redirectUri: brokerCallbackUrl(input.brokerUrl),
    state: `${redirectLabel(input.extensionRedirect)}.${input.random}`,
    launchUrl: (url) => brokerStartUrl(input.brokerUrl, url),
  };
}
