// Once per e2e run: build the extension against the local world, then start the TikTok emulator,
// the token broker and the video site on the fixed ports the build points at.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { privateLocalAddresses } from '../fixtures/local-addresses';
import { ensureStreamFixtures } from '../fixtures/streams';
import { startVideoSite, type VideoSite } from '../fixtures/video-site';
import {
  BASE_EMULATOR_CONFIG,
  BROKER_PORT,
  BUILD_ENV,
  CLIENT_KEY,
  CLIENT_SECRET,
  EMULATOR_PORT,
  EMULATOR_URL,
  HOST,
  ROOT,
  SITE_PORT,
  TMP_DIR,
} from './harness/env';
import { run, startService, type Service } from './harness/processes';
import { acquireRunLock, stopLeftovers } from './harness/run-lock';

export default async function setup(): Promise<() => Promise<void>> {
  await mkdir(TMP_DIR, { recursive: true });
  // The lock lives outside the checkout: the ports are the machine's, so two checkouts (git
  // worktrees, another clone) must take turns too.
  const releaseLock = await acquireRunLock(path.join(tmpdir(), 'send-to-tiktok-e2e.lock'), 60 * 60_000);
  await stopLeftovers([EMULATOR_PORT, BROKER_PORT, SITE_PORT], ['emulator/main.ts', 'broker/node.ts']);
  // Profiles kept by restart tests of an earlier run.
  await rm(path.join(TMP_DIR, 'profiles'), { recursive: true, force: true });
  const configFile = path.join(TMP_DIR, 'emulator-config.json');
  await writeFile(configFile, JSON.stringify(BASE_EMULATOR_CONFIG, null, 2));
  // The bytes the emulator received in an earlier run.
  const emulatorData = path.join(TMP_DIR, 'emulator-data');
  await rm(emulatorData, { recursive: true, force: true });
  await mkdir(emulatorData, { recursive: true });

  const started: Service[] = [];
  let site: VideoSite | undefined;
  const teardown = async (): Promise<void> => {
    await Promise.all([...started.map((s) => s.stop()), site?.close()]);
    await releaseLock();
  };
  try {
    // E2E_SKIP_BUILD=1 reuses .output/chrome-mv3-e2e while iterating on the tests themselves.
    if (process.env.E2E_SKIP_BUILD !== '1') {
      await run('npx', ['wxt', 'build', '--mode', 'e2e'], {
        cwd: ROOT,
        env: { ...process.env, ...BUILD_ENV },
      });
    }
    // allSettled, not all: when one fails the other may be up and must still be stopped.
    const results = await Promise.allSettled([
      startService('emulator', 'npm', ['run', '--silent', 'emulator'], {
        cwd: ROOT,
        env: {
          ...process.env,
          HOST,
          PORT: String(EMULATOR_PORT),
          EMULATOR_CONFIG: configFile,
          EMULATOR_DATA_DIR: emulatorData,
        },
        logFile: path.join(TMP_DIR, 'emulator.log'),
      }),
      startService('broker', 'npm', ['run', '--silent', 'broker'], {
        cwd: ROOT,
        env: {
          ...process.env,
          HOST,
          PORT: String(BROKER_PORT),
          TIKTOK_CLIENT_KEY: CLIENT_KEY,
          TIKTOK_CLIENT_SECRET: CLIENT_SECRET,
          TIKTOK_API_ORIGIN: EMULATOR_URL,
          // Where the broker's /oauth/start sends a sign-in that comes back through its callback.
          TIKTOK_AUTH_URL: `${EMULATOR_URL}/v2/auth/authorize/`,
        },
        logFile: path.join(TMP_DIR, 'broker.log'),
      }),
    ]);
    for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
    // Made once per checkout (a few seconds) and kept across runs: the marker names their version.
    const streams = await ensureStreamFixtures(path.join(TMP_DIR, 'streams'));
    site = await startVideoSite(
      SITE_PORT,
      HOST,
      privateLocalAddresses().map((a) => a.address),
      { streamsDir: streams.dir },
    );
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
