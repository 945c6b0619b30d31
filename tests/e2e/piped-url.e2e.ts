// Issue 8, URL pipe: a URL source whose server sends a Content-Length flows straight into the
// upload. Against a rate-limited server, the first PUT reaches TikTok long before the download ends
// and the browser's storage never holds the file; a worker killed mid-download resumes the download
// with `Range` from the byte TikTok confirmed, and the bytes TikTok ends up with are exact.
import type { Page } from 'puppeteer-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { withExtension } from './harness/launch';
import { pathOf, site, videoSha256, videoUrl, type SiteRequest } from './harness/site';
import { completeUpload, signedIn, uploadPuts } from './harness/transfer';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';
import { killWorker } from './harness/worker';

// Chunks of 10,000,000 B under the extension's plan, sent at 6 MB/s: 1.7 s per chunk.
const SIZE = 30_000_000;
const RATE = 6_000_000;
/** Four chunks: the download alone takes 6.7 s. */
const LONG = 40_000_000;

/** The extension's storage use (IndexedDB, blobs included), as an extension page sees it. */
async function storageUsage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

/** Samples the storage use until `until` resolves; returns the highest sample above `baseline`. */
async function peakStorage(page: Page, until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true)).catch(() => undefined);
  let peak = 0;
  while (!done) {
    peak = Math.max(peak, await storageUsage(page));
    await new Promise((r) => setTimeout(r, 150));
  }
  await until;
  return peak;
}

async function videoGets(path: string): Promise<SiteRequest[]> {
  return (await site.log()).filter((r) => r.method === 'GET' && r.path.startsWith(path.split('?')[0]));
}

describe('URL sources flow straight into the upload', () => {
  beforeEach(() => resetWorld());

  it('a rate-limited source: the first PUT long before the download ends, the file never stored', async () => {
    const name = 'piped-rate';
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      const baseline = await storageUsage(popup.page);
      const url = `${videoUrl(name, LONG)}?rate=${RATE}`;
      const id = await popup.sendUrl(url);
      const peak = await peakStorage(popup.page, popup.waitForJob(id, 'in_drafts', 90_000));
      await completeUpload(videoSha256(name, LONG));

      const [download] = await videoGets(pathOf(url));
      const puts = await uploadPuts();
      const downloadMs = download.endTime! - download.time;
      const firstPutAfterMs = puts[0].time - download.time;
      const lastPutAfterMs = puts.at(-1)!.time - download.time;
      console.info(
        `piped: download ${downloadMs} ms; first PUT after ${firstPutAfterMs} ms, last PUT answered after ${lastPutAfterMs} ms; peak storage +${peak - baseline} B`,
      );
      expect(download.bytesSent).toBe(LONG);
      // The emulator logs a PUT when it has answered it. Download-then-upload answers the first PUT
      // only after the whole download, an init and a PUT; piped, after one chunk, an init and a PUT.
      expect(firstPutAfterMs).toBeLessThan(downloadMs * 0.7);
      expect(peak - baseline).toBeLessThan(LONG / 4);

      // The control: a source without Content-Length is still downloaded whole first, and the same
      // measure sees the file in storage, so the figure above can tell the two apart.
      const whole = `${videoUrl(`${name}-whole`, SIZE)}?nolength=1`;
      const wholeId = await popup.sendUrl(whole);
      const wholePeak = await peakStorage(popup.page, popup.waitForJob(wholeId, 'in_drafts', 90_000));
      console.info(`download-then-upload: peak storage +${wholePeak - baseline} B`);
      expect(wholePeak - baseline).toBeGreaterThan(SIZE * 0.9);
    });
  });

  it('the worker killed mid-download: the download resumes with Range from TikTok’s offset', async () => {
    const name = 'piped-killed';
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      const url = `${videoUrl(name, SIZE)}?rate=${RATE}`;
      const id = await popup.sendUrl(url);
      // The journal (data-progress is TikTok's confirmed share) holds a confirmed chunk.
      await waitFor('a confirmed chunk in the job', async () => ((await popup.job(id))?.progress ?? 0) > 0, {
        timeoutMs: 30_000,
        intervalMs: 100,
      });
      const [before] = await videoGets(pathOf(url));
      expect(before.endTime, 'the download was still running when the worker was killed').toBeUndefined();
      await killWorker(ext);

      await popup.waitForJob(id, 'in_drafts', 90_000);
      await completeUpload(videoSha256(name, SIZE));
      const gets = await videoGets(pathOf(url));
      console.info(
        `worker killed mid-download: ${gets.map((g) => `${g.status} ${g.range ?? 'whole'} ${g.bytesSent} B`).join('; ')}`,
      );
      expect(gets[0].range).toBeUndefined();
      const resumed = gets.slice(1);
      expect(resumed.length).toBeGreaterThanOrEqual(1);
      expect(resumed[0].range).toMatch(/^bytes=(10000000|20000000)-$/);
      expect(resumed[0].status).toBe(206);
      // Nothing downloaded twice beyond the chunk in flight and the one read ahead.
      const downloaded = gets.reduce((sum, g) => sum + (g.bytesSent ?? 0), 0);
      expect(downloaded).toBeLessThanOrEqual(SIZE + 20_000_000);
    });
  });
});
