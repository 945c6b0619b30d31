// Chromium with the built extension, as measured in /work/shared/browser-testing.md: puppeteer-core,
// pipe transport, installExtension of the absolute path, background networking off.

import { access } from 'node:fs/promises';
import puppeteer from 'puppeteer-core';

export const EXTENSION_ID = 'jhihmnaomjcpchhbnbnichoehkgakkep';

const ARGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider',
];

export function chromePath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

/** Fails early, before anything is built or started, when there is no browser to open. */
export async function assertChromium() {
  const executablePath = chromePath();
  await access(executablePath).catch(() => {
    throw new Error(
      `no Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROME_PATH`,
    );
  });
}

/**
 * Launches Chromium with the extension in `extensionDir` installed.
 * @returns {Promise<{ browser: import('puppeteer-core').Browser, extensionId: string,
 *   worker(): Promise<import('puppeteer-core').WebWorker>, close(): Promise<void> }>}
 */
export async function launchWithExtension({ extensionDir, userDataDir, headless }) {
  await assertChromium();
  const browser = await puppeteer.launch({
    executablePath: chromePath(),
    headless,
    pipe: true,
    enableExtensions: true,
    // npm start stops the browser itself, after the servers, in order; puppeteer's own signal
    // handlers would exit the process first and orphan them.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    userDataDir,
    defaultViewport: headless ? { width: 1100, height: 800 } : null,
    args: [
      ...ARGS,
      // Chromium refuses to run as root with its sandbox (containers); a desktop user keeps it.
      ...(headless || process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...(headless ? ['--disable-gpu'] : []),
    ],
  });

  const close = async () => {
    const child = browser.process();
    await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    // A browser that did not quit in time would linger as a defunct process in a container.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  try {
    const extensionId = await browser.installExtension(extensionDir);
    if (extensionId !== EXTENSION_ID) {
      throw new Error(
        `the extension got id ${extensionId}, not ${EXTENSION_ID}: is the manifest key pinned?`,
      );
    }
    const origin = `chrome-extension://${extensionId}/`;
    const worker = async () => {
      const target = await browser.waitForTarget(
        (t) => t.type() === 'service_worker' && t.url().startsWith(origin),
        { timeout: 15_000 },
      );
      return target.worker();
    };
    return { browser, extensionId, worker, close };
  } catch (error) {
    await close();
    throw error;
  }
}
