// Blocks the extension's own requests to private, link-local and (outside loopback builds) loopback
// hosts with declarativeNetRequest session rules, so a source URL that redirects there is refused
// before the request leaves (the URL itself is checked in acquire; the redirect target cannot be
// seen from fetch). One short regex per range: Chrome silently drops a regex rule whose compiled
// form exceeds RE2's memory limit, which one long alternation of all ranges does (measured:
// isRegexSupported → memoryLimitExceeded).
import { browser } from 'wxt/browser';
import { urlOptions } from './services';

const PRIVATE_HOSTS = [
  String.raw`10\.[0-9]+\.[0-9]+\.[0-9]+`,
  String.raw`172\.(1[6-9]|2[0-9]|3[01])\.[0-9]+\.[0-9]+`,
  String.raw`192\.168\.[0-9]+\.[0-9]+`,
  String.raw`169\.254\.[0-9]+\.[0-9]+`,
  String.raw`100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.[0-9]+\.[0-9]+`,
  String.raw`0\.[0-9]+\.[0-9]+\.[0-9]+`,
  String.raw`(22[4-9]|2[3-5][0-9])\.[0-9]+\.[0-9]+\.[0-9]+`,
  String.raw`\[f[cd][0-9a-f]*:[^\]]*\]`,
  String.raw`\[fe[89ab][0-9a-f]*:[^\]]*\]`,
  String.raw`\[::\]`,
  String.raw`\[::ffff:[^\]]*\]`,
  String.raw`\[::[0-9a-f]{1,4}:[0-9a-f]{1,4}\]`,
  String.raw`\[64:ff9b::[^\]]*\]`,
  String.raw`[^/:@]*\.(local|internal)\.?`,
];

const LOOPBACK_HOSTS = [
  String.raw`127\.[0-9]+\.[0-9]+\.[0-9]+`,
  String.raw`(localhost|[^/:@]*\.localhost)\.?`,
  String.raw`\[::1\]`,
];

/** Rule ids of this module; static rulesets have their own id space. */
const FIRST_ID = 1000;

function hostRegex(host: string): string {
  return String.raw`^[a-z]+://([^/@]*@)?${host}(:[0-9]+)?([/?#]|$)`;
}

async function install(): Promise<void> {
  const dnr = browser.declarativeNetRequest;
  // Loopback (test) builds talk to the emulator and test pages on 127.0.0.1.
  const hosts = urlOptions.allowLoopback ? PRIVATE_HOSTS : [...PRIVATE_HOSTS, ...LOOPBACK_HOSTS];
  const rules = [];
  for (const [i, host] of hosts.entries()) {
    const regexFilter = hostRegex(host);
    const check = await dnr.isRegexSupported({ regex: regexFilter });
    if (!check.isSupported) {
      console.error('network guard: regex not supported', regexFilter, check.reason);
      continue;
    }
    rules.push({
      id: FIRST_ID + i,
      priority: 1,
      action: { type: 'block' as const },
      condition: { regexFilter, initiatorDomains: [browser.runtime.id] },
    });
  }
  const existing = await dnr.getSessionRules();
  await dnr.updateSessionRules({
    removeRuleIds: existing.filter((r) => r.id >= FIRST_ID).map((r) => r.id),
    addRules: rules,
  });
}

let installed: Promise<void> | undefined;

/**
 * Installs the rules once per worker (session rules outlive the worker but not the browser);
 * downloads await it so none can start before the guard is in place.
 */
export function ensureNetworkGuard(): Promise<void> {
  installed ??= install().catch((err) => {
    installed = undefined;
    throw err;
  });
  return installed;
}
