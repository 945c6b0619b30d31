// What one bench run uses: sizes, ports and paths, read once from the environment. Ports are fixed
// (the loopback build bakes the emulator's and broker's addresses in) and differ from the e2e
// world's (18790/18787) and `npm start`'s (8790/8787), so a bench can run beside either.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HOST = '127.0.0.1';
/** `wxt build --mode bench` writes here. */
export const BENCH_EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3-bench');

export const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  k: 1e3,
  mb: 1e6,
  m: 1e6,
  gb: 1e9,
  g: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `300000000`, `300MB`, `300 MB`, `512MiB`, `1.5GB` → bytes (MB = 10^6 B, as TikTok's limits read). */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined)
    throw new Error(`BENCH_SIZE must be a size like 300MB or 52428800, not "${text}"`);
  const bytes = Math.round(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes < 1)
    throw new Error(`BENCH_SIZE must be at least 1 byte, not "${text}"`);
  return bytes;
}

function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port, not ${value}`);
  return port;
}

export interface BenchSettings {
  size: number;
  /** Uploads per half; the table shows the median. */
  runs: number;
  /**
   * Which parts to run: the extension half needs a build and Chromium, the baseline needs curl,
   * `url` sends a rate-limited URL source (piped, and without Content-Length as before), `capture`
   * right-clicks a 20 s and a ~9.5-minute HLS stream playing in a page (not in the default set: it
   * encodes the streams once, and the long capture takes minutes).
   */
  parts: { curl: boolean; extension: boolean; url: boolean; capture: boolean };
  /** The URL source: its size and the rate the video site serves it at (bytes/s). */
  urlSize: number;
  urlRate: number;
  sitePort: number;
  emulatorPort: number;
  brokerPort: number;
  emulatorUrl: string;
  brokerUrl: string;
  tmpDir: string;
  extensionDir: string;
  artifactsDir: string;
  /** The capture part's encoded streams, kept between runs (outside tmpDir, which each run empties). */
  streamCacheDir: string;
  /** Whole-run bound; every wait inside also has its own. */
  timeoutMs: number;
  /** Reuse `.output/chrome-mv3-bench` (BENCH_SKIP_BUILD=1) while iterating on the bench itself. */
  skipBuild: boolean;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const size = parseSize(env.BENCH_SIZE ?? '300MB');
  const emulatorPort = portFromEnv('BENCH_EMULATOR_PORT', 28790);
  const brokerPort = portFromEnv('BENCH_BROKER_PORT', 28787);
  const partsText = env.BENCH_PARTS ?? 'curl,extension,url';
  const parts = new Set(partsText.split(',').map((p) => p.trim()));
  for (const part of parts) {
    if (part !== 'curl' && part !== 'extension' && part !== 'url' && part !== 'capture')
      throw new Error(`BENCH_PARTS lists curl, extension, url and/or capture, not "${part}"`);
  }
  const runs = Number(env.BENCH_RUNS ?? 5);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20)
    throw new Error(`BENCH_RUNS must be 1 to 20, not ${env.BENCH_RUNS}`);
  // Generous: a few MB/s would still finish; a hang does not run forever.
  const defaultTimeoutMs = 5 * 60_000 + Math.ceil(size / 2e6) * 1000 * runs;
  return {
    size,
    runs,
    parts: {
      curl: parts.has('curl'),
      extension: parts.has('extension'),
      url: parts.has('url'),
      capture: parts.has('capture'),
    },
    urlSize: parseSize(env.BENCH_URL_SIZE ?? '100MB'),
    urlRate: parseSize(env.BENCH_URL_RATE ?? '20MB'),
    sitePort: portFromEnv('BENCH_SITE_PORT', 28791),
    emulatorPort,
    brokerPort,
    emulatorUrl: `http://${HOST}:${emulatorPort}`,
    brokerUrl: `http://${HOST}:${brokerPort}`,
    tmpDir: path.join(ROOT, '.tmp/bench'),
    extensionDir: BENCH_EXTENSION_DIR,
    artifactsDir: path.join(ROOT, 'test-artifacts'),
    streamCacheDir: path.join(ROOT, '.tmp/bench-streams'),
    timeoutMs: env.BENCH_TIMEOUT_MS ? Number(env.BENCH_TIMEOUT_MS) : defaultTimeoutMs,
    skipBuild: env.BENCH_SKIP_BUILD === '1',
  };
}

/** The loopback build's addresses: the e2e build's variables, pointed at the bench's ports. */
export function buildEnv(settings: BenchSettings): Record<string, string> {
  return {
    WXT_TIKTOK_API_ORIGIN: settings.emulatorUrl,
    WXT_TIKTOK_AUTH_URL: `${settings.emulatorUrl}/v2/auth/authorize/`,
    WXT_TIKTOK_CLIENT_KEY: CLIENT_KEY,
    WXT_BROKER_URL: settings.brokerUrl,
    WXT_ALLOW_LOOPBACK_SOURCES: '1',
  };
}

export const CLIENT_KEY = 'emulator-client-key';
export const CLIENT_SECRET = 'emulator-client-secret';
/** The emulator's default registered redirect URI: the pinned extension id's chromiumapp.org. */
export const REDIRECT_URI = 'https://jhihmnaomjcpchhbnbnichoehkgakkep.chromiumapp.org/';
export const EXTENSION_ID = 'jhihmnaomjcpchhbnbnichoehkgakkep';

/**
 * Drafts leave processing at once (the bench times the upload, not TikTok's processing), and the
 * per-user limits are out of the way of repeated runs: the bench measures speed, not the limits.
 */
export const EMULATOR_CONFIG = { processingDelayMs: 0, initPerMinute: 1000, pendingDraftCap: 1000 } as const;
