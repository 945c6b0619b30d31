// The keyboard shortcut (manifest `commands`, Alt+Shift+T by default, changeable in the browser's
// shortcut settings): sends the main video of the current tab without the mouse. The command
// grants activeTab like a menu click does, and the same decisions run: the page's probe picks the
// video that plays, else the largest (utils/media/page-probe.ts); a `blob:` one is read or captured
// through the frame (capture-click.ts), an ordinary address goes the URL way, and a page with no
// <video> element is searched like a right-click on the page (og:video, JSON-LD, …).
import type { Browser } from 'wxt/browser';
import { captureFromClick, probe } from './capture-click';
import { MENU_ID, onMenuClicked } from './context-menu';
import { createFailedJob, createUrlJob } from './jobs';
import { t } from '@/utils/i18n';

export const SEND_COMMAND = 'send-main-video';

type Tab = Browser.tabs.Tab | undefined;

export async function onCommand(command: string, tab: Tab): Promise<void> {
  if (command !== SEND_COMMAND) return;
  const pageUrl = tab?.url;
  if (tab?.id === undefined) {
    await createFailedJob(
      { kind: 'url', url: pageUrl ?? 'about:blank', via: 'shortcut' },
      {
        code: 'no_tab',
        message: t('shortcutNoPage'),
      },
    );
    return;
  }
  const probed = await probe(tab.id, 0, null);
  if (typeof probed !== 'string' && probed.found && probed.currentSrc) {
    if (probed.isBlob) {
      await captureFromClick(tab, 0, probed.currentSrc, pageUrl);
      return;
    }
    if (/^https?:\/\//i.test(probed.currentSrc)) {
      await createUrlJob(probed.currentSrc, 'shortcut', pageUrl);
      return;
    }
  }
  // No playable <video> to name (or the probe could not run): search the page as the menu does.
  await onMenuClicked({ menuItemId: MENU_ID, editable: false, frameId: 0, pageUrl: pageUrl ?? '' }, tab);
}
