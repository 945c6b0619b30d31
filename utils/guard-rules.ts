// The network guard's host patterns, kept pure so a unit test can check each one against the
// addresses it must and must not catch. The background installs them as declarativeNetRequest
// session rules (entrypoints/background/network-guard.ts), one short regex per range: Chrome
// silently drops a regex whose compiled form exceeds RE2's memory limit, which one long
// alternation of all ranges does (measured: isRegexSupported → memoryLimitExceeded).
import { LOCAL_SUFFIXES } from './url-safety';

const OCTET = '[0-9]+';
const ANY_V6 = String.raw`[^\]]*`;

/** Private, link-local, shared, multicast and reserved hosts: refused in every build. */
export const PRIVATE_HOST_PATTERNS: readonly string[] = [
  String.raw`10\.${OCTET}\.${OCTET}\.${OCTET}`,
  String.raw`172\.(1[6-9]|2[0-9]|3[01])\.${OCTET}\.${OCTET}`,
  String.raw`192\.168\.${OCTET}\.${OCTET}`,
  String.raw`169\.254\.${OCTET}\.${OCTET}`,
  String.raw`100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.${OCTET}\.${OCTET}`,
  String.raw`0\.${OCTET}\.${OCTET}\.${OCTET}`,
  String.raw`(22[4-9]|2[3-5][0-9])\.${OCTET}\.${OCTET}\.${OCTET}`,
  // IETF protocol assignments (192.0.0.0/24) and the benchmark net (198.18.0.0/15).
  String.raw`192\.0\.0\.${OCTET}`,
  String.raw`198\.1[89]\.${OCTET}\.${OCTET}`,
  String.raw`\[f[cd][0-9a-f]*:${ANY_V6}\]`,
  // fe80::/10 link-local and fec0::/10 site-local.
  String.raw`\[fe[89a-f][0-9a-f]*:${ANY_V6}\]`,
  String.raw`\[ff[0-9a-f]*:${ANY_V6}\]`,
  String.raw`\[::\]`,
  String.raw`\[::ffff:${ANY_V6}\]`,
  String.raw`\[::[0-9a-f]{1,4}:[0-9a-f]{1,4}\]`,
  String.raw`\[64:ff9b::${ANY_V6}\]`,
  // 6to4 (2002::/16) of private IPv4: 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16, 0/8.
  String.raw`\[2002:(a[0-9a-f]{2}|ac1[0-9a-f]|c0a8|7f[0-9a-f]{2}|a9fe|[0-9a-f]{1,2}):${ANY_V6}\]`,
  // Local names: a single label, or a LAN suffix (one rule each: even a dozen alternatives behind
  // `[^/:@]*` exceeded RE2's memory limit in Chrome 156).
  String.raw`[a-z0-9-]+\.?`,
  ...LOCAL_SUFFIXES.filter((s) => s !== 'localhost').map(
    (s) => String.raw`[^/:@]*\.${s.replace('.', String.raw`\.`)}\.?`,
  ),
];

/** Loopback: refused outside loopback (test) builds. */
export const LOOPBACK_HOST_PATTERNS: readonly string[] = [
  String.raw`127\.${OCTET}\.${OCTET}\.${OCTET}`,
  String.raw`(localhost|[^/:@]*\.localhost)\.?`,
  String.raw`\[::1\]`,
];

/** The full-URL regex for one host pattern: any scheme, optional userinfo and port. */
export function hostRegex(host: string): string {
  return String.raw`^[a-z]+://([^/@]*@)?${host}(:[0-9]+)?([/?#]|$)`;
}

export function guardPatterns(allowLoopback: boolean): string[] {
  return allowLoopback ? [...PRIVATE_HOST_PATTERNS] : [...PRIVATE_HOST_PATTERNS, ...LOOPBACK_HOST_PATTERNS];
}

/**
 * Loopback builds talk to the emulator on `localhost` too: an allow rule of higher priority keeps
 * the single-label pattern from catching it there.
 */
export function guardAllowPatterns(allowLoopback: boolean): string[] {
  return allowLoopback ? [String.raw`localhost\.?`] : [];
}

/** True when any of the patterns (as installed) would block `url`; the allow patterns win. */
export function guardBlocks(url: string, allowLoopback: boolean): boolean {
  const lower = url.toLowerCase();
  const hit = (patterns: string[]) => patterns.some((p) => new RegExp(hostRegex(p)).test(lower));
  return !hit(guardAllowPatterns(allowLoopback)) && hit(guardPatterns(allowLoopback));
}
