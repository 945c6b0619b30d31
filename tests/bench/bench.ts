// `npm run bench`: how fast the extension sends a local file to the (emulated) drafts compared with
// curl sending the same chunks to the same emulator, and how much memory the browser needs for it.
// Figures are ratios and differences measured on this machine, never wall-clock limits in tests.
// Everything runs on 127.0.0.1; every process and scratch file it makes is gone when it exits.
import './use-bench-build';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import type { Service } from '../e2e/harness/processes';
import { writeMp4File } from '../fixtures/video-bytes';
import { curlUpload, curlVersion } from './curl-baseline';
import { emulatorControl } from './emulator-control';
import { extensionUpload } from './extension-run';
import { formatTable, summarize, writeReport, type BenchResult } from './report';
import { buildExtension, startBrokerService, startEmulatorService } from './services';
import { EMULATOR_CONFIG, readSettings, type BenchSettings } from './settings';

const began = Date.now();
function log(message: string): void {
  console.log(`[bench ${((Date.now() - began) / 1000).toFixed(1).padStart(6)}s] ${message}`);
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Things to undo, newest first; run once whether the bench ends, fails or is interrupted. */
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const undo of cleanups.reverse())
      await undo().catch((e: unknown) => console.error(`cleanup: ${errorText(e)}`));
  })();
  return cleaning;
}

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
  await emulatorControl(settings.emulatorUrl).reset(EMULATOR_CONFIG);
  log('curl: uploading the same chunks');
  const result = await curlUpload({
    emulatorUrl: settings.emulatorUrl,
    file,
    size: settings.size,
    scratchDir: settings.tmpDir,
    timeoutMs: settings.timeoutMs,
  });
  if (result.sha256 !== sha256)
    throw new Error(`curl: the emulator's SHA-256 ${result.sha256} is not the file's ${sha256}`);
  log(`curl: ${result.chunks} chunks in ${result.seconds.toFixed(2)} s`);
  return { seconds: result.seconds, chunks: result.chunks, statuses: result.statuses };
}

async function runExtension(
  settings: BenchSettings,
  file: string,
  sha256: string,
): Promise<BenchResult['extension']> {
  await emulatorControl(settings.emulatorUrl).reset(EMULATOR_CONFIG);
  const profileDir = await mkdtemp(path.join(settings.tmpDir, 'profile-'));
  cleanups.push(() => rm(profileDir, { recursive: true, force: true }));
  log('extension: launching Chromium');
  try {
    const figures = await extensionUpload({
      emulatorUrl: settings.emulatorUrl,
      file,
      size: settings.size,
      sha256,
      extensionDir: settings.extensionDir,
      profileDir,
      timeoutMs: settings.timeoutMs,
      log: (message) => log(`extension: ${message}`),
    });
    log(`extension: ${figures.puts} PUTs, job created → 201 in ${figures.seconds.toFixed(2)} s`);
    return figures;
  } catch (error) {
    console.error(`extension: ${errorText(error)}`);
    return { failed: errorText(error) };
  }
}

async function main(): Promise<number> {
  const settings = readSettings();
  await rm(settings.tmpDir, { recursive: true, force: true });
  await mkdir(settings.tmpDir, { recursive: true });
  let keepLogs = true;
  cleanups.push(() =>
    keepLogs
      ? rm(path.join(settings.tmpDir, 'emulator-data'), { recursive: true, force: true })
      : rm(settings.tmpDir, { recursive: true, force: true }),
  );

  const file = path.join(settings.tmpDir, `video-${settings.size}.mp4`);
  log(`writing a ${settings.size}-byte MP4 to ${path.relative(process.cwd(), file)}`);
  const sha256 = await writeMp4File(file, 'bench', settings.size);
  cleanups.push(() => rm(file, { force: true }));

  const curl = settings.parts.curl ? await curlVersion() : null;
  if (settings.parts.extension && !settings.skipBuild) {
    log('building the loopback extension (.output/chrome-mv3-bench)');
    await buildExtension(settings);
  }

  log(
    `starting the emulator on ${settings.emulatorUrl}${settings.parts.extension ? ` and the broker on ${settings.brokerUrl}` : ''}`,
  );
  const services = await Promise.allSettled([
    startEmulatorService(settings),
    ...(settings.parts.extension ? [startBrokerService(settings)] : []),
  ]);
  for (const started of services) {
    if (started.status === 'fulfilled') cleanups.push(() => (started.value as Service).stop());
  }
  const failed = services.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;

  const result: BenchResult = {
    date: new Date().toISOString(),
    bytes: settings.size,
    sha256,
    machine: { cpus: cpus().length, node: process.version, curl },
    curl: settings.parts.curl ? await runCurl(settings, file, sha256, curl) : { skipped: 'BENCH_PARTS' },
    extension: settings.parts.extension
      ? await runExtension(settings, file, sha256)
      : { skipped: 'BENCH_PARTS' },
  };

  const report = await writeReport(settings.artifactsDir, result);
  console.log(`\n${formatTable(summarize(result))}\n`);
  log(`wrote ${path.relative(process.cwd(), report)}`);
  const ok = !('failed' in result.extension);
  keepLogs = !ok;
  if (!ok) log(`the emulator's and broker's logs stay in ${path.relative(process.cwd(), settings.tmpDir)}/`);
  return ok ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the bench started`);
    void cleanUp().then(() => process.exit(130));
  });
}

main()
  .catch((error: unknown) => {
    console.error(`bench failed: ${errorText(error)}`);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
