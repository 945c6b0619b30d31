// Acting on the extension's service worker the way a test needs, without racing DevTools.
import type { LaunchedExtension } from './launch';
import { waitFor } from './wait';
import { sleep } from './world';

/**
 * Stops the running service worker, as Chrome does when it kills an idle or stuck one.
 * Puppeteer's `close()` sends Target.closeTarget, then detaches; Chrome sometimes drops the
 * session as the target closes, so the detach answers "No session with given id" although the
 * kill happened. A worker that was already gone is looked up again until the deadline.
 */
export async function killWorker(ext: LaunchedExtension, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const worker = await ext.worker(Math.max(1000, deadline - Date.now()));
    try {
      await worker.close();
      return;
    } catch (error) {
      const message = String(error);
      if (/No session with given id/i.test(message)) return;
      if (!/No target with given id|Target closed|Session closed/i.test(message) || Date.now() > deadline)
        throw error;
      await sleep(100);
    }
  }
}

/**
 * Takes the worker's network down (or back up) and waits until the worker itself sees it in
 * `navigator.onLine`. The conditions go on the worker's own DevTools session, and are applied
 * again if Chrome replaced the worker meanwhile (a new worker starts online).
 */
export async function setWorkerOffline(ext: LaunchedExtension, offline: boolean): Promise<void> {
  await waitFor(
    `navigator.onLine ${String(!offline)} in the worker`,
    async () => {
      const worker = await ext.worker();
      await worker.client.send('Network.enable');
      await worker.client.send('Network.emulateNetworkConditions', {
        offline,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      return (await worker.evaluate(() => navigator.onLine)) === !offline;
    },
    { timeoutMs: 15_000, intervalMs: 250 },
  );
}
