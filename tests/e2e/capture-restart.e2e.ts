// Issue 7, restarts: the service worker stopped while a stream is captured, and the page closed. The offscreen document
// goes on; the next worker attaches to the running capture (or starts it over) and the job ends in
// the drafts with one upload of a good MP4 — it never hangs in `acquiring`.
import { beforeAll, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { withExtension } from './harness/launch';
import { inspectMedia, uploadedFile } from './harness/media';
import { clickMenu } from './harness/menu';
import { Popup } from './harness/popup';
import { streamPageUrl, streams } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';
import { killWorker } from './harness/worker';

describe('capture restart (issue 7)', () => {
  beforeAll(() => resetWorld());

  it('a worker stopped mid-capture: the capture finishes and the draft arrives once', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const page = await ext.browser.newPage();
      await page.goto(streamPageUrl('hls', streams.hlsFmp4.path), { waitUntil: 'domcontentloaded' });
      await waitFor('the player to play', () => page.evaluate(() => document.body?.dataset.playing === '1'), {
        timeoutMs: 20_000,
        intervalMs: 100,
      });
      const srcUrl = await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentSrc);
      const before = await popup.jobIds();
      await clickMenu(await ext.worker(), page, { context: 'video', srcUrl });
      await popup.page.bringToFront();
      const id = await popup.waitForNewJob(before);
      // Mid-capture: some segments in, not all.
      const seen = await waitFor(
        'the capture to count its first segment',
        async () => {
          const job = await popup.job(id);
          const m = /\((\d+) of (\d+) segments\)/.exec(job?.progressText ?? '');
          return m && Number(m[1]) >= 1 && Number(m[1]) < Number(m[2]) ? job!.progressText : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 50 },
      );
      await killWorker(ext);
      console.info(`worker stopped at "${seen}"`);

      await popup.waitForJob(id, 'in_drafts', 120_000);
      const uploads = await emulator.uploads();
      expect(uploads, 'one draft, one upload').toHaveLength(1);
      const report = await inspectMedia(await uploadedFile(uploads[0].publishId));
      expect(report).toMatchObject({
        container: 'progressive-mp4',
        width: streams.hlsFmp4.width,
        height: streams.hlsFmp4.height,
        videoStreams: 1,
        audioStreams: 1,
        decodeErrors: '',
      });
      expect(Math.abs(report.duration - streams.hlsFmp4.duration)).toBeLessThanOrEqual(1);
    });
  });

  it('the page closed mid-capture: the job fails with the reason and nothing reaches TikTok', async () => {
    await resetWorld();
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const page = await ext.browser.newPage();
      await page.goto(streamPageUrl('hls', streams.hlsFmp4.path), { waitUntil: 'domcontentloaded' });
      await waitFor('the player to play', () => page.evaluate(() => document.body?.dataset.playing === '1'), {
        timeoutMs: 20_000,
        intervalMs: 100,
      });
      const srcUrl = await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentSrc);
      const before = await popup.jobIds();
      await clickMenu(await ext.worker(), page, { context: 'video', srcUrl });
      await popup.page.bringToFront();
      const id = await popup.waitForNewJob(before);
      await popup.waitForJob(id, 'acquiring', 30_000);
      await page.close();
      const job = await popup.waitForJob(id, 'failed', 60_000);
      expect(job.errorCode, job.error ?? '').toBe('page_closed');
      expect((await emulator.log()).filter((r) => r.endpoint === 'init')).toEqual([]);
    });
  });
});
