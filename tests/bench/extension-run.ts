// The extension's half: the real build in headless Chromium, signed in through its popup, sending
// a local file chosen in the popup's file input, while the browser's memory is sampled.
import type { ChildProcess } from 'node:child_process';
import type { ElementHandle } from 'puppeteer-core';
import { EXTENSION_DIR } from '../e2e/harness/env';
import { launchWithExtension } from '../e2e/harness/launch';
import { Popup } from '../e2e/harness/popup';
import { waitFor } from '../e2e/harness/wait';
import { emulatorControl, type EmulatorUpload } from './emulator-control';
import { median, RssSampler } from './process-memory';

export interface ExtensionRunOptions {
  emulatorUrl: string;
  file: string;
  size: number;
  sha256: string;
  runs: number;
  /** The bench build; the harness must have been pointed at it (use-bench-build.ts). */
  extensionDir: string;
  /** A fresh profile directory, removed by the caller. */
  profileDir: string;
  /** Told the browser's process once launched (undefined once closed), so a signal can end it. */
  onBrowser: (browser: ChildProcess | undefined) => void;
  timeoutMs: number;
  log: (message: string) => void;
}

export interface ExtensionRun {
  /** The job's creation (its createdAt) → the emulator's 201. */
  seconds: number;
  /** The init answer → the 201: the PUT phase alone, the span curl's figure covers. */
  transferSeconds: number;
  /** The file handed to the popup → the 201: includes keeping the file in IndexedDB. */
  chooseToUploadedSeconds: number;
  /** Highest summed RSS of the browser's processes from choosing the file to the 201. */
  peakRssBytes: number;
  rssSamples: number;
  putStatuses: number[];
  /** When each PUT was answered, in ms after the init answer (the emulator's log). */
  putAnsweredMs: number[];
}

export interface ExtensionRuns {
  /** Summed RSS of the browser's processes, signed in and idle, before the first file. */
  idleRssBytes: number;
  runs: ExtensionRun[];
}

export type Control = ReturnType<typeof emulatorControl>;

/** A job that shows no progress for this long has stalled; the bench says so rather than wait on. */
const STALL_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The job record's creation time, from the extension's own IndexedDB (utils/db.ts: `jobs` by id). */
export function jobCreatedAt(popup: Popup, jobId: string): Promise<number> {
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

/**
 * Waits until the emulator holds every byte of a new upload (one not in `known`). Fails at once if
 * the job ends, and after STALL_MS without progress, naming what the popup and the emulator showed.
 */
export async function waitForAllBytes(
  popup: Popup,
  jobId: string,
  size: number,
  known: Set<string>,
  control: Control,
  timeoutMs: number,
): Promise<EmulatorUpload> {
  const deadline = Date.now() + timeoutMs;
  let lastChange = Date.now();
  let last = '';
  for (;;) {
    const job = await popup.job(jobId);
    const upload = (await control.uploads()).find(
      (u) => u.source === 'FILE_UPLOAD' && !known.has(u.publishId),
    );
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

/** Chooses the file once more and measures that one job until the draft is in the inbox. */
async function sendOnce(
  popup: Popup,
  browserPid: number,
  options: ExtensionRunOptions,
  control: Control,
  timeLeft: () => number,
): Promise<ExtensionRun> {
  const known = new Set((await control.uploads()).map((u) => u.publishId));
  const sampler = new RssSampler(browserPid);
  sampler.start();
  let jobId: string;
  let upload: EmulatorUpload;
  const chosenAt = Date.now();
  try {
    const before = await popup.jobIds();
    const input = await popup.page.waitForSelector('input[data-testid="file-input"]', { timeout: 15_000 });
    await (input as ElementHandle<HTMLInputElement>).uploadFile(options.file);
    // The popup keeps the file in IndexedDB before the job exists: allow for a big file.
    jobId = await popup.waitForNewJob(before, timeLeft());
    upload = await waitForAllBytes(popup, jobId, options.size, known, control, timeLeft()).catch(
      async (error: unknown) => {
        // What reached the emulator tells a failure at sign-in, init or upload apart.
        const seen = (await control.log()).map((r) => `${r.method} ${r.endpoint} ${r.status}`).join(', ');
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}; the emulator saw: ${seen}`,
        );
      },
    );
  } finally {
    await sampler.stop();
  }

  const requests = (await control.log()).filter((r) => r.publishId === upload.publishId);
  const init = requests.find((r) => r.endpoint === 'init' && r.status === 200);
  const puts = requests.filter((r) => r.endpoint === 'upload');
  const done = puts.find((r) => r.status === 201);
  if (!init || !done)
    throw new Error(`the emulator's log lacks the init or the 201: ${JSON.stringify(requests)}`);
  const createdAt = await jobCreatedAt(popup, jobId);

  const sha256 = await waitFor(
    'the SHA-256 of the received bytes',
    async () => (await control.upload(upload.publishId)).sha256,
    { timeoutMs: 30_000 },
  );
  if (sha256 !== options.sha256)
    throw new Error(`the emulator's SHA-256 ${sha256} is not the file's ${options.sha256}`);
  // Not timed: the product must also finish the job, or its speed means nothing.
  await popup.waitForJob(jobId, 'in_drafts', Math.min(timeLeft(), 120_000));
  return {
    seconds: (done.time - createdAt) / 1000,
    transferSeconds: (done.time - init.time) / 1000,
    chooseToUploadedSeconds: (done.time - chosenAt) / 1000,
    peakRssBytes: Math.max(...sampler.samples),
    rssSamples: sampler.samples.length,
    putStatuses: puts.map((r) => r.status),
    putAnsweredMs: puts.map((r) => r.time - init.time),
  };
}

export async function extensionUploads(options: ExtensionRunOptions): Promise<ExtensionRuns> {
  if (EXTENSION_DIR !== options.extensionDir) {
    // The e2e build would sign in to and upload into the e2e world's emulator, not ours.
    throw new Error(
      `the harness would install ${EXTENSION_DIR}, not the bench build ${options.extensionDir}`,
    );
  }
  const control = emulatorControl(options.emulatorUrl);
  const deadline = Date.now() + options.timeoutMs;
  const timeLeft = (): number => Math.max(1000, deadline - Date.now());
  const ext = await launchWithExtension({ userDataDir: options.profileDir });
  options.onBrowser(ext.browser.process() ?? undefined);
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
    const idleRssBytes = median(await idle.stop());

    const runs: ExtensionRun[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const result = await sendOnce(popup, browserPid, options, control, timeLeft);
      options.log(
        `run ${run}: ${result.putStatuses.length} PUTs, job created → 201 in ${result.seconds.toFixed(2)} s, ` +
          `peak RSS +${((result.peakRssBytes - idleRssBytes) / 1e6).toFixed(1)} MB`,
      );
      runs.push(result);
    }
    return { idleRssBytes, runs };
  } catch (error) {
    const shot = await popup?.screenshot('bench-failure').catch(() => undefined);
    if (shot) options.log(`the popup at the failure: ${shot}`);
    throw error;
  } finally {
    await ext.close();
    options.onBrowser(undefined);
  }
}
