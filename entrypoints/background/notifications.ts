// System notifications when a job ends. The notification id is the job id, so a click (or a test)
// maps straight back to the job.
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import type { Job } from '@/utils/job';

// A 16×16 pink PNG: Chrome requires an icon for basic notifications and the build ships none.
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mP4pxNKEmIY1TCqYfhqAABGdX8Q7+Xk2gAAAABJRU5ErkJggg==';

export async function notifyJobEnded(job: Job): Promise<void> {
  let title: string;
  let message: string;
  if (job.status === 'in_drafts') {
    title = t('notifyInDraftsTitle');
    message = t('notifyInDraftsBody', job.title);
  } else if (job.status === 'published') {
    title = t('notifyPublishedTitle');
    message = t('notifyPublishedBody', job.title);
  } else if (job.status === 'failed') {
    title = t('notifyFailedTitle');
    message = t('notifyFailedBody', job.title, job.error?.message ?? t('unknownError'));
  } else {
    return;
  }
  try {
    await browser.notifications.create(job.id, { type: 'basic', iconUrl: ICON, title, message });
  } catch (err) {
    // A notification is a courtesy; the job list has the same news.
    console.warn('notification failed', err);
  }
}

/** A click opens the job list (the popup page, in a tab). */
export async function onNotificationClicked(notificationId: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
  await browser.notifications.clear(notificationId);
}
