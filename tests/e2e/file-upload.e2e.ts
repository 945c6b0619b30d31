// A local file chosen in the popup arrives whole at TikTok in seed 003's five chunks.
import { beforeEach, describe, expect, it } from 'vitest';
import { writeMp4File } from '../fixtures/video-bytes';
import { emulator } from './harness/emulator';
import { withExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld, sleep, tmpFile } from './harness/world';

// Seed 003's example: 50,000,123 B → 4 × 10,000,000 B + 10,000,123 B.
const SIZE = 50_000_123;

describe('file upload from the popup', () => {
  beforeEach(() => resetWorld());

  it('a 50,000,123-byte file arrives whole in 5 chunks and the job is in_drafts', async () => {
    const file = await tmpFile('seed-003-example.mp4');
    const sha256 = await writeMp4File(file, 'file-upload', SIZE);

    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const id = await popup.chooseFile(file);

      const job = await popup.waitForJob(id, 'in_drafts', 180_000);
      expect(job.route).toBe('FILE_UPLOAD');
      expect(job.progress).toBe(1);
      expect(job.error).toBeNull();
      await popup.screenshot('file-upload-in-drafts');
      // The notification that the draft arrived carries the job's id (issue 3, item 7).
      const notified = await waitFor('a notification for the job', async () => {
        const all = await (await ext.worker()).evaluate(() => chrome.notifications.getAll());
        return Object.keys(all).includes(id) && all;
      });
      expect(Object.keys(notified)).toContain(id);

      const uploads = await emulator.uploads();
      expect(uploads).toHaveLength(1);
      const [upload] = uploads;
      expect(upload).toMatchObject({
        source: 'FILE_UPLOAD',
        videoSize: SIZE,
        totalChunkCount: 5,
        puts: 5,
        chunksAccepted: 5,
        receivedBytes: SIZE,
        status: 'SEND_TO_USER_INBOX',
      });
      expect(upload.sha256).toBe(sha256);

      const puts = (await emulator.log()).filter((r) => r.endpoint === 'upload');
      expect(puts.map((r) => r.status)).toEqual([206, 206, 206, 206, 201]);
      expect(puts.every((r) => !r.cookie)).toBe(true);
    });
  });

  it('data-progress while uploading is the share of bytes TikTok confirmed', async () => {
    const size = 21_000_000; // 10,000,000 + 11,000,000
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      // The second chunk's answer is held: meanwhile TikTok has confirmed exactly the first chunk.
      await emulator.addFaults({ endpoint: 'upload', nth: 2, action: { type: 'hold', ms: 6000 } });
      const id = await popup.sendUrl(videoUrl('progress', size));
      const uploading = await waitFor(
        'the job uploading with the first chunk confirmed',
        async () => {
          const job = await popup.job(id);
          return job?.status === 'uploading' && (job.progress ?? 0) > 0 && job;
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      expect(uploading.route).toBe('FILE_UPLOAD');
      expect(uploading.progress).toBeCloseTo(10_000_000 / size, 3);
      await sleep(1000); // let the bar's transition settle before the picture
      await popup.screenshot('file-upload-progress');
      const done = await popup.waitForJob(id, 'in_drafts', 90_000);
      expect(done.progress).toBe(1);
    });
  });
});
