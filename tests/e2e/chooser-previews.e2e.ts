// The chooser's previews (issue 9, security): a preview is a request from the extension, so it
// goes only to a host the extension already reaches. Here the loopback build holds 127.0.0.1;
// a public host it was never granted and private addresses get the URL alone, and no request.
import { beforeEach, describe, expect, it } from 'vitest';
import { privateLocalAddresses } from '../fixtures/local-addresses';
import { saveScreenshot } from './harness/artifacts';
import { SITE_PORT } from './harness/env';
import { withExtension } from './harness/launch';
import { pathOf, site, videoUrl } from './harness/site';
import { resetWorld } from './harness/world';

describe('chooser previews', () => {
  beforeEach(() => resetWorld());

  it('previews only hosts the extension holds, never ungranted or private ones', async () => {
    const allowed = videoUrl('preview-ok', 300_000);
    const ungranted = 'https://videos.preview-test.example/clip.mp4';
    const privateUrls = ['10.0.0.1', ...privateLocalAddresses().map((a) => a.address)]
      .filter((address) => !address.includes(':'))
      .map((address) => `http://${address}:${SITE_PORT}/videos/preview-private-300000.mp4`);
    const candidates = [allowed, ungranted, ...privateUrls].map((url) => ({ url, kind: 'video' }));

    await withExtension({}, async (ext) => {
      const chooser = await ext.browser.newPage();
      const requested: string[] = [];
      chooser.on('request', (request) => requested.push(request.url()));
      const origin = `chrome-extension://${ext.extensionId}/`;
      await chooser.goto(
        `${origin}chooser.html?candidates=${encodeURIComponent(JSON.stringify(candidates))}`,
      );

      // The held host's preview is tried: the site saw its request. (The test bytes are not a
      // playable video, so the row may then fall back to the placeholder: data-preview="failed".)
      await expect
        .poll(async () => (await site.log()).some((r) => r.path.startsWith(pathOf(allowed))), {
          timeout: 10_000,
        })
        .toBe(true);
      await saveScreenshot(chooser, 'chooser-previews');

      const previews = await chooser.$$eval('[data-testid="candidate"]', (rows) =>
        rows.map((row) => [row.getAttribute('data-url'), row.getAttribute('data-preview') !== 'none']),
      );
      expect(previews).toEqual([
        [allowed, true],
        [ungranted, false],
        ...privateUrls.map((url) => [url, false]),
      ]);
      // No request left the page for any candidate but the held one.
      const foreign = requested.filter((url) => !url.startsWith(origin) && !url.startsWith(allowed));
      expect(foreign).toEqual([]);
      expect((await site.log()).filter((r) => r.path.includes('preview-private'))).toEqual([]);
    });
  });
});
