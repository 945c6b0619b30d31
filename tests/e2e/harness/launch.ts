// Launches headless Chromium with the e2e build installed, as measured in
// /work/shared/browser-testing.md: pipe transport, extensions enabled, installExtension of the
// absolute path (enableExtensions: [path] returns before the install finishes).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page, type Target, type WebWorker } from 'puppeteer-core';
import { expect } from 'vitest';
import { saveScreenshot } from './artifacts';
import { CHROME_PATH, EXTENSION_DIR, EXTENSION_ID, TMP_DIR } from './env';

const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider',
];

export interface LaunchOptions {
  /** Reuse a profile (restart tests); a fresh one under .tmp/ otherwise. */
  userDataDir?: string;
  /**
   * Which targets puppeteer attaches to. An attached DevTools session keeps the service worker
   * alive, so tests of real worker lifetimes pass `t => t.type() !== 'service_worker'`.
   */
  targetFilter?: (target: Target) => boolean;
  /** The browser's language (Chromium's `--lang`), which the extension's words follow. */
  lang?: string;
  /**
   * Puppeteer's Network domain on every page (default on). Memory benches turn it off: DevTools
   * then keeps each response’s body in the page’s renderer (a buffer of hundreds of MB) for
   * `Network.getResponseBody`, which a user's browser never does.
   */
  network?: boolean;
}

export interface LaunchedExtension {
  browser: Browser;
  extensionId: string;
  userDataDir: string;
  /** The extension's service worker (waits for it to run; call again after it was stopped). */
  worker(timeoutMs?: number): Promise<WebWorker>;
  /**
   * Detaches the DevTools session `worker()` opened on that worker target, if any: an attached
   * session keeps a busy worker from being stopped (harness/worker.ts).
   */
  releaseWorker(targetId: string): Promise<void>;
  /** Opens `chrome-extension://<id>/<file>` in a new tab. */
  openPage(file: string): Promise<Page>;
  /** Every open tab showing one of the extension's pages. */
  extensionPages(): Promise<Page[]>;
  close(): Promise<void>;
}

export async function newProfileDir(): Promise<string> {
  const parent = path.join(TMP_DIR, 'profiles');
  await mkdir(parent, { recursive: true });
  return mkdtemp(path.join(parent, 'profile-'));
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<LaunchedExtension> {
  // A profile made here is removed on close; a given one (restart tests) is the caller's.
  const ownsProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await newProfileDir());
  const browser = await puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    pipe: true,
    enableExtensions: true,
    userDataDir,
    args: options.lang ? [...CHROME_ARGS, `--lang=${options.lang}`] : CHROME_ARGS,
    env: options.lang
      ? { ...process.env, LANGUAGE: options.lang, LANG: `${options.lang}.UTF-8` }
      : process.env,
    targetFilter: options.targetFilter,
    networkEnabled: options.network ?? true,
  });
  const close = async (): Promise<void> => {
    const child = browser.process();
    await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    // A browser that did not quit in time would linger as a defunct process in the container.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (ownsProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    const extensionId = await browser.installExtension(EXTENSION_DIR);
    if (extensionId !== EXTENSION_ID) {
      throw new Error(`extension id ${extensionId}, expected ${EXTENSION_ID}: is the manifest key pinned?`);
    }
    const origin = `chrome-extension://${extensionId}/`;
    // Every worker handed out, by its target id (a new one each time the worker starts).
    const handedOut = new Map<string, WebWorker>();
    return {
      browser,
      extensionId,
      userDataDir,
      async worker(timeoutMs = 15_000) {
        const target = await browser.waitForTarget(
          (t) => t.type() === 'service_worker' && t.url().startsWith(origin),
          {
            timeout: timeoutMs,
          },
        );
        const worker = await target.worker();
        if (!worker) throw new Error('the service worker target has no worker (excluded by targetFilter?)');
        handedOut.set((target as unknown as { _targetId: string })._targetId, worker);
        return worker;
      },
      async releaseWorker(targetId) {
        const worker = handedOut.get(targetId);
        handedOut.delete(targetId);
        await worker?.client.detach().catch(() => undefined);
      },
      async openPage(file) {
        const page = await browser.newPage();
        await page.goto(origin + file, { waitUntil: 'domcontentloaded' });
        return page;
      },
      async extensionPages() {
        const pages = await browser.pages();
        return pages.filter((p) => p.url().startsWith(origin));
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `body` with a launched browser and always closes it. */
export async function withExtension<T>(
  options: LaunchOptions,
  body: (ext: LaunchedExtension) => Promise<T>,
): Promise<T> {
  const ext = await launchWithExtension(options);
  try {
    return await body(ext);
  } catch (error) {
    await screenshotExtensionPages(ext, 'failure');
    throw error;
  } finally {
    await ext.close();
  }
}

/** What the extension's pages showed when a test failed: test-artifacts/failure-<test>-<n>.png. */
async function screenshotExtensionPages(ext: LaunchedExtension, prefix: string): Promise<void> {
  const test = (expect.getState().currentTestName ?? 'unknown').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80);
  const pages = await ext.extensionPages().catch(() => []);
  await Promise.all(
    pages.map((page, i) =>
      Promise.race([
        saveScreenshot(page, `${prefix}-${test}-${i}`),
        new Promise((r) => setTimeout(r, 5000)),
      ]).catch(() => undefined),
    ),
  );
}
