// The offscreen document: runs stream captures for the background (one per job), and the
// pre-flight and remux of stored sources (preflight.ts), so the heavy media library (mediabunny)
// lives only in this bundle. It holds nothing the job store does not also
// know except the capture in progress: the background asks `offscreen/status` after a worker
// restart to attach to it, or starts over.
import { browser } from 'wxt/browser';
import { toOffscreenSchema, type CaptureResult, type CaptureState } from '@/utils/capture/protocol';
import { captureDash } from './dash';
import { createFrameLink, type FrameTarget, type LinkRuntime } from './frame-link';
import { preflightPiped, preflightStored, remuxStored } from './preflight';
import { captureHls } from './remux';
import { loadPageMessages } from '@/utils/page-messages';

// Chrome gives this document no `browser.i18n`: its words come from the locale file, read once;
// every piece of work waits for them, so its errors are in the browser's language.
const wordsReady = loadPageMessages(navigator.languages, async (path) => {
  const response = await fetch(browser.runtime.getURL(path as '/'));
  return response.ok ? ((await response.json()) as unknown) : undefined;
});

const linkRuntime: LinkRuntime = {
  onConnect: browser.runtime.onConnect,
  async requestLink(portName) {
    return (await browser.runtime.sendMessage({
      type: 'capture/link',
      jobId: portName.split(':')[1],
      portName,
    })) as {
      ok: boolean;
      error?: string;
    };
  },
};

const runningCaptures = new Map<string, AbortController>();
const finished = new Map<string, CaptureResult>();
const PROGRESS_EVERY_MS = 400;

async function report(message: unknown, attempts = 5): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    try {
      await browser.runtime.sendMessage(message);
      return;
    } catch {
      // The worker may be restarting: try again shortly.
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function start(
  jobId: string,
  mode: 'hls' | 'dash',
  manifestUrl: string,
  fileName: string,
  frame: FrameTarget,
): void {
  const controller = new AbortController();
  const link = createFrameLink(frame, jobId, linkRuntime);
  runningCaptures.set(jobId, controller);
  finished.delete(jobId);
  let last = 0;
  const onProgress = (done: number, total: number) => {
    const now = Date.now();
    if (done < total && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    void report({ type: 'capture/progress', jobId, done, total }, 1);
  };
  const request = { jobId, link, manifestUrl, fileName, signal: controller.signal, onProgress };
  const work: Promise<CaptureResult> = wordsReady.then(() =>
    mode === 'hls' ? captureHls(request) : captureDash(request),
  );
  void work.then(async (result) => {
    link.close();
    runningCaptures.delete(jobId);
    if (controller.signal.aborted) return;
    finished.set(jobId, result);
    await report({ type: 'capture/finished', jobId, result });
  });
}

/** Reports a local file's conversion to the background, at most every PROGRESS_EVERY_MS. */
function remuxProgress(jobId: string): (share: number) => void {
  let last = 0;
  return (share) => {
    const now = Date.now();
    if (share < 1 && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    void report({ type: 'capture/remux-progress', jobId, share: Math.min(1, Math.max(0, share)) }, 1);
  };
}

browser.runtime.onMessage.addListener((raw, sender) => {
  // Requests from the popup to the background arrive here too: not ours, no answer.
  if (sender.id !== browser.runtime.id) return undefined;
  const parsed = toOffscreenSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  switch (message.type) {
    case 'offscreen/start':
      if (!runningCaptures.has(message.jobId))
        start(message.jobId, message.mode, message.manifestUrl, message.fileName, {
          tabId: message.tabId,
          frameId: message.frameId,
        });
      return Promise.resolve({ started: true });
    case 'offscreen/status': {
      const result = finished.get(message.jobId);
      const state: CaptureState = runningCaptures.has(message.jobId)
        ? { state: 'running' }
        : result
          ? { state: 'finished', result }
          : { state: 'idle' };
      return Promise.resolve(state);
    }
    case 'offscreen/preflight':
      return wordsReady.then(() => preflightStored(message.jobId, message.opfsFile));
    case 'offscreen/preflight-piped':
      return wordsReady.then(() => preflightPiped(message.jobId, message.size));
    case 'offscreen/remux':
      return wordsReady.then(() =>
        remuxStored(message.jobId, message.fileName, message.opfsFile, remuxProgress(message.jobId)),
      );
    case 'offscreen/cancel':
      runningCaptures.get(message.jobId)?.abort();
      runningCaptures.delete(message.jobId);
      return Promise.resolve({ cancelled: true });
  }
});
