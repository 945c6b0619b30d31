// Issue 13: a popup with a month of history (1,000 jobs) stays usable and cheap. The jobs are
// written into the store behind the background's back, so the popup must notice them by its cheap
// check (the store's count), not by a broadcast; then a real upload runs to in_drafts and every
// progress update touches its own row only.
import { describe, expect, it } from 'vitest';
import { withExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { seedJobs } from './harness/seed-jobs';
import { videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

const rowCount = (popup: Popup): Promise<number> =>
  popup.page.$$eval('[data-testid="job"]', (rows) => rows.length);

describe('a long history in the popup', () => {
  it('1,000 jobs: pages of 50, filter, and an upload that re-renders only its own row', async () => {
    await resetWorld();
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      await seedJobs(popup.page, { count: 1000 });

      // No broadcast told the page: the count check (every 5 s) finds the unannounced jobs.
      await waitFor('the seeded jobs in the list', async () => (await rowCount(popup)) === 50, {
        timeoutMs: 15_000,
      });
      expect((await popup.jobs())[0].id).toBe('seed-00999'); // newest first
      await popup.page.locator('[data-testid="show-older"]').click();
      await waitFor('a second page', async () => (await rowCount(popup)) === 100, { timeoutMs: 5000 });

      // Count DOM changes inside each row from here on; rows added or removed change the list only.
      await popup.page.evaluate(() => {
        const touched: Record<string, number> = {};
        (window as unknown as { __touched: typeof touched }).__touched = touched;
        const list = document.querySelector('.job-list')!;
        new MutationObserver((records) => {
          for (const record of records) {
            const row =
              (record.target as Element).closest?.('[data-testid="job"]') ??
              record.target.parentElement?.closest('[data-testid="job"]');
            const id = row?.getAttribute('data-job-id');
            if (id) touched[id] = (touched[id] ?? 0) + 1;
          }
        }).observe(list, { subtree: true, childList: true, attributes: true, characterData: true });
      });

      const id = await popup.sendUrl(videoUrl('long-history', 21_000_000));
      const done = await popup.waitForJob(id, 'in_drafts', 120_000);
      expect(done.progress).toBe(1);
      const touched = await popup.page.evaluate(
        () => (window as unknown as { __touched: Record<string, number> }).__touched,
      );
      // The observer saw the job's own updates (so it can see some), and nothing in any other row.
      expect(touched[id] ?? 0).toBeGreaterThan(2);
      expect(Object.keys(touched).filter((other) => other !== id)).toEqual([]);

      // Filters: failed shows only failed (every 10th seeded job), in drafts starts with the new one.
      await popup.page.select('[data-testid="job-filter"]', 'failed');
      const failed = await waitFor('the failed filter', async () => {
        const rows = await popup.jobs();
        // The rows already loaded are filtered at once; the filter's own page of 50 follows.
        return rows.length === 50 && rows.every((row) => row.status === 'failed') && rows;
      });
      expect(failed[0].id).toBe('seed-00990');
      expect(failed).toHaveLength(50);
      await popup.page.select('[data-testid="job-filter"]', 'in_drafts');
      const drafts = await waitFor('the in-drafts filter', async () => {
        const rows = await popup.jobs();
        return rows.length > 0 && rows.every((row) => row.status === 'in_drafts') && rows;
      });
      expect(drafts[0].id).toBe(id);
      await popup.page.select('[data-testid="job-filter"]', 'active');
      await waitFor('the active filter, empty', async () => (await rowCount(popup)) === 0);
      await popup.screenshot('long-history');
    });
  });
});
