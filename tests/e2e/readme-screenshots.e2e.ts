// The README's pictures (issue 12): the popup with jobs in several states, the chooser and the
// options page, taken from the real extension against the emulator. Every run checks that the
// states are on screen and the pictures are small PNGs of the expected size; `npm run screenshots`
// (E2E_README_SCREENSHOTS=1) writes them into docs/screenshots/ for committing, any other run
// into test-artifacts/readme-*.png so the committed ones only change on purpose.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preflightMedia, type PreflightMedia } from '../fixtures/preflight-media';
import { saveScreenshot } from './harness/artifacts';
import { ROOT, SITE_URL, TMP_DIR } from './harness/env';
import { withExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

const FOR_README = process.env.E2E_README_SCREENSHOTS === '1';
const README_DIR = path.join(ROOT, 'docs/screenshots');
/** A README picture stays well under this (PNG of a 1x page). */
const MAX_BYTES = 250_000;

let media: (name: PreflightMedia) => string;

beforeAll(async () => {
  media = await preflightMedia(TMP_DIR);
}, 240_000);

/** Saves `page` as `name`.png (docs/screenshots/ or test-artifacts/readme-…) and returns its width, height and bytes. */
async function picture(page: Page, name: string) {
  const file = FOR_README
    ? path.join(README_DIR, `${name}.png`)
    : await saveScreenshot(page, `readme-${name}`);
  if (FOR_README) await mkdir(README_DIR, { recursive: true });
  if (FOR_README) await page.screenshot({ path: file as `${string}.png`, fullPage: true });
  const png = await readFile(file);
  expect(png.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  // IHDR: width and height, big-endian, right after the signature and the chunk header.
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length };
}

describe('README screenshots', () => {
  beforeEach(() => resetWorld());

  it('the popup with jobs in several states, the chooser and the options page', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();

      // Oldest first, so the list shows them newest on top: a refusal, a video in the drafts
      // (an M4V, remuxed), one being sent (its site sends 1 MB/s), one cancelled.
      const refused = await popup.chooseFile(media('15fps.mp4'));
      const done = await popup.chooseFile(media('clip.m4v'));
      const cancelled = await popup.sendUrl(`${videoUrl('street-interview', 60_000_000)}?rate=1000000`);
      const sending = await popup.sendUrl(`${videoUrl('city-at-night', 60_000_000)}?rate=1000000`);
      await popup.waitForJob(refused, 'failed', 120_000);
      await popup.waitForJob(done, 'in_drafts', 120_000);
      await popup.waitForJob(cancelled, ['uploading', 'acquiring'], 60_000);
      await popup.clickJobButton(cancelled, 'job-cancel');
      await popup.waitForJob(cancelled, 'cancelled', 60_000);
      await waitFor(
        'a chunk of the sending job confirmed by TikTok',
        async () => {
          const job = await popup.job(sending);
          return job?.status === 'uploading' && (job.progress ?? 0) > 0;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      const statuses = (await popup.jobs()).map((job) => job.status);
      expect(statuses).toEqual(['uploading', 'cancelled', 'in_drafts', 'failed']);
      const shot = await picture(popup.page, 'popup');
      expect(shot.width).toBe(420);
      expect(shot.bytes).toBeLessThan(MAX_BYTES);
      await popup.clickJobButton(sending, 'job-cancel');

      // The chooser, as the menu opens it on a page with several videos (its window is 480 wide).
      const chooser = await ext.browser.newPage();
      await chooser.setViewport({ width: 480, height: 560 });
      const candidates = [
        { url: `${SITE_URL}/streams/blob/clip.mp4`, kind: 'video', title: 'Harbour at dawn' },
        { url: videoUrl('behind-the-scenes', 3_000_000), kind: 'source' },
        { url: videoUrl('trailer', 5_000_000), kind: 'og' },
      ];
      await chooser.goto(
        `chrome-extension://${ext.extensionId}/chooser.html?candidates=${encodeURIComponent(JSON.stringify(candidates))}`,
      );
      await chooser.waitForSelector('[data-testid="candidate"]');
      // The held host's playable preview shows a frame before the picture is taken.
      await chooser
        .waitForFunction(() => [...document.querySelectorAll('video')].some((v) => v.readyState >= 2), {
          timeout: 15_000,
        })
        .catch(() => undefined);
      const rows = await chooser.$$eval('[data-testid="candidate"]', (els) => els.length);
      expect(rows).toBe(3);
      const chooserShot = await picture(chooser, 'chooser');
      expect(chooserShot.width).toBe(480);
      expect(chooserShot.bytes).toBeLessThan(MAX_BYTES);

      const options = await ext.openPage('options.html');
      await options.setViewport({ width: 800, height: 900 });
      await options.waitForSelector('[data-testid="verified-prefixes"]');
      const optionsShot = await picture(options, 'options');
      expect(optionsShot.width).toBe(800);
      expect(optionsShot.bytes).toBeLessThan(MAX_BYTES);
    });
  });
});
