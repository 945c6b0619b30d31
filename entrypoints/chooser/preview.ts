// Whether the chooser may load a candidate's preview. A <video preload="metadata"> is a request
// from the extension's origin to the video's host: it must go only where the extension may already
// go (a host permission the user granted, or one the manifest holds) and never to a private or
// local address (a page could list router or intranet URLs to make the extension probe them).
// Anything else shows the URL alone; sending it still asks for the permission in the click.
import { checkSourceUrl } from '@/utils/url-safety';
import { originPatterns } from './candidates';

/** The match pattern a candidate's preview needs, if it may be previewed at all. */
export function previewPattern(url: string, opts: { allowLoopback: boolean }): string | undefined {
  if (!checkSourceUrl(url, opts).ok) return undefined;
  return originPatterns([url])[0];
}

/** Preview only when the pattern is among those the extension holds (`permissions.contains`). */
export function mayPreview(
  url: string,
  held: ReadonlySet<string>,
  opts: { allowLoopback: boolean },
): boolean {
  const pattern = previewPattern(url, opts);
  return pattern !== undefined && held.has(pattern);
}
