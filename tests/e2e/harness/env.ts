// Fixed addresses of the e2e world. They are baked into the e2e build (WXT_* variables), so every
// server listens on a fixed port rather than any free one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** E2E_EXTENSION_DIR points the tests at another build (with E2E_SKIP_BUILD=1). */
export const EXTENSION_DIR = path.resolve(
  process.env.E2E_EXTENSION_DIR ?? path.join(ROOT, '.output/chrome-mv3-e2e'),
);
export const TMP_DIR = path.join(ROOT, '.tmp/e2e');
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts');

export const HOST = '127.0.0.1';
export const EMULATOR_PORT = 18790;
export const BROKER_PORT = 18787;
export const SITE_PORT = 18791;
export const EMULATOR_URL = `http://${HOST}:${EMULATOR_PORT}`;
export const BROKER_URL = `http://${HOST}:${BROKER_PORT}`;
export const SITE_URL = `http://${HOST}:${SITE_PORT}`;

/** Pinned by the manifest `key` (wxt.config.ts). */
export const EXTENSION_ID = 'jhihmnaomjcpchhbnbnichoehkgakkep';
export const CLIENT_KEY = 'emulator-client-key';
export const CLIENT_SECRET = 'emulator-client-secret';

/** What every test starts from: loopback pulls allowed, processing short. */
export const BASE_EMULATOR_CONFIG = { allowInsecurePull: true, processingDelayMs: 1000 } as const;

export const BUILD_ENV: Record<string, string> = {
  WXT_TIKTOK_API_ORIGIN: EMULATOR_URL,
  WXT_TIKTOK_AUTH_URL: `${EMULATOR_URL}/v2/auth/authorize/`,
  WXT_TIKTOK_CLIENT_KEY: CLIENT_KEY,
  WXT_BROKER_URL: BROKER_URL,
  WXT_ALLOW_LOOPBACK_SOURCES: '1',
};

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
