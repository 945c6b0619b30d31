// `npm run bench`: how fast the extension sends a local file to the (emulated) drafts compared with
// curl sending the same chunks to the same emulator, and how much memory the browser needs for it.
// Figures are ratios and differences measured on this machine, never wall-clock limits in tests.
// Everything runs on 127.0.0.1; every process and scratch file it makes is gone when it exits.
import './use-bench-build';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { planChunks } from '../../utils/chunk-plan';
import { writeMp4File } from '../fixtures/video-bytes';
import { curlUploads, curlVersion } from './curl-baseline';
import { extensionUploads } from './extension-run';
import { Leftovers } from './leftovers';
import { urlUploads } from './url-run';
import { runPopupBench } from './popup-run';
import { captureUploads } from './capture-run';
import { formatTable, summarize, writeReport, type BenchResult } from './report';
import { formatBundles, measureBundles } from './bundles';
import { buildExtension, startBrokerService, startEmulatorService } from './services';
import { readSettings, type BenchSettings } from './settings';
import { acquireRunLock } from '../e2e/harness/run-lock';

const began = Date.now();
function log(message: string): void {
  console.log(`[bench ${((Date.now() - began) / 1000).toFixed(1).padStart(6)}s] ${message}`);
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function runCurl(
  settings: BenchSettings,
  file: string,
  sha256: string,
  curl: string | null,
): Promise<BenchResult['curl']> {
  if (!curl) {
    console.warn(
      'curl is not installed: skipping the baseline, so there is no ratio (apt-get install -y curl).',
    );
    return { skipped: 'curl is not installed' };
  }
  log(`curl: ${settings.runs} upload(s) of the same chunks`);
  const runs = await curlUploads({
    emulatorUrl: settings.emulatorUrl,
    file,
    size: settings.size,
    sha256,
    runs: settings.runs,
    scratchDir: settings.tmpDir,
    timeoutMs: settings.timeoutMs,
    log: (message) => log(`curl: ${message}`),
  });
  return { runs };
}

async function runExtension(
  settings: BenchSettings,
  file: string,
  sha256: string,
): Promise<BenchResult['extension']> {
  // Inside the scratch directory, so it goes with it.
  const profileDir = await mkdtemp(path.join(settings.tmpDir, 'profile-'));
  log('extension: launching Chromium');
  try {
    return await extensionUploads({
      emulatorUrl: settings.emulatorUrl,
      file,
      size: settings.size,
      sha256,
      runs: settings.runs,
      extensionDir: settings.extensionDir,
      profileDir,
      onBrowser: (browser) => leftovers?.setBrowser(browser),
      timeoutMs: settings.timeoutMs,
      log: (message) => log(`extension: ${message}`),
    });
  } catch (error) {
    console.error(`extension: ${errorText(error)}`);
    return { failed: errorText(error) };
  }
}

async function runUrl(settings: BenchSettings): Promise<BenchResult['url']> {
  const profileDir = await mkdtemp(path.join(settings.tmpDir, 'profile-url-'));
  log(`url: ${settings.urlSize} B served at ${settings.urlRate} B/s, piped and downloaded whole`);
  try {
    return await urlUploads({
      emulatorUrl: settings.emulatorUrl,
      size: settings.urlSize,
      rate: settings.urlRate,
      sitePort: settings.sitePort,
      runs: settings.runs,
      extensionDir: settings.extensionDir,
      profileDir,
      onBrowser: (browser) => leftovers?.setBrowser(browser),
      timeoutMs: settings.timeoutMs,
      log: (message) => log(`url: ${message}`),
    });
  } catch (error) {
    console.error(`url: ${errorText(error)}`);
    return { failed: errorText(error) };
  }
}

async function runCapture(settings: BenchSettings): Promise<BenchResult['capture']> {
  const profileDir = await mkdtemp(path.join(settings.tmpDir, 'profile-capture-'));
  log('capture: a 20 s and a 570 s HLS stream, each played by hls.js and right-clicked');
  try {
    return await captureUploads({
      emulatorUrl: settings.emulatorUrl,
      sitePort: settings.sitePort,
      cacheDir: settings.streamCacheDir,
      extensionDir: settings.extensionDir,
      profileDir,
      onBrowser: (browser) => leftovers?.setBrowser(browser),
      timeoutMs: settings.timeoutMs,
      log: (message) => log(`capture: ${message}`),
    });
  } catch (error) {
    console.error(`capture: ${errorText(error)}`);
    return { failed: errorText(error) };
  }
}

/** Set once the scratch directory exists; undone on every way out. */
let leftovers: Leftovers | undefined;

/**
 * The e2e runs' machine-wide lock (tests/e2e/harness/run-lock.ts: a port; this file names the
 * holder): the bench launches browsers and measures CPU, so it waits for any e2e run or other
 * bench (another worktree, another helper) instead of running beside it, and they wait for it.
 */
const RUN_LOCK = path.join(tmpdir(), 'send-to-tiktok-e2e.lock');
let releaseLock: (() => Promise<void>) | undefined;

async function main(): Promise<number> {
  const settings = readSettings();
  const takeLock = async () => {
    log(`waiting for the machine-wide run lock (${RUN_LOCK})`);
    releaseLock = await acquireRunLock(RUN_LOCK, 60 * 60_000);
    log('holding the run lock');
  };
  await rm(settings.tmpDir, { recursive: true, force: true });
  await mkdir(settings.tmpDir, { recursive: true });
  leftovers = new Leftovers(settings.tmpDir);
  // Other work on the machine moves the figures; the JSON says how busy it was.
  const loadAtStart = loadavg()[0];
  if (process.env.BENCH_ONLY === 'popup') {
    // The popup with 10, 100 and 1,000 jobs (issue 13): the build and Chromium only.
    // The build writes this checkout's own output: it need not wait for the lock.
    if (!settings.skipBuild) await buildExtension(settings);
    await takeLock();
    await runPopupBench({ ...settings, log: (message) => log(`popup: ${message}`) });
    return 0;
  }

  await takeLock();
  const file = path.join(settings.tmpDir, `video-${settings.size}.mp4`);
  log(`writing a ${settings.size}-byte MP4 to ${path.relative(process.cwd(), file)}`);
  const sha256 = await writeMp4File(file, 'bench', settings.size);

  const curl = settings.parts.curl ? await curlVersion() : null;
  const browser = settings.parts.extension || settings.parts.url || settings.parts.capture;
  if (browser && !settings.skipBuild) {
    log('building the loopback extension (.output/chrome-mv3-bench)');
    await buildExtension(settings);
  }

  const withBroker = browser;
  log(
    `starting the emulator on ${settings.emulatorUrl}${withBroker ? ` and the broker on ${settings.brokerUrl}` : ''}`,
  );
  const services = await Promise.allSettled([
    startEmulatorService(settings),
    ...(withBroker ? [startBrokerService(settings)] : []),
  ]);
  for (const started of services) if (started.status === 'fulfilled') leftovers.addService(started.value);
  const failed = services.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;

  const result: BenchResult = {
    date: new Date().toISOString(),
    bytes: settings.size,
    chunks: planChunks(settings.size).totalChunkCount,
    sha256,
    machine: { cpus: cpus().length, loadAverage: loadAtStart, node: process.version, curl },
    curl: settings.parts.curl ? await runCurl(settings, file, sha256, curl) : { skipped: 'BENCH_PARTS' },
    extension: settings.parts.extension
      ? await runExtension(settings, file, sha256)
      : { skipped: 'BENCH_PARTS' },
    url: settings.parts.url ? await runUrl(settings) : { skipped: 'BENCH_PARTS' },
    capture: settings.parts.capture ? await runCapture(settings) : { skipped: 'BENCH_PARTS' },
    bundles: await measureBundles(settings.extensionDir).catch((error: unknown) => ({
      failed: errorText(error),
    })),
  };
  if (result.bundles && !('failed' in result.bundles)) log(`bundles:\n${formatBundles(result.bundles)}`);

  const report = await writeReport(settings.artifactsDir, result);
  console.log(`\n${formatTable(summarize(result))}\n`);
  log(`wrote ${path.relative(process.cwd(), report)}`);
  if (settings.parts.extension)
    await runPopupBench({ ...settings, log: (message) => log(`popup: ${message}`) }).catch((error: unknown) =>
      console.error(`popup: ${errorText(error)}`),
    );
  const ok = !('failed' in result.extension) && !('failed' in result.url) && !('failed' in result.capture);
  leftovers.keepLogs = !ok;
  if (!ok) log(`the emulator's and broker's logs stay in ${path.relative(process.cwd(), settings.tmpDir)}/`);
  return ok ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the bench started`);
    // The port goes with the process; the name file synchronously, as puppeteer's own handler
    // exits right after this one.
    if (releaseLock) rmSync(RUN_LOCK, { force: true });
    void (leftovers?.releaseNow() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

main()
  .catch((error: unknown) => {
    console.error(`bench failed: ${errorText(error)}`);
    return 1;
  })
  .then(async (code) => {
    await leftovers?.release().catch((error: unknown) => console.error(`cleanup: ${errorText(error)}`));
    await releaseLock?.().catch((error: unknown) => console.error(`run lock: ${errorText(error)}`));
    process.exit(code);
  });
