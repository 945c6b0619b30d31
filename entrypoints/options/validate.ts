// Checks the options form before anything is stored: a setting that cannot work is shown with
// its reason rather than saved and silently ignored later.
import { t } from '@/utils/i18n';
import { parseVerifiedEntry } from '@/utils/route';
import { isLoopbackHost } from '@/utils/url-safety';

export interface LineProblem {
  /** 1-based, as the user counts lines in the textarea. */
  line: number;
  text: string;
  message: string;
}

export interface VerifiedLines {
  /** Trimmed, blank lines and repeats dropped, in the user's order. */
  entries: string[];
  problems: LineProblem[];
}

export function validateVerifiedLines(text: string, opts: { allowLoopback: boolean }): VerifiedLines {
  const entries: string[] = [];
  const problems: LineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const parsed = parseVerifiedEntry(line, opts);
    if (!parsed.ok) problems.push({ line: index + 1, text: line, message: parsed.message });
    else if (!entries.includes(line)) entries.push(line);
  });
  return { entries, problems };
}

export type BrokerUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** Empty means "use the build's broker". Tokens pass through it, so only https (or local test http). */
export function validateBrokerUrl(text: string, opts: { allowLoopback: boolean }): BrokerUrlCheck {
  const value = text.trim();
  if (!value) return { ok: true, url: '' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: t('brokerNotUrl', value) };
  }
  const localHttp = opts.allowLoopback && url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !localHttp) {
    return { ok: false, message: t('brokerNeedsHttps') };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { ok: false, message: t('brokerNoExtras') };
  }
  return { ok: true, url: value };
}
