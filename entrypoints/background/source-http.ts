// The byte source of a piped upload: the video's own server, over fetch. Each (re)opening passes
// the same checks as the first download in `acquire.ts` (public http(s) hosts only, host
// permission, no cookies, the redirect target re-checked) and turns the answer into facts the
// ChunkFeed judges: status, Content-Range, Content-Length and the validators.
import { SourceError, type ByteSource, type SourceOpening } from '@/utils/chunk-feed';
import { checkSourceUrl } from '@/utils/url-safety';
import { download, SourceError as DownloadRefused } from './acquire';
import { ensureNetworkGuard } from './network-guard';
import { hasHostPermission, permissionMessage } from './permissions';
import { urlOptions } from './services';
import { t } from '@/utils/i18n';

export function httpSource(url: string): ByteSource {
  return {
    async open(offset, useRange, signal) {
      const check = checkSourceUrl(url, urlOptions);
      if (!check.ok) throw new SourceError('fatal', check.message, check.code);
      if (!(await hasHostPermission(check.url))) {
        throw new SourceError('fatal', permissionMessage(check.url), 'needs_permission');
      }
      await ensureNetworkGuard();
      let response: Response;
      try {
        response = await download(check.url, signal, useRange ? { Range: `bytes=${offset}-` } : undefined);
      } catch (err) {
        if (err instanceof DownloadRefused) throw new SourceError('fatal', err.error.message, err.error.code);
        throw err;
      }
      return openingOf(response, offset);
    },
  };
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/** The answer as the ChunkFeed sees it, or a SourceError saying why it is not the file. */
export function openingOf(response: Response, offset = 0): SourceOpening {
  if (response.redirected) {
    const final = checkSourceUrl(response.url, urlOptions);
    if (!final.ok) {
      void response.body?.cancel().catch(() => undefined);
      throw new SourceError('fatal', t('redirectedElsewhere', final.message), final.code);
    }
  }
  const status = response.status;
  if (status !== 200 && status !== 206) {
    void response.body?.cancel().catch(() => undefined);
    if (status === 416) {
      throw new SourceError('changed', t('sourceNoLongerHasByte', offset.toLocaleString('en')));
    }
    if (status >= 500 || status === 429 || status === 408) {
      throw new SourceError('retry', t('sourceRetryStatus', status));
    }
    throw new SourceError(
      'fatal',
      t('sourceRefusedMidway', `${status}${response.statusText ? ` ${response.statusText}` : ''}`),
    );
  }
  if (!response.body) throw new SourceError('retry', t('sourceNoBody'));
  const match = CONTENT_RANGE.exec(response.headers.get('Content-Range')?.trim() ?? '');
  const lengthHeader = response.headers.get('Content-Length');
  const length = lengthHeader === null ? undefined : Number(lengthHeader);
  const reader = response.body.getReader();
  return {
    status,
    range: status === 206 ? (match ? { start: Number(match[1]), total: Number(match[3]) } : null) : undefined,
    length: length !== undefined && Number.isSafeInteger(length) ? length : undefined,
    validators: {
      etag: response.headers.get('ETag') ?? undefined,
      lastModified: response.headers.get('Last-Modified') ?? undefined,
    },
    async read() {
      const { done, value } = await reader.read();
      return done ? undefined : value;
    },
    cancel() {
      reader.cancel().catch(() => undefined);
    },
  };
}
