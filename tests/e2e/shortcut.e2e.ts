// The keyboard shortcut (issue 12): the manifest's `send-main-video` command sends the main video
// of the current tab without the mouse — the one playing, else the largest — through the same
// decisions as the context menu (a plain address is fetched; a `blob:` player is captured).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { withExtension, type LaunchedExtension } from './harness/launch';
import { pressShortcut } from './harness/menu';
import { Popup } from './harness/popup';
import { pageUrl, streamPageUrl, streams, videoSha256, videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

const SIZE = 1_200_000;

/** A page with two <video>s: the first drawn large, the second small. */
async function openTwoVideos(ext: LaunchedExtension, large: string, small: string): Promise<Page> {
  const page = await ext.browser.newPage();
  await page.goto(pageUrl('several', [videoUrl(large, SIZE), videoUrl(small, SIZE)]), {
    waitUntil: 'domcontentloaded',
  });
  await page.evaluate(() => {
    const [big, little] = Array.from(document.querySelectorAll('video'));
    big.style.width = '640px';
    big.style.height = '360px';
    little.style.width = '160px';
    little.style.height = '90px';
  });
  return page;
}

describe('keyboard shortcut', () => {
  beforeEach(() => resetWorld());

  it('registers the command, suggesting Alt+Shift+T, changeable in the browser’s shortcut settings', async () => {
    await withExtension({}, async (ext) => {
      // Read from an extension page (it has the same chrome.commands as the worker, and is ready
      // once it has rendered, where a worker just started may not have its APIs yet).
      const popup = await Popup.open(ext);
      const commands = await popup.page.evaluate(() => chrome.commands.getAll());
      expect(commands).toContainEqual(
        expect.objectContaining({
          name: 'send-main-video',
          description: 'Send the main video of this page to TikTok drafts',
        }),
      );
      // Chrome binds the suggested key at install when it is free; this headless profile installed
      // through CDP leaves it unbound (shortcut ""), so the suggestion is read from the manifest.
      const manifest = await popup.page.evaluate(() => chrome.runtime.getManifest());
      expect(manifest.commands?.['send-main-video']?.suggested_key).toEqual({ default: 'Alt+Shift+T' });
    });
  });

  it('sends the video that plays, not the larger one that does not', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const page = await openTwoVideos(ext, 'shortcut-large', 'shortcut-playing');
      await page.evaluate(async () => {
        const little = document.querySelectorAll('video')[1];
        little.muted = true;
        little.loop = true;
        little.preload = 'auto';
        await little.play();
      });
      await waitFor('the small video to play', () =>
        page.evaluate(() => {
          const v = document.querySelectorAll('video')[1];
          return !v.paused && v.readyState > 2;
        }),
      );
      const before = await popup.jobIds();
      await pressShortcut(await ext.worker(), page);
      await popup.page.bringToFront();
      const id = await popup.waitForNewJob(before);
      await popup.waitForJob(id, 'in_drafts', 120_000);
      const uploads = await emulator.uploads();
      expect(uploads.map((u) => u.sha256)).toEqual([videoSha256('shortcut-playing', SIZE)]);
    });
  });

  it('with nothing playing, sends the largest video', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const page = await openTwoVideos(ext, 'shortcut-largest', 'shortcut-smaller');
      const before = await popup.jobIds();
      await pressShortcut(await ext.worker(), page);
      await popup.page.bringToFront();
      const id = await popup.waitForNewJob(before);
      await popup.waitForJob(id, 'in_drafts', 120_000);
      expect((await emulator.uploads()).map((u) => u.sha256)).toEqual([
        videoSha256('shortcut-largest', SIZE),
      ]);
    });
  });

  it('captures a video that plays from a blob: URL, as a right-click would', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const page = await ext.browser.newPage();
      await page.goto(streamPageUrl('blob', streams.blob.path), { waitUntil: 'domcontentloaded' });
      await waitFor('the blob player to play', () =>
        page.evaluate(() => document.body?.dataset.playing === '1'),
      );
      const before = await popup.jobIds();
      await pressShortcut(await ext.worker(), page);
      await popup.page.bringToFront();
      const id = await popup.waitForNewJob(before);
      await popup.waitForJob(id, 'in_drafts', 120_000);
      // The draft is exactly the page's Blob: the clip the player fetched.
      const clip = await readFile(path.join(streams.dir, 'blob/clip.mp4'));
      const [upload] = await emulator.uploads();
      expect(upload.sha256).toBe(createHash('sha256').update(clip).digest('hex'));
    });
  });
});
