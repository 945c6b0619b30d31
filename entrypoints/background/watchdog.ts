// The scheduler's one alarm (runner.ts sets it for the next due time). It is also armed before a
// job is first written, so a worker killed between storing a new job and its first pass still
// has an alarm to wake it: the popup reads the store directly and sends the worker nothing, so
// without one the job would sit in `queued` until the user next touched the extension.
import { browser } from 'wxt/browser';
import { buildConfig } from '@/utils/config';

export const ALARM_NAME = 'scheduler';
/** While a job runs, an alarm this far ahead restarts it if the worker dies mid-transfer. */
export const WATCHDOG_MS = buildConfig.allowLoopback ? 3_000 : 30_000;

/**
 * Arms the repeating alarm unless one is set. Every alarm repeats (`periodInMinutes`): a one-shot
 * alarm that fired is gone, and a worker killed between that firing and the pass's new alarm left
 * a running job with nothing to wake it.
 */
export async function armWatchdog(): Promise<void> {
  if (await browser.alarms.get(ALARM_NAME)) return;
  await browser.alarms.create(ALARM_NAME, {
    delayInMinutes: WATCHDOG_MS / 60_000,
    periodInMinutes: WATCHDOG_MS / 60_000,
  });
}
