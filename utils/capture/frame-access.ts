// A player in a cross-origin iframe (an embed from a video host) cannot be read with activeTab,
// which covers the top page's origin only: the extension needs host access to the frame's origin,
// and Chrome grants that only from a user gesture. So such a capture waits in needs_permission,
// naming the frame's origin, and is probed and decided once the popup's "Allow access" was pressed.
// Pure: which URL a waiting job needs access to, and the words that say so.
import type { Job } from '../job';
import { t } from '../i18n';

/** An http(s) URL, or undefined for anything else (about:blank, data:, a malformed string). */
function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The frame's URL when a click inside it needs access the extension lacks: a sub-frame whose origin
 * differs from the page's. Same-origin frames are covered by activeTab like the page itself.
 */
export function crossOriginFrame(frameId: number, frameUrl: string | undefined, pageUrl: string | undefined) {
  if (frameId === 0 || !frameUrl) return undefined;
  const frame = httpUrl(frameUrl);
  if (!frame) return undefined;
  const page = pageUrl ? httpUrl(pageUrl) : undefined;
  return page?.origin === frame.origin ? undefined : frame;
}

/** The URL whose host a job waiting in needs_permission waits for: the video's, or the player frame's. */
export function accessUrlFor(job: Job): URL | undefined {
  if (job.source.kind === 'url') return httpUrl(job.source.url);
  if (job.source.kind === 'capture') return httpUrl(job.source.frameUrl);
  return undefined;
}

export function frameAccessMessage(frame: URL): string {
  return t('frameNeedsAccess', frame.origin);
}
