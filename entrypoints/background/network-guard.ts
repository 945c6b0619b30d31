// Blocks the extension's own requests to private, link-local and (outside loopback builds) loopback
// hosts with declarativeNetRequest session rules, so a source URL that redirects there is refused
// before the request leaves (the URL itself is checked in acquire; the redirect target cannot be
// seen from fetch). One short regex per range: Chrome silently drops a regex rule whose compiled
// form exceeds RE2's memory limit, which one long alternation of all ranges does (measured:
// isRegexSupported → memoryLimitExceeded).
import { browser } from 'wxt/browser';
import { guardAllowPatterns, guardPatterns, hostRegex } from '@/utils/guard-rules';
import { deps } from './deps';

/** Rule ids of this module; static rulesets have their own id space. */
const FIRST_ID = 1000;

/**
 * The extension's own requests come from this host: its id in Chrome, its per-installation UUID in
 * Firefox (moz-extension://<uuid>/), where the add-on id in runtime.id would match nothing.
 */
function ownInitiator(): string {
  return new URL(browser.runtime.getURL('/')).hostname;
}

async function install(): Promise<void> {
  const dnr = browser.declarativeNetRequest;
  const initiator = ownInitiator();
  // Loopback (test) builds talk to the emulator and test pages on 127.0.0.1.
  const { urlOptions } = deps();
  const hosts = guardPatterns(urlOptions.allowLoopback);
  const rules = [];
  for (const [i, host] of hosts.entries()) {
    const regexFilter = hostRegex(host);
    const check = await dnr.isRegexSupported({ regex: regexFilter });
    // Fail closed: a range Chrome will not enforce must stop every download, not go unguarded.
    if (!check.isSupported) {
      throw new Error(`network guard: Chrome refused the rule ${regexFilter} (${check.reason})`);
    }
    rules.push({
      id: FIRST_ID + i,
      priority: 1,
      action: { type: 'block' as const },
      condition: { regexFilter, initiatorDomains: [initiator] },
    });
  }
  // Higher priority than the blocks: in loopback builds `localhost` is not a "single-label name".
  for (const [i, host] of guardAllowPatterns(urlOptions.allowLoopback).entries()) {
    rules.push({
      id: FIRST_ID + 500 + i,
      priority: 2,
      action: { type: 'allow' as const },
      condition: { regexFilter: hostRegex(host), initiatorDomains: [initiator] },
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
