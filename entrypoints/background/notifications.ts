// System notifications when a job ends. The notification id is the job id, so a click (or a test)
// maps straight back to the job.
import { browser } from 'wxt/browser';
import type { Job } from '@/utils/job';

// A 16×16 pink PNG: Chrome requires an icon for basic notifications and the build ships none.
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mP4pxNKEmIY1TCqYfhqAABGdX8Q7+Xk2gAAAABJRU5ErkJggg==';

export async function notifyJobEnded(job: Job): Promise<void> {
  let title: string;
  let message: string;
  if (job.status === 'in_drafts') {
    title = 'Video is in your TikTok drafts';
    message = `“${job.title}” is in your TikTok inbox. Open TikTok to edit and post it.`;
  } else if (job.status === 'published') {
    title = 'Video posted on TikTok';
    message = `“${job.title}” has been posted.`;
  } else if (job.status === 'failed') {
    title = 'Sending to TikTok failed';
    message = `“${job.title}”: ${job.error?.message ?? 'unknown error'}`;
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
