// The context menu on a <video>, on a link and on a page with exactly one video each make a draft
// with the served bytes, and no source download carries the site's cookies.
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { saveScreenshot } from './harness/artifacts';
import { withExtension, type LaunchedExtension } from './harness/launch';
import { clickMenu, type MenuTarget } from './harness/menu';
import { Popup } from './harness/popup';
import { fromBrowser, pageUrl, pathOf, site, videoSha256, videoUrl, type PageKind } from './harness/site';
import { resetWorld } from './harness/world';

const SIZE = 1_500_000;

interface MenuCase {
  name: string;
  page: (video: string) => { kind: PageKind; srcs: string[] };
  target: (video: string) => MenuTarget;
}

/** Opens the page in a tab that holds a session cookie, clicks the menu and waits for the draft. */
async function sendFromMenu(ext: LaunchedExtension, popup: Popup, menuCase: MenuCase): Promise<void> {
  const name = `menu-${menuCase.name}`;
  const video = videoUrl(name, SIZE);
  const { kind, srcs } = menuCase.page(video);
  await ext.browser.setCookie({ name: 'session', value: 'e2e-secret', domain: '127.0.0.1', path: '/' });
  const tab = await ext.browser.newPage();
  await tab.goto(pageUrl(kind, srcs), { waitUntil: 'load' });

  const before = await popup.jobIds();
  await clickMenu(await ext.worker(), tab, menuCase.target(video));
  // Back to the popup's tab: a background tab renders lazily and cannot be screenshotted.
  await popup.page.bringToFront();
  const id = await popup.waitForNewJob(before);
  const job = await popup.waitForJob(id, 'in_drafts', 120_000);
  expect(job.progress).toBe(1);

  const uploads = await emulator.uploads();
  expect(uploads.map((u) => u.sha256)).toContain(videoSha256(name, SIZE));

  const log = await site.log();
  // The cookie was really there: the tab's own navigation carried it.
  expect(log.find((r) => r.path === pathOf(tab.url()))?.cookie).toBe(true);
  const downloads = log.filter((r) => r.path === pathOf(video));
  expect(downloads.filter(fromBrowser).length, 'the extension downloaded the video').toBeGreaterThan(0);
  expect(
    downloads.filter((r) => r.cookie),
    'no Cookie header on a source download',
  ).toEqual([]);
  expect(
    log.filter((r) => r.authorization),
    'no Authorization header to the video site',
  ).toEqual([]);
}

const CASES: MenuCase[] = [
  {
    name: 'video',
    page: (video) => ({ kind: 'video', srcs: [video] }),
    target: (video) => ({ context: 'video', srcUrl: video }),
  },
  {
    name: 'link',
    page: (video) => ({ kind: 'link', srcs: [video] }),
    target: (video) => ({ context: 'link', linkUrl: video }),
  },
  {
    // The only candidate is in og:video: the extension has to read the page to find it.
    name: 'page-og',
    page: (video) => ({ kind: 'og', srcs: [video] }),
    target: () => ({ context: 'page' }),
  },
  {
    name: 'page-jsonld',
    page: (video) => ({ kind: 'jsonld', srcs: [video] }),
    target: () => ({ context: 'page' }),
  },
];

describe('context menu', () => {
  beforeEach(() => resetWorld());

  it.each(CASES)('on a $name makes a draft of the served bytes, without cookies', async (menuCase) => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      await sendFromMenu(ext, popup, menuCase);
      await popup.screenshot(`context-menu-${menuCase.name}`);
    });
  });

  // The chooser's data-testids (candidate, candidate-checkbox, send-candidates) are the chooser
  // window's own, not yet in issue 3's list.
  it('on a page with several videos lets the user choose, and sends only the chosen one', async () => {
    const videos = ['several-a', 'several-b', 'several-c'].map((name) => ({
      name,
      url: videoUrl(name, SIZE),
    }));
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const tab = await ext.browser.newPage();
      await tab.goto(
        pageUrl(
          'several',
          videos.map((v) => v.url),
        ),
        { waitUntil: 'load' },
      );
      const before = await popup.jobIds();
      await clickMenu(await ext.worker(), tab, { context: 'page' });

      const chooserTarget = await ext.browser.waitForTarget(
        (t) => t.url().startsWith(`chrome-extension://${ext.extensionId}/chooser.html`),
        { timeout: 15_000 },
      );
      const chooser = (await chooserTarget.page())!;
      await chooser.waitForSelector('[data-testid="candidate"]');
      const listed = await chooser.$$eval('[data-testid="candidate"]', (els) =>
        els.map((e) => e.getAttribute('data-url')),
      );
      expect([...listed].sort()).toEqual(videos.map((v) => v.url).sort());
      expect(await popup.jobIds(), 'no job before the user chose').toEqual(before);

      const chosen = videos[1];
      await chooser
        .locator(`[data-testid="candidate"][data-url="${chosen.url}"] [data-testid="candidate-checkbox"]`)
        .click();
      await saveScreenshot(chooser, 'context-menu-chooser');
      await chooser.locator('[data-testid="send-candidates"]').click();

      await popup.page.bringToFront();
      const id = await popup.waitForNewJob(before);
      await popup.waitForJob(id, 'in_drafts', 120_000);
      expect((await popup.jobs()).filter((j) => !before.has(j.id))).toHaveLength(1);
      const uploads = await emulator.uploads();
      expect(uploads.map((u) => u.sha256)).toEqual([videoSha256(chosen.name, SIZE)]);
    });
  });
});
