// Which way a video reaches TikTok. PULL_FROM_URL keeps the bytes off the user's machine but only
// works for URLs under a Domain or URL prefix the app verified in TikTok's developer portal; the
// user lists those in the options page. Anything else (and any `url_ownership_unverified` answer,
// handled by the caller) goes by FILE_UPLOAD.
import { t } from './i18n';
import type { JobSource, Route } from './job';
import { isIpHost, isLoopbackHost } from './url-safety';

export type VerifiedEntry = { kind: 'domain'; domain: string } | { kind: 'prefix'; prefix: string };
export type VerifiedEntryParse = { ok: true; entry: VerifiedEntry } | { ok: false; message: string };

interface Opts {
  allowLoopback: boolean;
}

/** http is accepted only for loopback hosts in loopback (test) builds; TikTok pulls https only. */
function schemeAllowed(url: URL, opts: Opts): boolean {
  return (
    url.protocol === 'https:' ||
    (opts.allowLoopback && url.protocol === 'http:' && isLoopbackHost(url.hostname))
  );
}

const DOMAIN_RE =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** One line of the options page's list: a Domain (covers its subdomains) or a URL prefix. */
export function parseVerifiedEntry(line: string, opts: Opts): VerifiedEntryParse {
  const text = line.trim();
  if (!text) return { ok: false, message: t('verifiedEmpty') };

  if (text.includes('://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, message: t('verifiedBadPrefix', text) };
    }
    if (!schemeAllowed(url, opts)) {
      return { ok: false, message: t('verifiedNeedsHttps', text) };
    }
    if (url.username || url.password || url.search || url.hash || text.includes('?') || text.includes('#')) {
      return { ok: false, message: t('verifiedNoExtras', text) };
    }
    if (isIpHost(url.hostname) && !(opts.allowLoopback && isLoopbackHost(url.hostname))) {
      return { ok: false, message: t('verifiedNoIp', text) };
    }
    if (!url.pathname.endsWith('/')) {
      return { ok: false, message: t('verifiedEndSlash', text, `${url.origin}${url.pathname}/`) };
    }
    return { ok: true, entry: { kind: 'prefix', prefix: `${url.origin}${url.pathname}` } };
  }

  // A bare domain. Going through URL turns internationalised names into the punycode hosts use.
  let host: string;
  try {
    host = new URL(`https://${text}/`).hostname.replace(/\.$/, '');
  } catch {
    return { ok: false, message: t('verifiedNotDomain', text) };
  }
  if (/[/?#@:]/.test(text) && !text.startsWith('[')) {
    return { ok: false, message: t('verifiedDomainOrPrefix', text) };
  }
  if (isIpHost(host) || host === 'localhost') {
    if (opts.allowLoopback && isLoopbackHost(host))
      return { ok: true, entry: { kind: 'domain', domain: host } };
    return { ok: false, message: t('verifiedDomainsOnly', text) };
  }
  if (!DOMAIN_RE.test(host)) return { ok: false, message: t('verifiedNotDomain', text) };
  return { ok: true, entry: { kind: 'domain', domain: host } };
}

export function matchesVerified(url: string, entries: string[], opts: Opts): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (!schemeAllowed(target, opts) || target.username || target.password) return false;
  const host = target.hostname.replace(/\.$/, '');
  return entries.some((line) => {
    const parsed = parseVerifiedEntry(line, opts);
    if (!parsed.ok) return false;
    const { entry } = parsed;
    if (entry.kind === 'domain') return host === entry.domain || host.endsWith(`.${entry.domain}`);
    // A prefix is matched exactly, character for character, against the normalised URL.
    return target.href.startsWith(entry.prefix);
  });
}

export function chooseRoute(source: JobSource, verified: string[], opts: Opts): Route {
  if (source.kind !== 'url') return 'FILE_UPLOAD';
  return matchesVerified(source.url, verified, opts) ? 'PULL_FROM_URL' : 'FILE_UPLOAD';
}
