// The bench's own world: the loopback build and the emulator and broker on the bench's ports,
// started as `npm run` processes the way the e2e global setup starts its own.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run, startService, type Service } from '../e2e/harness/processes';
import {
  buildEnv,
  CLIENT_KEY,
  CLIENT_SECRET,
  EMULATOR_CONFIG,
  HOST,
  ROOT,
  type BenchSettings,
} from './settings';

/** `wxt build --mode bench` → `.output/chrome-mv3-bench/`, pointed at the bench's emulator and broker. */
export async function buildExtension(settings: BenchSettings): Promise<void> {
  await run('npx', ['wxt', 'build', '--mode', 'bench'], {
    cwd: ROOT,
    env: { ...process.env, ...buildEnv(settings) },
  });
}

export async function startEmulatorService(settings: BenchSettings): Promise<Service> {
  const configFile = path.join(settings.tmpDir, 'emulator-config.json');
  const dataDir = path.join(settings.tmpDir, 'emulator-data');
  await mkdir(dataDir, { recursive: true });
  await writeFile(configFile, JSON.stringify(EMULATOR_CONFIG));
  return startService('emulator', 'npm', ['run', '--silent', 'emulator'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST,
      PORT: String(settings.emulatorPort),
      EMULATOR_CONFIG: configFile,
      EMULATOR_DATA_DIR: dataDir,
    },
    logFile: path.join(settings.tmpDir, 'emulator.log'),
  });
}

export function startBrokerService(settings: BenchSettings): Promise<Service> {
  return startService('broker', 'npm', ['run', '--silent', 'broker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST,
      PORT: String(settings.brokerPort),
      TIKTOK_CLIENT_KEY: CLIENT_KEY,
      TIKTOK_CLIENT_SECRET: CLIENT_SECRET,
      TIKTOK_API_ORIGIN: settings.emulatorUrl,
    },
    logFile: path.join(settings.tmpDir, 'broker.log'),
  });
}
