// Host access for a video's origin. Video CDNs are rarely covered by the manifest, and Chrome only
// grants optional host permissions from a user gesture, which the worker never has: the job waits
// in needs_permission and the popup asks.
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';

/** The pattern the popup requests for this URL (ports are not part of match patterns). */
export function hostPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

export async function hasHostPermission(url: URL): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [hostPattern(url)] });
  } catch {
    return false;
  }
}

export function permissionMessage(url: URL): string {
  return t('needsHostAccess', url.hostname);
}
