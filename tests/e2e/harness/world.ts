// Helpers every e2e file shares: a clean world before each test, and artifact paths.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { emulator, type EmulatorConfig } from './emulator';
import { TMP_DIR } from './env';
import { site } from './site';

/** Forgets the emulator's tokens, uploads, faults and logs (config = e2e base + `config`) and the site's log. */
export async function resetWorld(config: EmulatorConfig = {}): Promise<void> {
  await Promise.all([emulator.reset(config), site.reset()]);
}

/** A scratch file path under .tmp/e2e/files/. */
export async function tmpFile(name: string): Promise<string> {
  const dir = path.join(TMP_DIR, 'files');
  await mkdir(dir, { recursive: true });
  return path.join(dir, name);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
