// The job's own buttons: Cancel stops a transfer for good; Retry takes a failed job to the drafts
// under the same id (issue 3: data-job-id is stable across Retry).
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { withExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { videoSha256, videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld, sleep } from './harness/world';

const TWO_CHUNKS = 21_000_000;
const HOLD_MS = 4000;

describe('job controls', () => {
  beforeEach(() => resetWorld());

  it('cancel during an upload ends the job cancelled and nothing more is sent', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      await emulator.addFaults({ endpoint: 'upload', nth: 1, action: { type: 'hold', ms: HOLD_MS } });
      const id = await popup.sendUrl(videoUrl('cancelled', TWO_CHUNKS));
      await waitFor(
        'the first chunk stored',
        async () => (await emulator.uploads()).some((u) => u.chunksAccepted === 1),
        {
          timeoutMs: 60_000,
          intervalMs: 100,
        },
      );
      expect((await popup.job(id))?.canCancel).toBe(true);
      await popup.clickJobButton(id, 'job-cancel');
      const job = await popup.waitForJob(id, 'cancelled', 30_000);
      expect(job.canCancel).toBe(false);

      // The held answer arrives after the cancel; the second chunk must never follow it.
      await sleep(HOLD_MS + 2000);
      const uploads = await emulator.uploads();
      expect(uploads).toHaveLength(1);
      expect(uploads[0].chunksAccepted).toBe(1);
      expect((await emulator.log()).filter((r) => r.endpoint === 'upload')).toHaveLength(1);
      expect((await popup.job(id))?.status).toBe('cancelled');
      await popup.screenshot('job-controls-cancelled');
    });
  });

  it('retry takes a failed job to the drafts under the same id', async () => {
    const name = 'retried';
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      // A 4xx TikTok does not invite retrying: the job fails with the reason, and waits for the user.
      await emulator.addFaults({
        endpoint: 'init',
        action: {
          type: 'status',
          status: 400,
          body: { data: {}, error: { code: 'invalid_param', message: 'refused by the test', log_id: 'e2e' } },
        },
      });
      const id = await popup.sendUrl(videoUrl(name, 300_000));
      const failed = await popup.waitForJob(id, 'failed', 60_000);
      expect(failed.error).toBeTruthy();
      expect(failed.canRetry).toBe(true);
      expect(failed.canCancel).toBe(false);

      await popup.clickJobButton(id, 'job-retry');
      const done = await popup.waitForJob(id, 'in_drafts', 90_000);
      expect(done.canRetry).toBe(false);
      expect((await popup.jobs()).map((j) => j.id)).toEqual([id]);
      const uploads = await emulator.uploads();
      expect(uploads.map((u) => u.sha256)).toEqual([videoSha256(name, 300_000)]);
    });
  });
});
