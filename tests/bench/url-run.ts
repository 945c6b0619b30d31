// The URL half: a video served at a fixed rate by the e2e video site, sent by URL. Piped (the
// server sends a Content-Length) the job should take about as long as the download alone and store
// nothing; the same source without a Content-Length takes today's download-then-upload path, the
// figure beside it. Storage is what an extension page's navigator.storage.estimate() reports.
import type { Page } from 'puppeteer-core';
import { mp4Sha256 } from '../fixtures/video-bytes';
import { startVideoSite, type SiteRequest } from '../fixtures/video-site';
import { launchWithExtension } from '../e2e/harness/launch';
import { Popup } from '../e2e/harness/popup';
import { waitFor } from '../e2e/harness/wait';
import { emulatorControl } from './emulator-control';
import { jobCreatedAt, waitForAllBytes, type ExtensionRunOptions } from './extension-run';
import { median, RssSampler } from './process-memory';

export interface UrlRun {
  /** `piped`: Content-Length sent; `whole`: none, so the file is downloaded whole first (today's path). */
  mode: 'piped' | 'whole';
  /** The job's creation → the emulator's 201. */
  seconds: number;
  /** The extension's download on the site's log: request → last byte. */
  downloadSeconds: number;
  /** The first PUT answered, in s after the download started. */
  firstPutSeconds: number;
  peakStorageBytes: number;
  peakRssBytes: number;
}

export interface UrlRuns {
  rate: number;
  /** Node fetching the same URL, nothing else: the download alone. */
  downloadAloneSeconds: number;
  idleStorageBytes: number;
  idleRssBytes: number;
  runs: UrlRun[];
}

export type UrlRunOptions = Omit<ExtensionRunOptions, 'file' | 'sha256'> & { rate: number; sitePort: number };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function siteLog(base: string): Promise<SiteRequest[]> {
  return ((await (await fetch(`${base}/_site/log`)).json()) as { requests: SiteRequest[] }).requests;
}

async function storage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

export async function urlUploads(options: UrlRunOptions): Promise<UrlRuns> {
  const site = await startVideoSite(options.sitePort);
  const control = emulatorControl(options.emulatorUrl);
  const deadline = Date.now() + options.timeoutMs;
  const timeLeft = (): number => Math.max(1000, deadline - Date.now());
  const seed = `bench-url-${options.size}`;
  const sha256 = mp4Sha256(seed, options.size);
  const base = `${site.url}/videos/${seed}.mp4?rate=${options.rate}`;
  let ext: Awaited<ReturnType<typeof launchWithExtension>> | undefined;
  try {
    const began = Date.now();
    const reader = (await fetch(base)).body!.getReader();
    while (!(await reader.read()).done);
    const downloadAloneSeconds = (Date.now() - began) / 1000;
    options.log(`the download alone: ${downloadAloneSeconds.toFixed(2)} s`);

    ext = await launchWithExtension({ userDataDir: options.profileDir });
    options.onBrowser(ext.browser.process() ?? undefined);
    const browserPid = ext.browser.process()?.pid;
    if (browserPid === undefined) throw new Error('puppeteer launched Chromium without a process id');
    const popup = await Popup.open(ext);
    options.log(`signed in as ${await popup.connect()}`);
    await sleep(2000);
    const idle = new RssSampler(browserPid);
    idle.start();
    await sleep(2000);
    const idleRssBytes = median(await idle.stop());
    const idleStorageBytes = await storage(popup.page);

    const runs: UrlRun[] = [];
    for (let run = 1; run <= options.runs; run++) {
      for (const mode of ['piped', 'whole'] as const) {
        const url = mode === 'piped' ? `${base}&run=${run}` : `${base}&run=${run}&nolength=1`;
        // A finished job's blob leaves the storage count some seconds after it is deleted: start
        // each run from idle, or the previous whole-first run shows up in this one's peak.
        await waitFor(
          'the storage back to idle',
          async () => (await storage(popup.page)) < idleStorageBytes + 1e6,
          {
            timeoutMs: 60_000,
            intervalMs: 500,
          },
        );
        const known = new Set((await control.uploads()).map((u) => u.publishId));
        const rss = new RssSampler(browserPid);
        rss.start();
        let peakStorageBytes = 0;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            peakStorageBytes = Math.max(peakStorageBytes, await storage(popup.page).catch(() => 0));
            await sleep(200);
          }
        })();
        let upload;
        let jobId: string;
        try {
          jobId = await popup.sendUrl(url);
          upload = await waitForAllBytes(popup, jobId, options.size, known, control, timeLeft());
        } finally {
          sampling = false;
          await sampler;
          await rss.stop();
        }
        const got = await waitFor(
          'the SHA-256',
          async () => (await control.upload(upload.publishId)).sha256,
          {
            timeoutMs: 30_000,
          },
        );
        if (got !== sha256) throw new Error(`the emulator's SHA-256 ${got} is not the source's ${sha256}`);
        await popup.waitForJob(jobId, 'in_drafts', Math.min(timeLeft(), 120_000));
        const requests = (await control.log()).filter((r) => r.publishId === upload.publishId);
        const puts = requests.filter((r) => r.endpoint === 'upload');
        const done = puts.find((r) => r.status === 201);
        const path = new URL(url).pathname + new URL(url).search;
        const gets = (await siteLog(site.url)).filter((r) => r.path === path);
        if (!done || !gets.length) throw new Error(`no 201 or no download in the logs for ${url}`);
        const createdAt = await jobCreatedAt(popup, jobId);
        const result: UrlRun = {
          mode,
          seconds: (done.time - createdAt) / 1000,
          downloadSeconds: ((gets.at(-1)!.endTime ?? done.time) - gets[0].time) / 1000,
          firstPutSeconds: (puts[0].time - gets[0].time) / 1000,
          peakStorageBytes: peakStorageBytes - idleStorageBytes,
          peakRssBytes: Math.max(...rss.samples) - idleRssBytes,
        };
        options.log(
          `run ${run} ${mode}: job ${result.seconds.toFixed(2)} s, its download ${result.downloadSeconds.toFixed(2)} s, ` +
            `first PUT at ${result.firstPutSeconds.toFixed(2)} s, storage +${(result.peakStorageBytes / 1e6).toFixed(1)} MB, ` +
            `RSS +${(result.peakRssBytes / 1e6).toFixed(1)} MB`,
        );
        runs.push(result);
      }
    }
    return { rate: options.rate, downloadAloneSeconds, idleStorageBytes, idleRssBytes, runs };
  } finally {
    await ext?.close();
    options.onBrowser(undefined);
    await site.close();
  }
}
