// The toolbar badge: how many jobs are still on their way.
import { browser } from 'wxt/browser';
import { activeCount } from '@/utils/job-machine';
import type { Job } from '@/utils/job';

export async function updateBadge(jobs: Job[]): Promise<void> {
  const count = activeCount(jobs);
  await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
  if (count > 0) await browser.action.setBadgeBackgroundColor({ color: '#fe2c55' });
}
