// The extension's half: the real build in headless Chromium, signed in through its popup, sending
// a local file chosen in the popup's file input, while the browser's memory is sampled.
import type { ElementHandle } from 'puppeteer-core';
import { EXTENSION_DIR } from '../e2e/harness/env';
import { launchWithExtension } from '../e2e/harness/launch';
import { Popup } from '../e2e/harness/popup';
import { waitFor } from '../e2e/harness/wait';
import { emulatorControl, type EmulatorUpload } from './emulator-control';
import { median, RssSampler } from './process-memory';
import type { ExtensionFigures } from './report';

export interface ExtensionRunOptions {
  emulatorUrl: string;
  file: string;
  size: number;
  sha256: string;
  /** The bench build; the harness must have been pointed at it (use-bench-build.ts). */
  extensionDir: string;
  /** A fresh profile directory, removed by the caller. */
  profileDir: string;
  timeoutMs: number;
  log: (message: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The job record's creation time, from the extension's own IndexedDB (utils/db.ts: `jobs` by id). */
function jobCreatedAt(popup: Popup, jobId: string): Promise<number> {
  return popup.page.evaluate(
    (id: string) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('send-to-tiktok');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('jobs').objectStore('jobs').get(id);
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { createdAt: number }).createdAt);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    jobId,
  );
}

/** A job that shows no progress for this long has stalled; the bench says so rather than wait on. */
const STALL_MS = 60_000;

/**
 * Waits until the emulator holds every byte of the job's upload. Fails at once if the job ends, and
 * after STALL_MS without progress, naming what the popup and the emulator last showed.
 */
async function waitForAllBytes(
  popup: Popup,
  jobId: string,
  size: number,
  control: ReturnType<typeof emulatorControl>,
  timeoutMs: number,
): Promise<EmulatorUpload> {
  const deadline = Date.now() + timeoutMs;
  let lastChange = Date.now();
  let last = '';
  for (;;) {
    const job = await popup.job(jobId);
    const upload = (await control.uploads()).find((u) => u.source === 'FILE_UPLOAD');
    if (upload?.receivedBytes === size) return upload;
    const seen = `job ${JSON.stringify(job)}, emulator upload ${JSON.stringify(upload ?? null)}`;
    if (job && ['failed', 'cancelled', 'paused'].includes(job.status))
      throw new Error(`the job ended: ${seen}`);
    if (seen !== last) [last, lastChange] = [seen, Date.now()];
    if (Date.now() - lastChange > STALL_MS) throw new Error(`no progress for ${STALL_MS / 1000} s: ${seen}`);
    if (Date.now() > deadline) throw new Error(`not uploaded within ${timeoutMs / 1000} s: ${seen}`);
    await sleep(200);
  }
}

export async function extensionUpload(options: ExtensionRunOptions): Promise<ExtensionFigures> {
  if (EXTENSION_DIR !== options.extensionDir) {
    // The e2e build would sign in to and upload into the e2e world's emulator, not ours.
    throw new Error(
      `the harness would install ${EXTENSION_DIR}, not the bench build ${options.extensionDir}`,
    );
  }
  const control = emulatorControl(options.emulatorUrl);
  const deadline = Date.now() + options.timeoutMs;
  const left = (): number => Math.max(1000, deadline - Date.now());
  const ext = await launchWithExtension({ userDataDir: options.profileDir });
  let popup: Popup | undefined;
  try {
    const browserPid = ext.browser.process()?.pid;
    if (browserPid === undefined) throw new Error('puppeteer launched Chromium without a process id');
    popup = await Popup.open(ext);
    options.log(`signed in as ${await popup.connect()}`);

    // Idle: signed in, popup open, nothing sent. Let the sign-in's work settle first.
    await sleep(2000);
    const idle = new RssSampler(browserPid);
    idle.start();
    await sleep(2000);
    const idleRss = median(await idle.stop());

    const busy = new RssSampler(browserPid);
    busy.start();
    let upload: EmulatorUpload;
    let jobId: string;
    const chosenAt = Date.now();
    try {
      const before = await popup.jobIds();
      const input = await popup.page.waitForSelector('input[data-testid="file-input"]', { timeout: 15_000 });
      await (input as ElementHandle<HTMLInputElement>).uploadFile(options.file);
      // The popup keeps the file in IndexedDB before the job exists: allow for a big file.
      jobId = await popup.waitForNewJob(before, left());
      options.log(`job ${jobId} created; uploading`);
      upload = await waitForAllBytes(popup, jobId, options.size, control, left()).catch(
        async (error: unknown) => {
          // What reached the emulator tells a failure at sign-in, init or upload apart.
          const seen = (await control.log()).map((r) => `${r.method} ${r.endpoint} ${r.status}`).join(', ');
          throw new Error(
            `${error instanceof Error ? error.message : String(error)}; the emulator saw: ${seen}`,
          );
        },
      );
    } finally {
      await busy.stop();
    }

    const requests = (await control.log()).filter(
      (r) => r.publishId === upload.publishId || r.endpoint === 'init',
    );
    const init = requests.find((r) => r.endpoint === 'init' && r.status === 200);
    const puts = requests.filter((r) => r.endpoint === 'upload' && r.publishId === upload.publishId);
    const done = puts.find((r) => r.status === 201);
    if (!init || !done)
      throw new Error(`the emulator's log lacks the init or the 201: ${JSON.stringify(requests)}`);
    const createdAt = await jobCreatedAt(popup, jobId);

    const complete = await waitFor(
      'the SHA-256 of the received bytes',
      async () => (await control.upload(upload.publishId)).sha256,
      {
        timeoutMs: 30_000,
      },
    );
    if (complete !== options.sha256)
      throw new Error(`the emulator's SHA-256 ${complete} is not the file's ${options.sha256}`);
    await popup.waitForJob(jobId, 'in_drafts', Math.min(left(), 120_000));

    return {
      seconds: (done.time - createdAt) / 1000,
      transferSeconds: (done.time - init.time) / 1000,
      chooseToUploadedSeconds: (done.time - chosenAt) / 1000,
      idleRssBytes: idleRss,
      peakRssBytes: Math.max(...busy.samples),
      rssSamples: busy.samples.length,
      puts: puts.length,
      statuses: puts.map((r) => r.status),
    };
  } catch (error) {
    const shot = await popup?.screenshot('bench-failure').catch(() => undefined);
    if (shot) options.log(`the popup at the failure: ${shot}`);
    throw error;
  } finally {
    await ext.close();
  }
}
