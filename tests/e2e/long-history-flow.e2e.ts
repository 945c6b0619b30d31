// Issue 13, "e2e tests still pass with a store seeded with 1,000 jobs": the everyday flow with a
// month of history behind it. 1,000 finished jobs are written into the store (the oldest 30 last
// changed 45 days ago, they and the failed ones with a stored copy of a real MP4), then: sign in, a
// popup file and a menu video to the drafts, one cancelled mid-upload, one retried after TikTok
// refused it, the filters, the newest job first, and the worker's next start pruning the old jobs
// with their bytes while the open popup's counts follow.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { writeMp4File } from '../fixtures/video-bytes';
import { emulator } from './harness/emulator';
import { ROOT } from './harness/env';
import { withExtension } from './harness/launch';
import { clickMenu } from './harness/menu';
import { Popup } from './harness/popup';
import { seedJobs } from './harness/seed-jobs';
import { pageUrl, videoSha256, videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { killWorker } from './harness/worker';
import { resetWorld, tmpFile } from './harness/world';

const SEEDED = 1000;
const STALE = 30;
const seedId = (i: number) => `seed-${String(i).padStart(5, '0')}`;

const rowCount = (popup: Popup): Promise<number> =>
  popup.page.$$eval('[data-testid="job"]', (rows) => rows.length);

/** What "Show older" would add (its data-hidden), 0 when the button is not there. */
const hiddenCount = (popup: Popup): Promise<number> =>
  popup.page
    .$eval('[data-testid="show-older"]', (el) => Number(el.getAttribute('data-hidden')))
    .catch(() => 0);

/** The keys of the `jobs` and `blobs` stores, as the extension's own page sees them. */
function storedKeys(page: Page): Promise<{ jobs: string[]; blobs: string[] }> {
  return page.evaluate(
    () =>
      new Promise<{ jobs: string[]; blobs: string[] }>((resolve, reject) => {
        const open = indexedDB.open('send-to-tiktok');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['jobs', 'blobs']);
          const jobs = tx.objectStore('jobs').getAllKeys();
          const blobs = tx.objectStore('blobs').getAllKeys();
          tx.oncomplete = () => {
            db.close();
            resolve({ jobs: jobs.result.map(String), blobs: blobs.result.map(String) });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function showOnly(
  popup: Popup,
  filter: string,
  check: (rows: Awaited<ReturnType<Popup['jobs']>>) => boolean,
) {
  await popup.page.select('[data-testid="job-filter"]', filter);
  return waitFor(`the ${filter} filter`, async () => {
    const rows = await popup.jobs();
    return check(rows) && rows;
  });
}

describe('the everyday flow over a long history', () => {
  it('1,000 seeded jobs: file and menu video to the drafts, cancel, retry, filters, pruning', async () => {
    await resetWorld();
    const file = await tmpFile('long-history-file.mp4');
    const fileSha = await writeMp4File(file, 'long-history-file', 3_000_000);
    const menuVideo = videoUrl('long-history-menu', 1_500_000);
    // The real 1 s MP4 ffmpeg made (tests/fixtures/media/make.sh) as every seeded stored copy.
    const tiny = [...(await readFile(path.join(ROOT, 'tests/fixtures/media/tiny.mp4')))];

    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      await seedJobs(popup.page, { count: SEEDED, stale: STALE, bytes: tiny });
      const seeded = await storedKeys(popup.page);
      expect(seeded.jobs).toHaveLength(SEEDED);
      for (let i = 0; i < STALE; i++) expect(seeded.blobs).toContain(seedId(i));

      // Unannounced: the popup's count check finds them. A page of 50, newest first.
      await waitFor('the seeded jobs in the list', async () => (await hiddenCount(popup)) === SEEDED - 50, {
        timeoutMs: 15_000,
      });
      expect(await rowCount(popup)).toBe(50);
      expect((await popup.jobs())[0].id).toBe(seedId(SEEDED - 1));

      // A local file from the popup.
      const fileId = await popup.chooseFile(file);
      expect((await popup.waitForJob(fileId, 'in_drafts', 120_000)).route).toBe('FILE_UPLOAD');
      expect((await popup.jobs())[0].id).toBe(fileId);

      // A video from a page's context menu.
      const tab = await ext.browser.newPage();
      await tab.goto(pageUrl('video', [menuVideo]), { waitUntil: 'load' });
      const beforeMenu = await popup.jobIds();
      await clickMenu(await ext.worker(), tab, { context: 'video', srcUrl: menuVideo });
      await popup.page.bringToFront();
      const menuId = await popup.waitForNewJob(beforeMenu);
      await popup.waitForJob(menuId, 'in_drafts', 120_000);
      await tab.close();

      // Cancel: TikTok holds the first chunk's answer; the job is cancelled before the second.
      await emulator.addFaults({ endpoint: 'upload', nth: 1, action: { type: 'hold', ms: 4000 } });
      const cancelId = await popup.sendUrl(videoUrl('long-history-cancel', 21_000_000));
      await waitFor(
        'the first chunk stored',
        async () => (await emulator.uploads()).some((u) => u.totalChunkCount === 2 && u.chunksAccepted === 1),
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      await popup.clickJobButton(cancelId, 'job-cancel');
      await popup.waitForJob(cancelId, 'cancelled', 30_000);

      // Retry: TikTok refuses the init once; Retry takes the job to the drafts under the same id.
      await emulator.addFaults({
        endpoint: 'init',
        action: {
          type: 'status',
          status: 400,
          body: { data: {}, error: { code: 'invalid_param', message: 'refused by the test', log_id: 'e2e' } },
        },
      });
      const retryId = await popup.sendUrl(videoUrl('long-history-retry', 300_000));
      expect((await popup.waitForJob(retryId, 'failed', 60_000)).canRetry).toBe(true);
      await popup.clickJobButton(retryId, 'job-retry');
      // The row shows the old failure until the retried job's first change reaches the page.
      await waitFor(
        'the retried job to leave failed',
        async () => (await popup.job(retryId))?.status !== 'failed',
        {
          timeoutMs: 15_000,
          intervalMs: 100,
        },
      );
      await popup.waitForJob(retryId, 'in_drafts', 90_000);

      // Newest first, over the history; the drafts TikTok holds are the three sent.
      expect((await popup.jobs()).slice(0, 5).map((job) => job.id)).toEqual([
        retryId,
        cancelId,
        menuId,
        fileId,
        seedId(SEEDED - 1),
      ]);
      const drafts = (await emulator.uploads()).filter((u) => u.status === 'SEND_TO_USER_INBOX');
      expect(drafts.map((u) => u.sha256).sort()).toEqual(
        [
          fileSha,
          videoSha256('long-history-menu', 1_500_000),
          videoSha256('long-history-retry', 300_000),
        ].sort(),
      );
      const total = SEEDED + 4;
      expect(await hiddenCount(popup)).toBe(total - 50);

      // Filters read their own newest page from the store, however far back it goes.
      const failed = await showOnly(popup, 'failed', (rows) => rows.length === 50);
      expect(failed.every((row) => row.status === 'failed' || row.status === 'cancelled')).toBe(true);
      expect(failed[0].id).toBe(cancelId);
      expect(failed[1].id).toBe(seedId(990));
      expect(await hiddenCount(popup)).toBe(SEEDED / 10 + 1 - 50);
      const inDrafts = await showOnly(popup, 'in_drafts', (rows) => rows[0]?.id === retryId);
      expect(inDrafts.map((row) => row.id).slice(0, 3)).toEqual([retryId, menuId, fileId]);
      expect(inDrafts.every((row) => row.status === 'in_drafts')).toBe(true);
      await showOnly(popup, 'active', (rows) => rows.length === 0);
      await showOnly(popup, 'all', (rows) => rows.length === 50 && rows[0].id === retryId);

      // The worker's next start (as after the browser restarts) prunes finished jobs older than
      // 30 days with their stored bytes; recent ones keep theirs (a failed job's copy, for Retry).
      await killWorker(ext);
      const waker = await Popup.open(ext); // its first request starts the worker again
      const pruned = await waitFor(
        'the stale jobs pruned',
        async () => {
          const keys = await storedKeys(popup.page);
          return keys.jobs.length === total - STALE && keys;
        },
        { timeoutMs: 30_000 },
      );
      for (let i = 0; i < STALE; i++) {
        expect(pruned.jobs).not.toContain(seedId(i));
        expect(pruned.blobs).not.toContain(seedId(i));
      }
      expect(pruned.jobs).toContain(seedId(STALE));
      expect(pruned.blobs).toContain(seedId(990));
      // The popup left open hears it (a broadcast naming jobs it never held) and counts again.
      await waitFor(
        'the open popup counting the pruned jobs',
        async () => (await hiddenCount(popup)) === total - STALE - 50,
      );
      expect((await popup.jobs())[0].id).toBe(retryId);
      await waker.close();
      await popup.screenshot('long-history-flow');
    });
  });
});
