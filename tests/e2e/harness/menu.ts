// "Clicks" the context-menu item: a real menu cannot be clicked headless, but dispatching
// contextMenus.onClicked in the service worker runs the extension's registered listeners with
// Chrome's usual `info` and `tab` (issue 3, "Drivable from outside", item 5).
import type { Page, WebWorker } from 'puppeteer-core';

export const MENU_ITEM_ID = 'send-to-tiktok';

export type MenuTarget =
  { context: 'video'; srcUrl: string } | { context: 'link'; linkUrl: string } | { context: 'page' };

interface ClickInfo {
  menuItemId: string;
  editable: boolean;
  frameId: number;
  pageUrl: string;
  mediaType?: string;
  srcUrl?: string;
  linkUrl?: string;
}

export function clickInfo(pageUrl: string, target: MenuTarget): ClickInfo {
  // As Chrome fills it for a click in the top frame: no frameUrl (that is only set inside a frame).
  const info: ClickInfo = { menuItemId: MENU_ITEM_ID, editable: false, frameId: 0, pageUrl };
  if (target.context === 'video') Object.assign(info, { mediaType: 'video', srcUrl: target.srcUrl });
  if (target.context === 'link') info.linkUrl = target.linkUrl;
  return info;
}

/** Dispatches a menu click for `target` on the tab showing `page`. */
export async function clickMenu(worker: WebWorker, page: Page, target: MenuTarget): Promise<void> {
  const pageUrl = page.url();
  const info = clickInfo(pageUrl, target);
  const error = await worker.evaluate(
    async (info: ClickInfo, pageUrl: string) => {
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => t.url === pageUrl);
      if (!tab) return `no tab shows ${pageUrl} (tabs: ${tabs.map((t) => t.url).join(', ')})`;
      // dispatch is not in @types/chrome: it is the event object's own test hook.
      (chrome.contextMenus.onClicked as unknown as { dispatch(i: unknown, t: unknown): void }).dispatch(
        info,
        tab,
      );
      return null;
    },
    info,
    pageUrl,
  );
  if (error) throw new Error(error);
}

/** The manifest command of the keyboard shortcut (Alt+Shift+T by default). */
export const SEND_COMMAND = 'send-main-video';

/**
 * "Presses" the keyboard shortcut on the tab showing `page`: headless Chromium has no keyboard for
 * extension commands, but dispatching commands.onCommand in the worker runs the registered
 * listener with the command and the tab, as Chrome does.
 */
export async function pressShortcut(worker: WebWorker, page: Page, command = SEND_COMMAND): Promise<void> {
  const pageUrl = page.url();
  const error = await worker.evaluate(
    async (command: string, pageUrl: string) => {
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => t.url === pageUrl);
      if (!tab) return `no tab shows ${pageUrl} (tabs: ${tabs.map((t) => t.url).join(', ')})`;
      (chrome.commands.onCommand as unknown as { dispatch(c: unknown, t: unknown): void }).dispatch(
        command,
        tab,
      );
      return null;
    },
    command,
    pageUrl,
  );
  if (error) throw new Error(error);
}
