// Issue 7, refusals: a DRM-flagged stream (HLS SAMPLE-AES with a FairPlay KEYFORMAT, DASH with
// ContentProtection), a live stream (HLS without EXT-X-ENDLIST, a dynamic MPD) and a programme
// over 10 minutes each end `failed` with their reason, and nothing reaches TikTok (no init) and
// the refusal is decided from the element or the playlists.
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { withExtension, type LaunchedExtension } from './harness/launch';
import { clickMenu } from './harness/menu';
import { Popup } from './harness/popup';
import { streamPageUrl, streams, type StreamPageKind } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

/**
 * Opens the player page and waits until its `<video>` has a `blob:` src and the player loaded the
 * manifest (a DRM stream may never play here: no CDM; the player's error is fine).
 */
async function openPlayer(ext: LaunchedExtension, kind: StreamPageKind, fixture: string): Promise<Page> {
  const page = await ext.browser.newPage();
  await page.goto(streamPageUrl(kind, fixture), { waitUntil: 'domcontentloaded' });
  await waitFor(
    `${kind} ${fixture} to attach its stream`,
    () =>
      page.evaluate(() => {
        const video = document.getElementById('v') as HTMLVideoElement | null;
        const loaded = performance
          .getEntriesByType('resource')
          .some((e) => /\.(m3u8|mpd)(\?|$)/.test(e.name));
        const settled = document.body?.dataset.playing === '1' || !!document.body?.dataset.playerError;
        return !!video?.currentSrc.startsWith('blob:') && loaded && (settled || video.readyState > 0);
      }),
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  return page;
}

const CASES: { name: string; kind: StreamPageKind; fixture: () => string; code: string }[] = [
  { name: 'HLS with DRM keys', kind: 'hls', fixture: () => streams.hlsDrm.path, code: 'drm_protected' },
  {
    name: 'DASH with ContentProtection',
    kind: 'dash',
    fixture: () => streams.dashDrm.path,
    code: 'drm_protected',
  },
  { name: 'live HLS', kind: 'hls', fixture: () => streams.hlsLive.path, code: 'live_stream' },
  { name: 'live DASH', kind: 'dash', fixture: () => streams.dashLive.path, code: 'live_stream' },
  { name: 'HLS over 10 minutes', kind: 'hls', fixture: () => streams.hlsLong.path, code: 'too_long' },
];

describe('capture refusals (issue 7)', () => {
  beforeAll(() => resetWorld());

  it('refuses DRM, live and over-long streams with their reason, and sends nothing to TikTok', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      for (const c of CASES) {
        const page = await openPlayer(ext, c.kind, c.fixture());
        const srcUrl = await page.evaluate(
          () => (document.getElementById('v') as HTMLVideoElement).currentSrc,
        );
        const before = await popup.jobIds();
        await clickMenu(await ext.worker(), page, { context: 'video', srcUrl });
        await popup.page.bringToFront();
        const id = await popup.waitForNewJob(before);
        const job = await popup.waitForJob(id, 'failed', 60_000);
        expect(job.errorCode, `${c.name}: ${job.error}`).toBe(c.code);
        // The reason is in words, with what to do.
        expect(job.error?.length ?? 0, c.name).toBeGreaterThan(40);
        // Trying again cannot change a refusal: no Retry, only Remove.
        expect(job.canRetry, `${c.name}: Retry offered`).toBe(false);
        await page.close();
      }
      await popup.screenshot('capture-refusals');
    });
    const inits = (await emulator.log()).filter((r) => r.endpoint === 'init' || r.endpoint === 'upload');
    expect(inits, 'no init reached TikTok').toEqual([]);
  });
});
