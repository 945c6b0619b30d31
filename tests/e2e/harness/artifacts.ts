// Screenshots under test-artifacts/, for a person to look at after a run.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { ARTIFACTS_DIR } from './env';

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`) as `${string}.png`;
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
