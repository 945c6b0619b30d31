// The test world itself: the build installs under its pinned id, its pages open, the emulator,
// the broker and the video site answer. When this fails, no other e2e result means anything.
import { describe, expect, it } from 'vitest';
import { mp4Sha256, sha256Hex } from '../fixtures/video-bytes';
import { emulator } from './harness/emulator';
import { BROKER_URL, EXTENSION_ID } from './harness/env';
import { withExtension } from './harness/launch';
import { pageUrl, pathOf, site, videoUrl } from './harness/site';

describe('e2e harness', () => {
  it('installs the extension with its pinned id and opens its pages and worker', async () => {
    await withExtension({}, async (ext) => {
      expect(ext.extensionId).toBe(EXTENSION_ID);
      const worker = await ext.worker();
      expect(worker.url()).toContain(`chrome-extension://${EXTENSION_ID}/`);
      for (const file of ['popup.html', 'options.html']) {
        const page = await ext.openPage(file);
        expect(await page.$eval('#app', (el) => el.childElementCount)).toBeGreaterThan(0);
        await page.close();
      }
    });
  });

  it('runs the emulator, the broker and the video site', async () => {
    await emulator.reset();
    expect(await emulator.uploads()).toEqual([]);
    expect((await fetch(`${BROKER_URL}/health`)).ok).toBe(true);

    await site.reset();
    const url = videoUrl('harness', 100_000);
    const response = await fetch(url, { headers: { cookie: 'a=b' } });
    expect(response.headers.get('content-length')).toBe('100000');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(sha256Hex(bytes)).toBe(mp4Sha256('harness-100000', 100_000));
    expect((await fetch(pageUrl('video', [url]))).headers.get('content-type')).toContain('text/html');
    const log = await site.log();
    expect(log.map((r) => [r.path, r.cookie])).toEqual([
      [pathOf(url), true],
      [pathOf(pageUrl('video', [url])), false],
    ]);
  });
});
