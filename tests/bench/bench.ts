// `npm run bench`: how fast the extension sends a local file to the (emulated) drafts compared with
// curl sending the same chunks to the same emulator, and how much memory the browser needs for it.
// Figures are ratios and differences measured on this machine, never wall-clock limits in tests.
// Everything runs on 127.0.0.1; every process and scratch file it makes is gone when it exits.
import './use-bench-build';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { planChunks } from '../../utils/chunk-plan';
import { writeMp4File } from '../fixtures/video-bytes';
import { curlUploads, curlVersion } from './curl-baseline';
import { extensionUploads } from './extension-run';
import { Leftovers } from './leftovers';
import { formatTable, summarize, writeReport, type BenchResult } from './report';
import { buildExtension, startBrokerService, startEmulatorService } from './services';
import { readSettings, type BenchSettings } from './settings';

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

/** Set once the scratch directory exists; undone on every way out. */
let leftovers: Leftovers | undefined;

async function main(): Promise<number> {
  const settings = readSettings();
  await rm(settings.tmpDir, { recursive: true, force: true });
  await mkdir(settings.tmpDir, { recursive: true });
  leftovers = new Leftovers(settings.tmpDir);
  // Other work on the machine moves the figures; the JSON says how busy it was.
  const loadAtStart = loadavg()[0];

  const file = path.join(settings.tmpDir, `video-${settings.size}.mp4`);
  log(`writing a ${settings.size}-byte MP4 to ${path.relative(process.cwd(), file)}`);
  const sha256 = await writeMp4File(file, 'bench', settings.size);

  const curl = settings.parts.curl ? await curlVersion() : null;
  if (settings.parts.extension && !settings.skipBuild) {
    log('building the loopback extension (.output/chrome-mv3-bench)');
    await buildExtension(settings);
  }

  const withBroker = settings.parts.extension;
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
  };

  const report = await writeReport(settings.artifactsDir, result);
  console.log(`\n${formatTable(summarize(result))}\n`);
  log(`wrote ${path.relative(process.cwd(), report)}`);
  const ok = !('failed' in result.extension);
  leftovers.keepLogs = !ok;
  if (!ok) log(`the emulator's and broker's logs stay in ${path.relative(process.cwd(), settings.tmpDir)}/`);
  return ok ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the bench started`);
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
    process.exit(code);
  });
