// Firefox has no offscreen documents: its event page runs the media document in a hidden iframe
// (background/offscreen-host.ts). The same checks as in Chromium, in Debian's firefox-esr: a video
// TikTok would refuse is refused before any init, and an MKV arrives as a progressive MP4 (ffprobe
// on what the emulator stored). Stream capture does not work in Firefox yet: a right-click on an
// hls.js player's `blob:` video made no job at all in this harness (README, "Firefox").
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preflightMedia, type PreflightMedia } from '../../fixtures/preflight-media';
import { emulator } from '../harness/emulator';
import { TMP_DIR } from '../harness/env';
import { inspectMedia, inspectUpload } from '../harness/media';
import { Popup } from '../harness/popup';
import { resetWorld } from '../harness/world';
import { buildFirefox, FIREFOX_REDIRECT, withFirefox } from './harness';

const CREATOR = { openId: 'e2e-open-id-firefox-media', displayName: 'Firefox Media E2E' };
let media: (name: PreflightMedia) => string;

describe('Firefox: pre-flight and remux in the event page', () => {
  beforeAll(async () => {
    media = await preflightMedia(TMP_DIR);
    await buildFirefox();
  }, 300_000);
  beforeEach(() => resetWorld({ user: CREATOR, redirectUris: [FIREFOX_REDIRECT] }));

  it('refuses what TikTok would refuse before any init, and sends an MKV as an MP4', async () => {
    const refused: [PreflightMedia, string, RegExp][] = [
      ['240p.mp4', 'unsupported_resolution', /426×240.*between 360 and 4096 pixels/],
      ['15fps.mp4', 'unsupported_frame_rate', /15 frames a second; TikTok needs 23 to 60/],
    ];
    await withFirefox(async (ext) => {
      const popup = await Popup.fromPage(await ext.openPage('popup.html'));
      await popup.connect(60_000);
      const ids: string[] = [];
      for (const [name] of refused) ids.push(await popup.chooseFile(media(name)));
      const mkv = await popup.chooseFile(media('clip.mkv'));
      for (const [i, [, code, message]] of refused.entries()) {
        const job = await popup.waitForJob(ids[i], 'failed', 120_000);
        expect(job.errorCode, job.error ?? undefined).toBe(code);
        expect(job.error).toMatch(message);
      }
      await popup.waitForJob(mkv, 'in_drafts', 180_000);
    });
    const log = await emulator.log();
    expect(log.filter((r) => r.endpoint === 'init')).toHaveLength(1);
    const [upload] = await emulator.uploads();
    const source = await inspectMedia(media('clip.mkv'));
    const report = await inspectUpload(upload.publishId);
    expect(report).toMatchObject({
      container: 'progressive-mp4',
      width: source.width,
      height: source.height,
      videoStreams: 1,
      audioStreams: 1,
      decodeErrors: '',
    });
    expect(Math.abs(report.duration - source.duration)).toBeLessThan(0.2);
  });
});
