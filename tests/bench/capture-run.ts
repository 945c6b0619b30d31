// The stream-capture half (part `capture`): a 20 s and a ~9.5-minute HLS stream of the same bitrate,
// each played by hls.js in a page of the e2e video site and sent by a right-click, as a user would.
// Side by side they show whether the capture's memory grows with the video's length (it must not:
// segments are remuxed into an OPFS file as they arrive) and that its disk use is the output's size.
// The streams are encoded once by ffmpeg and cached outside the bench's scratch directory.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'puppeteer-core';
import { startVideoSite } from '../fixtures/video-site';
import { launchWithExtension } from '../e2e/harness/launch';
import { clickMenu } from '../e2e/harness/menu';
import { Popup } from '../e2e/harness/popup';
import { waitFor } from '../e2e/harness/wait';
import { emulatorControl } from './emulator-control';
import type { ExtensionRunOptions } from './extension-run';
import { median, RssSampler } from './process-memory';
import { CaptureProbe, formatProbe } from './capture-probe';

/** BENCH_CAPTURE_PROBE=1: also sample blob storage and the renderers' heaps (capture-probe.ts). */
const PROBE = process.env.BENCH_CAPTURE_PROBE === '1';

const run = promisify(execFile);

/** Stream lengths, in seconds: short, and as long as TikTok's 10-minute limit allows with margin. */
/** Three lengths, so the bench shows whether memory levels off or keeps growing with the stream. */
export const CAPTURE_LENGTHS: readonly number[] = (process.env.BENCH_CAPTURE_LENGTHS ?? '20,150,570')
  .split(',')
  .map(Number)
  .filter((n) => Number.isFinite(n) && n >= 5);
/** 5 s TS segments: a keyframe every 125 frames at 25 fps, so every segment starts with one. */
const FPS = 25;
const SEGMENT_SECONDS = 5;

export interface CaptureRun {
  lengthSeconds: number;
  segments: number;
  /** The right-click → the job in `in_drafts`. */
  seconds: number;
  outputBytes: number;
  /** The emulator's copy as ffprobe reads it. */
  outputDurationSeconds: number;
  /** The highest summed RSS of the browser's processes during the capture and upload, minus idle. */
  peakRssBytes: number;
  /** The highest navigator.storage.estimate().usage during the job, minus idle. */
  peakStorageBytes: number;
  /** Peak RSS per Chromium process role (extension = service worker + offscreen document), minus idle. */
  peakRssByRoleBytes: Record<string, number>;
  /**
   * What the capture itself adds: the peak summed RSS during the job minus the level just before
   * the click, with the page already loaded and its player paused (so neither the page's own
   * renderer nor its player's buffering counts as the capture's).
   */
  peakRssFromClickBytes: number;
  /** The same per process role. */
  peakRssFromClickByRoleBytes: Record<string, number>;
  /**
   * The same while the job is `acquiring` only (the capture proper, before the upload reads the
   * file back), so the two phases' memory can be told apart.
   */
  peakRssAcquiringFromClickBytes: number;
}

export interface CaptureRuns {
  idleRssBytes: number;
  idleRssByRoleBytes: Record<string, number>;
  idleStorageBytes: number;
  runs: CaptureRun[];
}

export type CaptureRunOptions = Omit<ExtensionRunOptions, 'file' | 'sha256' | 'size' | 'runs'> & {
  sitePort: number;
  /** Where the encoded streams are kept between bench runs. */
  cacheDir: string;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `<cacheDir>/s<length>/master.m3u8` (+ index.m3u8, seg*.ts), encoded once; the master names the codecs. */
async function ensureStream(cacheDir: string, seconds: number): Promise<string> {
  const dir = path.join(cacheDir, `s${seconds}`);
  if (existsSync(path.join(dir, 'master.m3u8'))) return dir;
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  await run(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${FPS}:duration=${seconds}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'main', '-level:v', '3.0'],
      ...['-pix_fmt', 'yuv420p', '-b:v', '400k', '-maxrate', '400k', '-bufsize', '800k'],
      ...['-g', String(FPS * SEGMENT_SECONDS), '-keyint_min', String(FPS * SEGMENT_SECONDS)],
      ...['-sc_threshold', '0', '-c:a', 'aac', '-b:a', '64k'],
      ...['-f', 'hls', '-hls_time', String(SEGMENT_SECONDS), '-hls_playlist_type', 'vod'],
      ...['-hls_segment_filename', path.join(partial, 'seg%d.ts'), path.join(partial, 'index.m3u8')],
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  await writeFile(
    path.join(partial, 'master.m3u8'),
    '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=520000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"\nindex.m3u8\n',
  );
  await rename(partial, dir);
  return dir;
}

async function ffprobeSeconds(url: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', url],
  ]);
  return Number(stdout.trim());
}

async function storage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

