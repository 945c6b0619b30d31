// Which browser origins may call the broker. The check keeps other web pages from spending the
// app's client secret through a visitor's browser; it cannot stop a script that forges `Origin`
// (the rate limit is what bounds that), so a request without `Origin` is not a browser's and passes.

export interface OriginPolicy {
  readonly anyOrigin: boolean;
  readonly origins: ReadonlySet<string>;
}

export function originPolicy(allowedOrigins: readonly string[]): OriginPolicy {
  const origins = new Set(allowedOrigins.map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean));
  return { anyOrigin: origins.has('*'), origins };
}

/** `undefined` = no Origin header (not a browser page); `'null'` (sandboxed or file pages) is refused. */
export function isOriginAllowed(policy: OriginPolicy, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  return policy.anyOrigin || policy.origins.has(origin);
}
