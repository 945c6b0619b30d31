// Sign-in through the popup: OAuth on the emulator, code exchange through the broker, the account
// shown; disconnect revokes; a job made while signed out waits and then resumes.
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { withExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { videoSha256, videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld, sleep } from './harness/world';
import { OptionsPage } from './harness/options';
import { BROKER_URL } from './harness/env';

// A name only the emulator knows, so the popup can only show it after a real sign-in.
const CREATOR = { openId: 'e2e-open-id-signin', displayName: 'Ada Signin E2E' };

describe('sign-in', () => {
  beforeEach(() => resetWorld({ user: CREATOR }));

  it('connect shows the account; disconnect revokes and offers connect again', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.waitForTestId('connect');
      expect(await popup.account()).toBeNull();

      expect(await popup.connect()).toContain(CREATOR.displayName);
      const log = await emulator.log();
      expect(log.filter((r) => r.endpoint === 'authorize').length).toBeGreaterThan(0);
      expect(log.some((r) => r.endpoint === 'token' && r.status === 200)).toBe(true);
      await popup.screenshot('signin-connected');

      // Still signed in when the popup opens again.
      await popup.close();
      const again = await Popup.open(ext);
      await again.waitForTestId('account');
      expect(await again.account()).toContain(CREATOR.displayName);

      await again.disconnect();
      expect(await again.account()).toBeNull();
      await waitFor('a successful revoke at the emulator', async () =>
        (await emulator.log()).some((r) => r.endpoint === 'revoke' && r.status === 200),
      );
    });
  });

  it('the broker URL set in the options overrides the build: a dead one fails sign-in, the real one works', async () => {
    await withExtension({}, async (ext) => {
      const options = await OptionsPage.open(ext);
      await options.save({ brokerUrl: 'http://127.0.0.1:9/' });
      const popup = await Popup.open(ext);
      await popup.page.locator('[data-testid="connect"]').click();
      // TikTok approves at once, but the code never reaches it: the exchange goes to the dead broker.
      await waitFor('the authorize request', async () =>
        (await emulator.log()).some((r) => r.endpoint === 'authorize'),
      );
      await sleep(3000);
      expect(await popup.account()).toBeNull();
      expect((await emulator.log()).filter((r) => r.endpoint === 'token')).toEqual([]);
      await popup.close();

      await options.page.bringToFront();
      await options.save({ brokerUrl: BROKER_URL });
      const again = await Popup.open(ext);
      expect(await again.connect()).toContain(CREATOR.displayName);
    });
  });

  it('a job created while signed out waits in needs_auth and resumes after connect', async () => {
    const url = videoUrl('signed-out', 1_200_000);
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.waitForTestId('connect');
      const id = await popup.sendUrl(url);

      const waiting = await popup.waitForJob(id, 'needs_auth', 30_000);
      expect(waiting.error, 'a waiting job says what it waits for').toBeTruthy();
      expect((await emulator.log()).filter((r) => r.endpoint === 'init')).toHaveLength(0);
      await popup.screenshot('signin-needs-auth');

      await popup.connect();
      const done = await popup.waitForJob(id, 'in_drafts', 120_000);
      expect(done.progress).toBe(1);
      const uploads = await emulator.uploads();
      expect(uploads).toHaveLength(1);
      expect(uploads[0].sha256).toBe(videoSha256('signed-out', 1_200_000));
    });
  });
});
