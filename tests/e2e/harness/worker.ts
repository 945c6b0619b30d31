// Acting on the extension's service worker the way a test needs, without racing DevTools.
import type { LaunchedExtension } from './launch';
import { waitFor } from './wait';

/**
 * Stops the running service worker, as Chrome does when it kills an idle or stuck one.
 *
 * It is closed by its target id from the browser's own DevTools session, never by attaching to
 * it. Attaching raced with the worker's restart: puppeteer auto-attaches to every new worker
 * paused (`waitForDebuggerOnStart`) and resumes it, except a target it believes is being attached
 * by hand (`Connection.isAutoAttached`) — so a worker that started again while the harness was
 * attaching to kill it stayed paused for ever, and its jobs with it (CI saw a job sit in
 * `acquiring` for 150 s; the browser listed the worker as a target with no running context).
 * Waits until a worker runs, so every kill hits a living one.
 */
export async function killWorker(ext: LaunchedExtension, timeoutMs = 15_000): Promise<void> {
  const origin = `chrome-extension://${ext.extensionId}/`;
  const session = await ext.browser.target().createCDPSession();
  try {
    await waitFor(
      'a running service worker to stop',
      async () => {
        const { targetInfos } = await session.send('Target.getTargets');
        const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(origin));
        if (!worker) return false;
        const closed = await session
          .send('Target.closeTarget', { targetId: worker.targetId })
          .catch(() => ({ success: false }));
        // A session a test opened (to evaluate in the worker) keeps a busy worker running.
        await ext.releaseWorker(worker.targetId);
        return closed.success;
      },
      { timeoutMs, intervalMs: 100 },
    );
  } finally {
    await session.detach().catch(() => undefined);
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
