// Issue 4's waits that need the user or the network: a worker that goes offline mid-upload waits
// (status `offline`) instead of burning retries and goes on once back online; a file whose stored
// bytes vanished across a worker restart pauses until the user chooses it again.
import type { Page } from 'puppeteer-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeMp4File } from '../fixtures/video-bytes';
import { emulator } from './harness/emulator';
import { withExtension } from './harness/launch';
import type { Popup } from './harness/popup';
import { videoSha256, videoUrl } from './harness/site';
import { completeUpload, signedIn } from './harness/transfer';
import { waitFor } from './harness/wait';
import { killWorker, setWorkerOffline } from './harness/worker';
import { resetWorld, sleep, tmpFile } from './harness/world';

// Two chunks under the extension's plan (10,000,000 + 11,000,000); three for 31,000,000.
const TWO_CHUNKS = 21_000_000;
const THREE_CHUNKS = 31_000_000;

/** Deletes a job's stored source bytes, as the browser clearing site data would. */
async function deleteStoredBlob(page: Page, jobId: string): Promise<void> {
  await page.evaluate(
    (key) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('send-to-tiktok');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('blobs', 'readwrite');
          tx.objectStore('blobs').delete(key);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    jobId,
  );
}

async function storedBlobExists(page: Page, jobId: string): Promise<boolean> {
  return page.evaluate(
    (key) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open('send-to-tiktok');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('blobs').objectStore('blobs').count(key);
          get.onsuccess = () => {
            db.close();
            resolve(get.result > 0);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    jobId,
  );
}

async function chooseAgain(popup: Popup, jobId: string, file: string): Promise<void> {
  const input = await popup.page.waitForSelector(
    `[data-testid="job"][data-job-id="${jobId}"] input[data-testid="job-reselect"]`,
    { timeout: 15_000 },
  );
  await input!.uploadFile(file);
}

describe('waits for the network and the user', () => {
  beforeEach(() => resetWorld());

  it('offline mid-upload: the job shows offline, then finishes with exact bytes once back online', async () => {
    const name = 'offline-mid-upload';
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      // Hold the first chunk's answer so the network drops while the upload is under way.
      await emulator.addFaults({ endpoint: 'upload', nth: 1, action: { type: 'hold', ms: 3000 } });
      const id = await popup.sendUrl(videoUrl(name, TWO_CHUNKS));
      await waitFor('the first PUT', async () => (await emulator.uploads()).some((u) => u.puts > 0), {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      await setWorkerOffline(ext, true);

      const offline = await popup.waitForJob(id, 'offline', 60_000);
      expect(offline.error).toMatch(/network|offline/i);
      await popup.screenshot('waits-offline');
      // A wait, not a retry loop: still offline a while later, neither failed nor back to uploading.
      await sleep(3000);
      expect((await popup.job(id))?.status).toBe('offline');

      await setWorkerOffline(ext, false);
      await popup.waitForJob(id, 'in_drafts', 150_000);
      await completeUpload(videoSha256(name, TWO_CHUNKS));
    });
  });

  it('a file whose stored bytes are gone after a worker restart pauses until it is chosen again', async () => {
    const file = await tmpFile('waits-source-gone.mp4');
    const sha256 = await writeMp4File(file, 'waits-source-gone', THREE_CHUNKS);
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      // The emulator holds the second PUT's answer after storing its chunk: the job stays
      // mid-upload (one chunk to go) while its bytes are taken away.
      await emulator.addFaults({ endpoint: 'upload', nth: 2, action: { type: 'hold', ms: 20_000 } });
      const id = await popup.chooseFile(file);
      await waitFor(
        'the second chunk stored',
        async () => (await emulator.uploads()).some((u) => u.chunksAccepted === 2),
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      await deleteStoredBlob(popup.page, id);
      expect(await storedBlobExists(popup.page, id)).toBe(false);
      await killWorker(ext);

      const paused = await popup.waitForJob(id, 'paused', 90_000);
      expect(paused.error).toMatch(/choose the file again/i);
      expect(await popup.isVisible('job-reselect')).toBe(true);
      await popup.screenshot('waits-source-gone-paused');

      await chooseAgain(popup, id, file);
      await popup.waitForJob(id, 'in_drafts', 180_000);
      const job = await popup.job(id);
      expect(job?.error).toBeNull();
      await completeUpload(sha256);
    });
  });
});
