// Firefox suspends an idle MV3 event page (issue 11): after `extensions.background.idle.timeout`
// without events it is unloaded, whatever it has in flight. Here the timeout is 2 s, so the
// background is suspended while TikTok holds the answer to its PUT; nothing else ends that PUT
// (the test neither reloads nor cancels, and the extension has no PUT timeout), so a job that
// reaches in_drafts before the hold ends was carried on by a new background: alarm, lease,
// resume from where TikTok stands, one upload.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeMp4File } from '../../fixtures/video-bytes';
import { emulator, waitForUpload } from '../harness/emulator';
import { Popup } from '../harness/popup';
import { waitFor } from '../harness/wait';
import { resetWorld, tmpFile } from '../harness/world';
import { buildFirefox, FIREFOX_REDIRECT, withFirefox } from './harness';

const CREATOR = { openId: 'e2e-open-id-firefox-idle', displayName: 'Firefox Idle E2E' };
const HOLD_MS = 170_000;
const IDLE_TIMEOUT_MS = 2_000;

describe('Firefox idle suspension', () => {
  beforeAll(() => buildFirefox(), 180_000);
  beforeEach(() => resetWorld({ user: CREATOR, redirectUris: [FIREFOX_REDIRECT] }));

  it('a job survives the event page being suspended mid-PUT: resumed by a new background, uploaded once', async () => {
    const size = 12_000_000;
    const file = await tmpFile('firefox-idle.mp4');
    const sha = await writeMp4File(file, 'firefox-idle', size);
    await emulator.addFaults({ endpoint: 'upload', nth: 1, action: { type: 'hold', ms: HOLD_MS } });

    await withFirefox(
      async (ext) => {
        const popup = await Popup.fromPage(await ext.openPage('popup.html'));
        await popup.connect(60_000);
        const id = await popup.chooseFile(file);
        await waitForUpload((u) => u.receivedBytes === size, 'the held PUT’s bytes at the emulator');
        const heldAt = Date.now();
        // No extension page stays open to keep the background busy: it goes idle.
        await popup.page.close();

        // Only a background that was unloaded gives up the held PUT: a new one asks TikTok where
        // the upload stands (status) before the hold could have ended.
        const before = (await emulator.log()).length;
        await waitFor(
          'a new background to take the job up again',
          async () => (await emulator.log()).slice(before).some((r) => r.endpoint === 'status'),
          { timeoutMs: HOLD_MS - 30_000, intervalMs: 1_000 },
        );
        expect(Date.now() - heldAt).toBeLessThan(HOLD_MS);

        const again = await Popup.fromPage(await ext.openPage('popup.html'));
        const done = await again.waitForJob(id, 'in_drafts', HOLD_MS - (Date.now() - heldAt) - 5_000);
        expect(done.progress).toBe(1);
        expect(Date.now() - heldAt).toBeLessThan(HOLD_MS);

        const log = await emulator.log();
        expect(log.filter((r) => r.endpoint === 'init')).toHaveLength(1);
        const uploads = await emulator.uploads();
        expect(uploads).toHaveLength(1);
        expect(uploads[0].sha256).toBe(sha);
      },
      { prefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS } },
    );
  });
});
