// Whether a broker URL may carry the user's OAuth code and refresh token. Only https: anything
// on the path can read and replay a refresh token sent over plain http. Loopback (test) builds
// also accept http on this computer, where the local broker runs.
import { isLoopbackHost } from './url-safety';
import { t } from './i18n';

/** Why `raw` cannot be the broker's address, in words; undefined when it can. */
export function brokerUrlProblem(raw: string, opts: { allowLoopback: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return t('brokerUrlInvalid', raw);
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && opts.allowLoopback && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:') {
    return t('brokerUrlPlainHttp', raw);
  }
  return t('brokerUrlInvalid', raw);
}
