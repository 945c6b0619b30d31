// A chunk PUT whose answer TikTok holds for 40 s outlives the service worker's 30 s idle limit.
// The test never attaches to the worker (an attached DevTools session would keep it alive) and
// closes every extension page, so only the extension itself can keep the transfer going.
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { withExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { videoSha256, videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

const HOLD_MS = 40_000;
const SIZE = 1_000_000;

describe('a long chunk PUT', () => {
  beforeEach(() => resetWorld());

  it('completes with no extension page open and nothing attached to the worker', async () => {
    const video = videoUrl('long-put', SIZE);
    await withExtension({ targetFilter: (t) => t.type() !== 'service_worker' }, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      await emulator.addFaults({ endpoint: 'upload', action: { type: 'hold', ms: HOLD_MS } });
      const id = await popup.sendUrl(video);
      for (const page of await ext.extensionPages()) await page.close();
      expect(await ext.extensionPages()).toEqual([]);

      // The held answer reaches a living worker: the PUT is logged with its 201 once the hold ends
      // (a worker stopped mid-PUT closes the socket: logged early, without the 201), it is the
      // only PUT, and the extension then asks for the status by itself.
      const put = await waitFor(
        'the held PUT to finish',
        async () => (await emulator.log()).find((r) => r.endpoint === 'upload'),
        { timeoutMs: HOLD_MS + 30_000, intervalMs: 1000 },
      );
      expect(put.status).toBe(201);
      const upload = await emulator.upload(put.publishId!);
      expect(upload.puts).toBe(1);
      expect(upload.sha256).toBe(videoSha256('long-put', SIZE));
      await waitFor(
        'a status fetch after the PUT, with no extension page open',
        async () =>
          (await emulator.log()).some(
            (r) => r.endpoint === 'status' && r.publishId === put.publishId && r.seq > put.seq,
          ),
        { timeoutMs: 60_000, intervalMs: 1000 },
      );
      expect(await ext.extensionPages()).toEqual([]);

      const again = await Popup.open(ext);
      const job = await again.waitForJob(id, 'in_drafts', 90_000);
      expect(job.progress).toBe(1);
      await again.screenshot('long-put-in-drafts');
    });
  });
});
