// The video site's addresses and its request log (tests/fixtures/video-site.ts).
import path from 'node:path';
import { streamFixtureInfo, type StreamFixtureInfo } from '../../fixtures/streams';
import type { SiteRequest } from '../../fixtures/video-site';
import { mp4Sha256 } from '../../fixtures/video-bytes';
import { call } from './emulator';
import { SITE_URL, TMP_DIR } from './env';

export type { SiteRequest };

/** A generated MP4 of `size` bytes; `name` makes its bytes (and SHA-256) unique. */
export function videoUrl(name: string, size: number, prefix = '/videos/'): string {
  return `${SITE_URL}${prefix}${name}-${size}.mp4`;
}

export function videoSha256(name: string, size: number): string {
  return mp4Sha256(`${name}-${size}`, size);
}

export type PageKind = 'video' | 'source' | 'link' | 'og' | 'jsonld' | 'several' | 'plain';

/** A page of the given shape holding `srcs` (for `link`: the link's target). */
export function pageUrl(kind: PageKind, srcs: string[] = []): string {
  const query = new URLSearchParams();
  for (const src of srcs) query.append(kind === 'link' ? 'href' : 'src', src);
  const search = query.toString();
  return `${SITE_URL}/pages/${kind}.html${search ? `?${search}` : ''}`;
}

/** The stream fixtures global-setup made and the site serves (paths, durations, best sizes). */
export const streams: StreamFixtureInfo = streamFixtureInfo(path.join(TMP_DIR, 'streams'));

export type StreamPageKind = 'hls' | 'dash' | 'blob';

/**
 * A player page (hls.js, dash.js, or a fetched Blob) playing `fixturePath` (e.g.
 * `streams.hlsTs.path`, or the same under `/streams-auth/`) into `<video id="v">` from a `blob:`
 * URL; `frame` puts that page in a same-origin `<iframe id="player">`.
 */
export function streamPageUrl(
  kind: StreamPageKind,
  fixturePath: string,
  options: { frame?: boolean; preload?: string } = {},
): string {
  const src = new URL(fixturePath, SITE_URL).href;
  const query = new URLSearchParams(options.frame ? { kind, src } : { src });
  if (options.preload) query.set('preload', new URL(options.preload, SITE_URL).href);
  return `${SITE_URL}/pages/${options.frame ? 'frame' : kind}.html?${query.toString()}`;
}

export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

export const site = {
  reset: () => call<unknown>(SITE_URL, 'POST', '/_site/reset'),
  log: async () => (await call<{ requests: SiteRequest[] }>(SITE_URL, 'GET', '/_site/log')).requests,
};

/** Requests a browser made (the extension or a page), as opposed to the emulator's Node client. */
export function fromBrowser(request: SiteRequest): boolean {
  return /Chrome|Mozilla/.test(request.userAgent);
}
