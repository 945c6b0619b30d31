// The right-click item. A <video> or a link gives its URL directly; on a page, a small finder is
// injected with activeTab + scripting (no content script on every site) and its candidates decide:
// one starts a job, several open a chooser window, none becomes a failed job that says so.
import { t } from '@/utils/i18n';
import { browser, type Browser } from 'wxt/browser';
import { findVideoCandidates, type VideoCandidate } from '@/utils/page-finder';
import { captureFromClick } from './capture-click';
import { createFailedJob, createUrlJob } from './jobs';

export const MENU_ID = 'send-to-tiktok';

export async function createMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: MENU_ID,
    title: t('menuSend'),
    contexts: ['video', 'link', 'page'],
  });
}

type ClickInfo = Browser.contextMenus.OnClickData;
type Tab = Browser.tabs.Tab | undefined;

/** Handles a menu click; resolves once the job exists (or the chooser is open). */
export async function onMenuClicked(info: ClickInfo, tab: Tab): Promise<void> {
  if (info.menuItemId !== MENU_ID) return;
  const pageUrl = info.pageUrl ?? tab?.url;
  // A blob: src exists only inside the page: it is read or captured through its frame.
  if (info.srcUrl?.startsWith('blob:') && info.mediaType !== 'image' && info.mediaType !== 'audio') {
    await captureFromClick(tab, info.frameId ?? 0, info.srcUrl, pageUrl, info.frameUrl);
    return;
  }
  if (info.mediaType === 'video' && info.srcUrl) {
    await createUrlJob(info.srcUrl, 'menu', pageUrl);
    return;
  }
  if (info.linkUrl) {
    await createUrlJob(info.linkUrl, 'menu', pageUrl);
    return;
  }
  if (info.srcUrl && info.mediaType !== 'image' && info.mediaType !== 'audio') {
    await createUrlJob(info.srcUrl, 'menu', pageUrl);
    return;
  }
  await sendFromPage(info, tab, pageUrl);
}

async function sendFromPage(info: ClickInfo, tab: Tab, pageUrl: string | undefined): Promise<void> {
  const source = { kind: 'url' as const, url: pageUrl ?? 'about:blank', via: 'menu' as const };
  if (tab?.id === undefined) {
    await createFailedJob(source, {
      code: 'no_tab',
      message: t('menuPageUnreadable'),
    });
    return;
  }
  let candidates: VideoCandidate[];
  try {
    const results = await browser.scripting.executeScript({
      target: { tabId: tab.id, frameIds: [info.frameId ?? 0] },
      func: findVideoCandidates,
    });
    candidates = (results[0]?.result as VideoCandidate[] | undefined) ?? [];
  } catch (err) {
    await createFailedJob(source, {
      code: 'page_unreadable',
      message: t('menuSearchFailed', (err as Error).message),
    });
    return;
  }
  if (candidates.length === 1) {
    await createUrlJob(candidates[0].url, 'menu', pageUrl);
    return;
  }
  if (candidates.length === 0) {
    // No fetchable address: the page may still play a video from a blob: URL.
    if (await captureFromClick(tab, info.frameId ?? 0, null, pageUrl)) return;
    await createFailedJob(source, {
      code: 'no_video_found',
      message: t('menuNoVideo'),
    });
    return;
  }
  const chooser = new URL(browser.runtime.getURL('/chooser.html'));
  chooser.searchParams.set('candidates', JSON.stringify(candidates));
  if (pageUrl) chooser.searchParams.set('pageUrl', pageUrl);
  await browser.windows.create({ url: chooser.toString(), type: 'popup', width: 480, height: 560 });
}
