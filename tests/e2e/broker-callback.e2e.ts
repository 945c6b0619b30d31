// Sign-in through the broker's callback (issue 11): the TikTok app (the emulator) registers only
// `<broker>/oauth/callback`. The extension's own redirect URL is refused there; with the options
// page's "token broker's callback" the authorize answer goes to the broker, which redirects to
// https://<id>.chromiumapp.org/, where launchWebAuthFlow completes; the code exchange then names
// the same redirect URI (the emulator checks it).
import { beforeEach, describe, expect, it } from 'vitest';
import { saveScreenshot } from './harness/artifacts';
import { emulator } from './harness/emulator';
import { BROKER_URL } from './harness/env';
import { withExtension } from './harness/launch';
import { OptionsPage } from './harness/options';
import { Popup } from './harness/popup';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

const CREATOR = { openId: 'e2e-open-id-broker-callback', displayName: 'Grace Callback E2E' };
const CALLBACK = `${BROKER_URL}/oauth/callback`;

describe('sign-in through the broker callback', () => {
  beforeEach(() => resetWorld({ user: CREATOR, redirectUris: [CALLBACK] }));

  it('the direct redirect is refused where only the broker callback is registered; the broker callback signs in', async () => {
    await withExtension({}, async (ext) => {
      // Direct (the e2e build's default): TikTok refuses the unregistered redirect URI on its page.
      const popup = await Popup.open(ext);
      await popup.page.locator('[data-testid="connect"]').click();
      await waitFor('the refused authorize request', async () =>
        (await emulator.log()).some((r) => r.endpoint === 'authorize' && r.status === 400),
      );
      // Chrome ends the flow when the authorize page answers with an error status; the popup says so.
      expect(await popupError(popup)).toMatch(/Sign-in did not finish/);
      await popup.waitForTestId('connect');
      expect(await popup.account()).toBeNull();
      expect((await emulator.log()).filter((r) => r.endpoint === 'token')).toEqual([]);
      await popup.close();

      const options = await OptionsPage.open(ext);
      await options.save({ oauthRedirect: 'broker' });
      expect(await options.redirectUri()).toBe(CALLBACK);
      await saveScreenshot(options.page, 'broker-callback-options');
      await options.close();

      const again = await Popup.open(ext);
      expect(await again.connect()).toContain(CREATOR.displayName);
      const log = await emulator.log();
      expect(log.some((r) => r.endpoint === 'authorize' && r.status === 302)).toBe(true);
      // The emulator only issues tokens when redirect_uri equals the one the code was issued for.
      expect(log.filter((r) => r.endpoint === 'token').map((r) => r.status)).toEqual([200]);
    });
  });

  it('a denied sign-in comes back through the broker and says so', async () => {
    await emulator.configure({ authMode: 'deny' });
    await withExtension({}, async (ext) => {
      const options = await OptionsPage.open(ext);
      await options.save({ oauthRedirect: 'broker' });
      await options.close();
      const popup = await Popup.open(ext);
      await popup.page.locator('[data-testid="connect"]').click();
      const message = await popupError(popup);
      expect(message).toMatch(/did not grant access/);
      expect(await popup.account()).toBeNull();
      expect((await emulator.log()).filter((r) => r.endpoint === 'token')).toEqual([]);
    });
  });
});

/** The popup's error banner text, once there is one. */
function popupError(popup: Popup): Promise<string> {
  return waitFor('the popup’s sign-in error', async () =>
    popup.page
      .$eval('[data-testid="popup-error"]', (el) => el.textContent ?? '')
      .then((text) => text || undefined)
      .catch(() => undefined),
  );
}
