// The extension in Firefox (issue 11): Debian's firefox-esr, the Firefox MV3 build (event page,
// gecko id, no Chrome key), the same emulator, broker and video site as the Chromium files.
// Sign-in through launchWebAuthFlow (Firefox's own redirect URL, then the broker's callback), a
// file chosen in the popup and a video sent from the page's menu, both to in_drafts with the
// right bytes at the emulator.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeMp4File } from '../../fixtures/video-bytes';
import { emulator, waitForUpload } from '../harness/emulator';
import { BROKER_URL } from '../harness/env';
import { OptionsPage } from '../harness/options';
import { Popup } from '../harness/popup';
import { pageUrl, videoSha256, videoUrl } from '../harness/site';
import { resetWorld, tmpFile } from '../harness/world';
import { buildFirefox, FIREFOX_REDIRECT, withFirefox } from './harness';

const CREATOR = { openId: 'e2e-open-id-firefox', displayName: 'Firefox Creator E2E' };
const FILE_SIZE = 6_500_000; // over 5 MiB: two chunks
const MENU_SIZE = 1_300_000;

describe('Firefox', () => {
  beforeAll(() => buildFirefox(), 180_000);

  describe('with Firefox’s own redirect URL registered', () => {
    beforeEach(() => resetWorld({ user: CREATOR, redirectUris: [FIREFOX_REDIRECT] }));

    it('signs in, sends a popup file and a menu video to in_drafts', async () => {
      const file = await tmpFile('firefox-popup.mp4');
      const fileSha = await writeMp4File(file, 'firefox-popup', FILE_SIZE);
      const menuVideo = videoUrl('firefox-menu', MENU_SIZE);

      await withFirefox(async (ext) => {
        const popup = await Popup.fromPage(await ext.openPage('popup.html'));
        expect(await popup.connect(60_000)).toContain(CREATOR.displayName);

        const fileJob = await popup.chooseFile(file);

        const tab = await ext.browser.newPage();
        await tab.goto(pageUrl('video', [menuVideo]), { waitUntil: 'load' });
        const shownUrl = await tab.evaluate(() => location.href);
        await ext.clickMenu(shownUrl, { context: 'video', srcUrl: menuVideo });

        const menuJob = await waitForNewJob(popup, fileJob);
        const [fileDone, menuDone] = await Promise.all([
          popup.waitForJob(fileJob, 'in_drafts', 180_000),
          popup.waitForJob(menuJob, 'in_drafts', 180_000),
        ]);
        expect(fileDone.progress).toBe(1);
        expect(menuDone.progress).toBe(1);
        await popup.screenshot('firefox-in-drafts');

        const uploads = await emulator.uploads();
        expect(uploads.map((u) => u.sha256).sort()).toEqual(
          [fileSha, videoSha256('firefox-menu', MENU_SIZE)].sort(),
        );
        expect(uploads.every((u) => u.openId === CREATOR.openId && u.status === 'SEND_TO_USER_INBOX')).toBe(
          true,
        );
      });
    });

    it('a job survives the background being stopped mid-PUT: resumed from where TikTok stands, uploaded once', async () => {
      const size = 12_000_000;
      const file = await tmpFile('firefox-restart.mp4');
      const sha = await writeMp4File(file, 'firefox-restart', size);
      // The PUT's bytes are stored, its answer held: the background is stopped while it waits.
      await emulator.addFaults({ endpoint: 'upload', nth: 1, action: { type: 'hold', ms: 60_000 } });

      await withFirefox(async (ext) => {
        const popup = await Popup.fromPage(await ext.openPage('popup.html'));
        await popup.connect(60_000);
        const id = await popup.chooseFile(file);
        await waitForUpload((u) => u.receivedBytes === size, 'the held PUT’s bytes at the emulator');

        await ext.restartBackground();
        const again = await Popup.fromPage(await ext.openPage('popup.html'));
        const done = await again.waitForJob(id, 'in_drafts', 180_000);
        expect(done.progress).toBe(1);

        const log = await emulator.log();
        // The held PUT was cut by the restart (no answer sent), and nothing started over.
        expect(log.some((r) => r.endpoint === 'upload' && r.status === 0)).toBe(true);
        expect(log.filter((r) => r.endpoint === 'init')).toHaveLength(1);
        const uploads = await emulator.uploads();
        expect(uploads).toHaveLength(1);
        expect(uploads[0].sha256).toBe(sha);
      });
    });
  });

  describe('with only the broker’s callback registered', () => {
    beforeEach(() => resetWorld({ user: CREATOR, redirectUris: [`${BROKER_URL}/oauth/callback`] }));

    it('signs in through the broker, which sends the answer on to Firefox’s redirect URL', async () => {
      await withFirefox(async (ext) => {
        const options = await OptionsPage.fromPage(await ext.openPage('options.html'));
        await options.save({ oauthRedirect: 'broker' });
        expect(await options.redirectUri()).toBe(`${BROKER_URL}/oauth/callback`);

        const popup = await Popup.fromPage(await ext.openPage('popup.html'));
        expect(await popup.connect(60_000)).toContain(CREATOR.displayName);
        const log = await emulator.log();
        expect(log.filter((r) => r.endpoint === 'authorize').map((r) => r.status)).toEqual([302]);
        expect(log.filter((r) => r.endpoint === 'token').map((r) => r.status)).toEqual([200]);
      });
    });
  });
});

/** The id of the job that is not `known`, once the popup lists it. */
async function waitForNewJob(popup: Popup, known: string): Promise<string> {
  const { waitFor } = await import('../harness/wait');
  return waitFor('the menu job in the popup', async () =>
    [...(await popup.jobIds())].find((id) => id !== known),
  );
}
