// Hostile and broken sources (issue 4): each becomes a job that ends `failed` with its reason, no
// request reaches a blocked target, and a good job afterwards still succeeds.
import { beforeEach, describe, expect, it } from 'vitest';
import { privateLocalAddresses } from '../fixtures/local-addresses';
import { emulator } from './harness/emulator';
import { SITE_PORT, SITE_URL } from './harness/env';
import { withExtension } from './harness/launch';
import { clickMenu } from './harness/menu';
import { pageUrl, site, videoSha256, videoUrl } from './harness/site';
import { completeUpload, signedIn } from './harness/transfer';
import { resetWorld } from './harness/world';

describe('bad sources', () => {
  beforeEach(() => resetWorld());

  const privateHosts = privateLocalAddresses().map(({ address, family }) =>
    family === 'IPv6' ? `[${address}]` : address,
  );

  it('each ends failed with a message, no request reaches a blocked target, and a good job still succeeds', async () => {
    // Private, link-local and mapped forms; 167772161 and 012.0.0.1 are 10.0.0.1 spelled otherwise.
    const blockedHosts = [
      '10.0.0.1',
      '167772161',
      '012.0.0.1',
      '192.168.0.1',
      '169.254.169.254',
      '[fd00::1]',
      '[::ffff:10.0.0.1]',
      ...privateHosts,
    ];
    const blocked = blockedHosts.map((host, i) => `http://${host}:${SITE_PORT}/videos/blocked-${i}-1000.mp4`);
    // A loopback page that redirects to a private target: the redirect must not be followed.
    const redirects = privateHosts.map(
      (host, i) =>
        `${SITE_URL}/redirect?to=${encodeURIComponent(`http://${host}:${SITE_PORT}/videos/blocked-redirect-${i}-1000.mp4`)}`,
    );
    const sources = [
      'file:///etc/hostname',
      'data:video/mp4;base64,AAAAGGZ0eXBpc29tAAACAGlzb21tcDQy',
      'javascript:alert(1)',
      'chrome://settings/',
      pageUrl('plain'),
      videoUrl('empty', 0),
      // Declares more than TikTok's 4,000,000,000 B: refused on its Content-Length.
      videoUrl('huge', 4_000_000_001),
      ...blocked,
      ...redirects,
    ];
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      for (const source of sources) {
        const id = await popup.sendUrl(source);
        const job = await popup.waitForJob(id, 'failed', 60_000);
        expect(job.error, `a reason for ${source}`).toBeTruthy();
      }
      await popup.screenshot('resilience-bad-sources');

      const reached = (await site.log()).filter((r) => r.path.startsWith('/videos/blocked-'));
      expect(reached, `requests that reached a blocked target: ${JSON.stringify(reached)}`).toEqual([]);
      const uploads = await emulator.uploads();
      expect(uploads, JSON.stringify({ uploads, log: await emulator.log() }, null, 1)).toEqual([]);

      const good = await popup.sendUrl(videoUrl('after-bad', 1_000_000));
      await popup.waitForJob(good, 'in_drafts', 120_000);
      await completeUpload(videoSha256('after-bad', 1_000_000));
    });
  });

  it('a source shorter than its declared length ends failed, nothing is uploaded', async () => {
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      const id = await popup.sendUrl(`${videoUrl('truncated', 2_000_000)}?truncate=1000000`);
      const job = await popup.waitForJob(id, 'failed', 120_000);
      expect(job.error).toBeTruthy();
      expect((await emulator.log()).filter((r) => r.endpoint === 'upload')).toEqual([]);
    });
  });

  it('a blob: video from the context menu becomes a failed job, not a silent no-op', async () => {
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      const tab = await ext.browser.newPage();
      await tab.goto(pageUrl('plain'));
      const before = await popup.jobIds();
      await clickMenu(await ext.worker(), tab, {
        context: 'video',
        srcUrl: `blob:${new URL(tab.url()).origin}/0b5c6f8e-1111-4222-8333-944455556666`,
      });
      await popup.page.bringToFront();
      const id = await popup.waitForNewJob(before);
      const job = await popup.waitForJob(id, 'failed', 60_000);
      expect(job.error).toBeTruthy();
    });
  });
});
