// Which browser origins may call the broker. The check keeps other web pages from spending the
// app's client secret through a visitor's browser; it cannot stop a script that forges `Origin`
// (the rate limit is what bounds that), so a request without `Origin` is not a browser's and passes.

export interface OriginPolicy {
  readonly anyOrigin: boolean;
  /**
   * `moz-extension://*`: Firefox gives each installation of an add-on its own random origin, so a
   * broker for the Firefox build cannot list it. Web pages cannot send such an origin.
   */
  readonly anyFirefoxExtension: boolean;
  readonly origins: ReadonlySet<string>;
}

export const FIREFOX_EXTENSIONS = 'moz-extension://*';
const FIREFOX_ORIGIN = /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function originPolicy(allowedOrigins: readonly string[]): OriginPolicy {
  const origins = new Set(allowedOrigins.map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean));
  return { anyOrigin: origins.has('*'), anyFirefoxExtension: origins.has(FIREFOX_EXTENSIONS), origins };
}

/** `undefined` = no Origin header (not a browser page); `'null'` (sandboxed or file pages) is refused. */
export function isOriginAllowed(policy: OriginPolicy, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  if (policy.anyFirefoxExtension && FIREFOX_ORIGIN.test(origin)) return true;
  return policy.anyOrigin || policy.origins.has(origin);
}