export async function captureUploads(options: CaptureRunOptions): Promise<CaptureRuns> {
  for (const seconds of CAPTURE_LENGTHS) {
    const began = Date.now();
    await ensureStream(options.cacheDir, seconds);
    options.log(`stream of ${seconds} s ready (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  }
  const site = await startVideoSite(options.sitePort, '127.0.0.1', [], { streamsDir: options.cacheDir });
  const control = emulatorControl(options.emulatorUrl);
  let ext: Awaited<ReturnType<typeof launchWithExtension>> | undefined;
  try {
    // No DevTools Network domain: it would keep every segment's body in the page's renderer
    // (launch.ts), memory a user's browser does not spend and that grows with the stream.
    ext = await launchWithExtension({
      userDataDir: options.profileDir,
      network: process.env.BENCH_CAPTURE_DEVTOOLS_NETWORK === '1',
    });
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
    const idleRssByRoleBytes = idle.peakByRole;
    const idleStorageBytes = await storage(popup.page);

    const runs: CaptureRun[] = [];
    for (const lengthSeconds of CAPTURE_LENGTHS) {
      await waitFor(
        'the storage back to idle',
        async () => (await storage(popup.page)) < idleStorageBytes + 1e6,
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      const page = await ext.browser.newPage();
      const src = `${site.url}/streams/s${lengthSeconds}/master.m3u8`;
      await page.goto(`${site.url}/pages/hls.html?${new URLSearchParams({ src })}`);
      await waitFor('the stream to play', async () => {
        const error = await page.evaluate(() => document.body?.dataset.playerError);
        if (error) throw new Error(`player error: ${error}`);
        return page.evaluate(() => document.body?.dataset.playing === '1');
      });
      const srcUrl = await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentSrc);
      // The player stops here, so the page's own growth while it plays on is not the capture's.
      await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).pause());
      await sleep(1500);
      const atClick = new RssSampler(browserPid);
      atClick.start();
      await sleep(1500);
      const atClickBytes = median(await atClick.stop());
      const atClickByRole = atClick.peakByRole;
      const probe = PROBE ? await CaptureProbe.open(ext.browser, page) : undefined;
      if (probe) options.log(`probe at the click: ${formatProbe(await probe.sample())}`);
      probe?.start();
      const known = new Set((await control.uploads()).map((u) => u.publishId));
      const before = await popup.jobIds();
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
      const started = Date.now();
      let seconds: number;
      let acquiringPeak = Number.NaN;
      try {
        await clickMenu(await ext.worker(), page, { context: 'video', srcUrl });
        const id = await popup.waitForNewJob(before);
        const after = ['initializing', 'uploading', 'processing', 'in_drafts', 'failed', 'cancelled'];
        await popup.waitForJob(id, after, options.timeoutMs);
        acquiringPeak = Math.max(...rss.samples);
        if (probe) options.log(`probe, peak while acquiring: ${formatProbe(probe.peak)}`);
        const job = await popup.waitForJob(id, ['in_drafts', 'failed', 'cancelled'], options.timeoutMs);
        if (job.status !== 'in_drafts')
          throw new Error(`the ${lengthSeconds} s capture ended ${JSON.stringify(job)}`);
        seconds = (Date.now() - started) / 1000;
      } finally {
        sampling = false;
        await sampler;
        await rss.stop();
        if (probe) {
          await probe.stop();
          options.log(`probe at the end: ${formatProbe(probe.last)}`);
        }
      }
      const upload = (await control.uploads()).find((u) => !known.has(u.publishId));
      if (!upload) throw new Error(`the ${lengthSeconds} s capture reached in_drafts without an upload`);
      const result: CaptureRun = {
        lengthSeconds,
        segments: Math.ceil(lengthSeconds / SEGMENT_SECONDS),
        seconds,
        outputBytes: upload.videoSize ?? upload.receivedBytes,
        outputDurationSeconds: upload.contentUrl
          ? await ffprobeSeconds(new URL(upload.contentUrl, options.emulatorUrl).href).catch(() => NaN)
          : NaN,
        peakRssBytes: Math.max(...rss.samples) - idleRssBytes,
        peakStorageBytes: peakStorageBytes - idleStorageBytes,
        peakRssByRoleBytes: Object.fromEntries(
          Object.entries(rss.peakByRole).map(([role, b]) => [role, b - (idleRssByRoleBytes[role] ?? 0)]),
        ),
        peakRssFromClickBytes: Math.max(...rss.samples) - atClickBytes,
        peakRssFromClickByRoleBytes: Object.fromEntries(
          Object.entries(rss.peakByRole).map(([role, b]) => [role, b - (atClickByRole[role] ?? 0)]),
        ),
        peakRssAcquiringFromClickBytes: acquiringPeak - atClickBytes,
      };
      options.log(
        `${lengthSeconds} s stream: in drafts after ${seconds.toFixed(1)} s, ${(result.outputBytes / 1e6).toFixed(1)} MB ` +
          `(${result.outputDurationSeconds} s), RSS +${(result.peakRssBytes / 1e6).toFixed(1)} MB, ` +
          `storage +${(result.peakStorageBytes / 1e6).toFixed(1)} MB; RSS by process: ` +
          Object.entries(result.peakRssByRoleBytes)
            .map(([role, b]) => `${role} ${b >= 0 ? '+' : ''}${(b / 1e6).toFixed(0)}`)
            .join(', ') +
          `; from the click (player paused): RSS +${(result.peakRssFromClickBytes / 1e6).toFixed(1)} MB, ` +
          `+${(result.peakRssAcquiringFromClickBytes / 1e6).toFixed(1)} MB while acquiring (` +
          Object.entries(result.peakRssFromClickByRoleBytes)
            .map(([role, b]) => `${role} ${b >= 0 ? '+' : ''}${(b / 1e6).toFixed(0)}`)
            .join(', ') +
          ')',
      );
      runs.push(result);
      await page.close();
    }
    return { idleRssBytes, idleRssByRoleBytes, idleStorageBytes, runs };
  } finally {
    await ext?.close();
    options.onBrowser(undefined);
    await site.close();
  }
}
