// Issue 7: a player in a cross-origin iframe. activeTab covers the page's origin only, so the
// capture waits in needs_permission, names the frame's origin and offers "Allow access" (a grant
// needs a user gesture, which headless Chromium cannot give: the resume after the grant is unit-tested
// in utils/capture/__tests__/frame-access.test.ts and runs through runner.ts wake()). The page is on
// 127.0.0.1 (covered by the loopback build's host permissions); its player frame is the same site on
// this machine's private address, which no permission covers.
import { beforeAll, describe, expect, it } from 'vitest';
import { privateLocalAddresses } from '../fixtures/local-addresses';
import { SITE_PORT } from './harness/env';
import { withExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { streamPageUrl, streams } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

const alias = privateLocalAddresses()[0];

describe('capture in a cross-origin frame (issue 7)', () => {
  beforeAll(() => resetWorld());

  it.skipIf(!alias)('waits for access to the frame’s origin, naming it, and offers the grant', async () => {
    const host = alias.family === 'IPv6' ? `[${alias.address}]` : alias.address;
    const frameOrigin = `http://${host}:${SITE_PORT}`;
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const url = new URL(streamPageUrl('hls', streams.hlsTs.path, { frame: true }));
      url.searchParams.set('origin', frameOrigin);
      const page = await ext.browser.newPage();
      await page.goto(url.href, { waitUntil: 'domcontentloaded' });
      const frame = await waitFor('the cross-origin player frame', async () =>
        page.frames().find((f) => f.url().startsWith(`${frameOrigin}/pages/hls.html`)),
      );
      await waitFor('the framed stream to play', () =>
        frame.evaluate(() => document.body?.dataset.playing === '1'),
      );
      const srcUrl = await frame.evaluate(
        () => (document.getElementById('v') as HTMLVideoElement).currentSrc,
      );
      const before = await popup.jobIds();
      // As Chrome fills the click inside a sub-frame: its frameId and frameUrl. The id is not
      // observable without the webNavigation permission; nothing uses it before access is granted.
      const worker = await ext.worker();
      const error = await worker.evaluate(
        async (info: Record<string, unknown>, pageUrl: string) => {
          const tab = (await chrome.tabs.query({})).find((t) => t.url === pageUrl);
          if (!tab) return `no tab shows ${pageUrl}`;
          (chrome.contextMenus.onClicked as unknown as { dispatch(i: unknown, t: unknown): void }).dispatch(
            { ...info, pageUrl },
            tab,
          );
          return null;
        },
        {
          menuItemId: 'send-to-tiktok',
          editable: false,
          frameId: 1,
          frameUrl: frame.url(),
          mediaType: 'video',
          srcUrl,
        },
        page.url(),
      );
      expect(error).toBeNull();
      await popup.page.bringToFront();
      const id = await popup.waitForNewJob(before);
      const job = await popup.waitForJob(id, 'needs_permission', 20_000);
      expect(job.errorCode).toBe('needs_permission');
      expect(job.error).toContain(frameOrigin);
      expect(job.error).toMatch(/Allow access/);
      const grant = await popup.page.$(`[data-job-id="${id}"] [data-testid="job-grant"]`);
      expect(grant, 'the popup offers the grant for the frame’s origin').not.toBeNull();
      // Still waiting a moment later: nothing ran on its behalf (the player's own fetches go on).
      await new Promise((r) => setTimeout(r, 1500));
      expect((await popup.job(id))?.status).toBe('needs_permission');
    });
  });
});
