/** `npm run emulator`: HOST, PORT, EMULATOR_CONFIG (JSON file), EMULATOR_DATA_DIR. One stdout line. */
import { readFile } from 'node:fs/promises';
import { startEmulator } from './server';

async function main(): Promise<void> {
  const configPath = process.env.EMULATOR_CONFIG;
  const config = configPath ? JSON.parse(await readFile(configPath, 'utf8')) : undefined;
  const emulator = await startEmulator({
    host: process.env.HOST || '127.0.0.1',
    port: process.env.PORT ? Number(process.env.PORT) : 8790,
    config,
    dataDir: process.env.EMULATOR_DATA_DIR || undefined,
  });
  process.stdout.write(`${emulator.url}\n`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`emulator: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
