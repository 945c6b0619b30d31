// A URL under a verified prefix goes PULL_FROM_URL (TikTok fetches it; no bytes pass through the
// extension); a prefix the user listed but TikTok has not verified falls back to FILE_UPLOAD.
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { SITE_URL } from './harness/env';
import { withExtension } from './harness/launch';
import { OptionsPage } from './harness/options';
import { Popup } from './harness/popup';
import { fromBrowser, pathOf, site, videoSha256, videoUrl } from './harness/site';
import { resetWorld } from './harness/world';

const PREFIX = `${SITE_URL}/videos/`;
const SIZE = 1_500_000;

describe('PULL_FROM_URL', () => {
  beforeEach(() => resetWorld());

  it('a verified prefix makes a PULL_FROM_URL job: TikTok pulls the bytes, the extension downloads nothing', async () => {
    await emulator.configure({ verifiedPrefixes: [PREFIX] });
    const video = videoUrl('pulled', SIZE);
    await withExtension({}, async (ext) => {
      const options = await OptionsPage.open(ext);
      await options.save({ verifiedPrefixes: [PREFIX] });
      await options.close();

      const popup = await Popup.open(ext);
      await popup.connect();
      const id = await popup.sendUrl(video);
      const job = await popup.waitForJob(id, 'in_drafts', 120_000);
      expect(job.route).toBe('PULL_FROM_URL');
      expect(job.progress).toBe(1);
      await popup.screenshot('pull-from-url-in-drafts');

      const uploads = await emulator.uploads();
      expect(uploads).toHaveLength(1);
      expect(uploads[0]).toMatchObject({
        source: 'PULL_FROM_URL',
        videoUrl: video,
        status: 'SEND_TO_USER_INBOX',
      });
      expect(uploads[0].sha256).toBe(videoSha256('pulled', SIZE));
      expect((await emulator.log()).filter((r) => r.endpoint === 'upload')).toEqual([]);

      const requests = (await site.log()).filter((r) => r.path === pathOf(video));
      expect(requests.filter((r) => !fromBrowser(r)).length, "the emulator's pull").toBeGreaterThan(0);
      expect(requests.filter(fromBrowser), 'no request for the video from the browser').toEqual([]);
    });
  });

  it('a prefix TikTok has not verified gets 403 on the pull init, then reaches in_drafts by FILE_UPLOAD', async () => {
    // The emulator verifies nothing (the reset config); only the user's options list the prefix.
    const video = videoUrl('unverified', SIZE);
    await withExtension({}, async (ext) => {
      const options = await OptionsPage.open(ext);
      await options.save({ verifiedPrefixes: [PREFIX] });
      expect(await options.verifiedPrefixes()).toEqual([PREFIX]);
      await options.close();

      const popup = await Popup.open(ext);
      await popup.connect();
      const id = await popup.sendUrl(video);
      const job = await popup.waitForJob(id, 'in_drafts', 120_000);
      expect(job.route).toBe('FILE_UPLOAD');
      await popup.screenshot('pull-unverified-fallback');

      // The pull init came first and was refused (url_ownership_unverified is the emulator's only
      // 403 for an init under the pending-draft cap); the FILE_UPLOAD init followed.
      const inits = (await emulator.log()).filter((r) => r.endpoint === 'init');
      expect(inits.map((r) => r.status)).toEqual([403, 200]);
      const uploads = await emulator.uploads();
      expect(uploads).toHaveLength(1);
      expect(uploads[0]).toMatchObject({ source: 'FILE_UPLOAD', status: 'SEND_TO_USER_INBOX' });
      expect(uploads[0].sha256).toBe(videoSha256('unverified', SIZE));

      const requests = (await site.log()).filter((r) => r.path === pathOf(video));
      expect(requests.filter(fromBrowser).length, 'the extension downloaded it').toBeGreaterThan(0);
      expect(
        requests.filter((r) => !fromBrowser(r)),
        'TikTok pulled nothing',
      ).toEqual([]);
    });
  });
});
