// The Firefox harness: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with the
// Firefox test build (.output/firefox-mv3-e2e) installed by browser.installExtension. It shares
// the e2e world (global-setup: the run lock, the emulator, the broker, the video site) and the
// page objects with the Chromium harness, and touches nothing of it.
//
// What differs from Chromium, measured here (firefox-esr 153):
// - BiDi refuses page.goto('moz-extension://…'); a loopback page may navigate there itself once
//   the test build lists the pages in web_accessible_resources (wxt.config.ts, Firefox loopback
//   builds only). Puppeteer's page.url() keeps the old address afterwards; the DOM is the new one.
// - The moz-extension:// host is a per-profile UUID: pinned with extensions.webextensions.uuids.
// - Firefox's events have no `dispatch` and BiDi cannot reach the event page: a menu click calls
//   the background's own menu listener, which test builds expose (background/test-hooks.ts), from
//   an extension page through runtime.getBackgroundPage().
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { saveScreenshot } from '../harness/artifacts';
import { BUILD_ENV, ROOT, SITE_URL, TMP_DIR } from '../harness/env';
import { clickInfo, type MenuTarget } from '../harness/menu';
import { run } from '../harness/processes';
import { waitFor } from '../harness/wait';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = path.join(ROOT, '.output/firefox-mv3-e2e');
/** browser_specific_settings.gecko.id (wxt.config.ts). */
export const GECKO_ID = 'send-to-tiktok-drafts@example.org';
/** Pinned per profile by the extensions.webextensions.uuids pref. */
export const FIREFOX_UUID = '6f1c2a4e-3b5d-4e7f-9a1b-2c3d4e5f6a7b';
export const FIREFOX_ORIGIN = `moz-extension://${FIREFOX_UUID}/`;
/** Firefox's identity.getRedirectURL(): the SHA-1 of the add-on id, as a host label. */
export const FIREFOX_REDIRECT = `https://${createHash('sha1').update(GECKO_ID).digest('hex')}.extensions.allizom.org/`;
/** The same name of the hook as background/test-hooks.ts (the tests never import the extension). */
const MENU_TEST_HOOK = '__sendToTikTokMenuClicked';

/** Builds the Firefox test build once per file (E2E_SKIP_BUILD=1 reuses the last one). */
export async function buildFirefox(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  await run('npx', ['wxt', 'build', '-b', 'firefox', '--mv3', '--mode', 'e2e'], {
    cwd: ROOT,
    env: { ...process.env, ...BUILD_ENV },
  });
}

export interface FirefoxExtension {
  browser: Browser;
  /** Opens one of the extension's pages in a new tab (through a loopback page, see above). */
  openPage(file: string): Promise<Page>;
  /** Runs the extension's menu listener for `target` on the tab showing `pageUrl`. */
  clickMenu(pageUrl: string, target: MenuTarget): Promise<void>;
  /**
   * Stops the background and starts it again (runtime.reload from an extension page): whatever
   * it had in flight is cut, its pages close; what it stored stays.
   */
  restartBackground(): Promise<void>;
}

export interface FirefoxOptions {
  /** Extra Firefox prefs for this launch (e.g. `extensions.background.idle.timeout`). */
  prefs?: Record<string, string | number | boolean>;
}

export async function withFirefox<T>(
  body: (ext: FirefoxExtension) => Promise<T>,
  options: FirefoxOptions = {},
): Promise<T> {
  const parent = path.join(TMP_DIR, 'profiles');
  await mkdir(parent, { recursive: true });
  const userDataDir = await mkdtemp(path.join(parent, 'firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      // A closed network: no update, telemetry or remote-settings traffic.
      'app.update.enabled': false,
      'extensions.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      ...options.prefs,
    },
  });
  const pages: Page[] = [];
  try {
    const id = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (id !== GECKO_ID) throw new Error(`add-on id ${id}, expected ${GECKO_ID}`);
    const openPage = async (file: string): Promise<Page> => {
      const page = await browser.newPage();
      await page.goto(`${SITE_URL}/`, { waitUntil: 'load' }).catch(() => undefined);
      // Navigates after evaluate returns, so the call does not die with the page it runs in.
      await page.evaluate(
        (url: string) => void setTimeout(() => (location.href = url), 0),
        FIREFOX_ORIGIN + file,
      );
      await waitFor(`${file} in the tab`, async () =>
        page
          .evaluate(() => location.href)
          .then((href) => href.startsWith('moz-extension://'))
          .catch(() => false),
      );
      pages.push(page);
      return page;
    };
    const ext: FirefoxExtension = {
      browser,
      openPage,
      restartBackground: async () => undefined,
      async clickMenu(pageUrl, target) {
        const helper = await openPage('options.html');
        const error = await helper.evaluate(
          async (info: unknown, pageUrl: string, hook: string) => {
            const api = (globalThis as unknown as { browser: typeof chrome }).browser;
            const tabs = await api.tabs.query({});
            const tab = tabs.find((t) => t.url === pageUrl);
            if (!tab) return `no tab shows ${pageUrl} (tabs: ${tabs.map((t) => t.url).join(', ')})`;
            const background = (await api.runtime.getBackgroundPage()) as unknown as Record<string, unknown>;
            const listener = background?.[hook];
            if (typeof listener !== 'function') return `the background has no ${hook} (not a test build?)`;
            (listener as (i: unknown, t: unknown) => void)(info, tab);
            return null;
          },
          clickInfo(pageUrl, target),
          pageUrl,
          MENU_TEST_HOOK,
        );
        await helper.close();
        if (error) throw new Error(error);
      },
    };
    ext.restartBackground = async () => {
      const page = await openPage('options.html');
      await page.evaluate(() => {
        const api = (globalThis as unknown as { browser: typeof chrome }).browser;
        setTimeout(() => api.runtime.reload(), 0);
      });
      // The reload closes the extension's tabs: done once this one is gone or shows something else.
      await waitFor('the extension to reload', async () =>
        page
          .evaluate(() => location.href)
          .then((href) => !href.startsWith('moz-extension://'))
          .catch(() => true),
      );
      await page.close().catch(() => undefined);
    };
    return await body(ext);
  } catch (error) {
    const test = (expect.getState().currentTestName ?? 'unknown').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80);
    await Promise.all(
      pages.map((p, i) => saveScreenshot(p, `failure-firefox-${test}-${i}`).catch(() => undefined)),
    );
    throw error;
  } finally {
    const child = browser.process();
    await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
