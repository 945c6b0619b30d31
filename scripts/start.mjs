// `npm start`: the whole product on this machine, against the local TikTok emulator.
// Builds a loopback build of the extension, starts the emulator and the token broker, serves a
// demo page with videos, and opens Chromium with the extension. With a display the user takes
// over; without one (or with --headless) it signs in, sends the demo video from the page's
// context menu, waits for the draft, prints where to see it and exits. Ctrl-C, an error or the
// end stop everything it started.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertChromium, launchWithExtension } from './demo/browser.mjs';
import { runHeadlessFlow } from './demo/headless-flow.mjs';
import { assertPortFree, succeeded, Supervisor } from './demo/processes.mjs';
import { startDemoServer } from './demo/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
// Fixed, because the build bakes the emulator's and the broker's addresses into the extension;
// START_*_PORT move them when something else holds them (the build follows).
const PORTS = {
  broker: portFromEnv('START_BROKER_PORT', 8787),
  emulator: portFromEnv('START_EMULATOR_PORT', 8790),
  demo: portFromEnv('START_DEMO_PORT', 8791),
};
const EMULATOR = `http://${HOST}:${PORTS.emulator}`;
const BROKER = `http://${HOST}:${PORTS.broker}`;
const TIMEOUT_MS = 3 * 60_000;

const BUILD_ENV = {
  WXT_TIKTOK_API_ORIGIN: EMULATOR,
  WXT_TIKTOK_AUTH_URL: `${EMULATOR}/v2/auth/authorize/`,
  WXT_TIKTOK_CLIENT_KEY: 'emulator-client-key',
  WXT_BROKER_URL: BROKER,
  WXT_ALLOW_LOOPBACK_SOURCES: '1',
};

const EMULATOR_CONFIG = {
  // Drafts appear a moment after the last byte, not after TikTok's real minute.
  processingDelayMs: 1500,
  // Lets the demo's http://127.0.0.1 videos be pulled once listed as verified in the options page.
  allowInsecurePull: true,
  verifiedPrefixes: [`http://${HOST}:${PORTS.demo}/videos/`],
};

function portFromEnv(name, fallback) {
  const value = process.env[name];
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`[start] ${name} must be a port number, not ${value}`);
    process.exit(1);
  }
  return port;
}

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const began = Date.now();

function step(message) {
  const seconds = ((Date.now() - began) / 1000).toFixed(1).padStart(5);
  console.log(`[start ${seconds}s] ${message}`);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 60_000} min`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const supervisor = new Supervisor();
let ext;
let demo;
let scratch;

let stopping;
let interrupted = false;
function stopEverything() {
  stopping ??= (async () => {
    await ext?.close();
    await demo?.close();
    await supervisor.stopAll();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  })();
  return stopping;
}

async function startServices() {
  await assertChromium();
  for (const [what, port] of Object.entries(PORTS)) await assertPortFree(HOST, port, what);
  scratch = await mkdtemp(path.join(tmpdir(), 'send-to-tiktok-start-'));

  // A loopback build goes to its own folder (and is named "(dev)"): it never overwrites the
  // production build the README tells users to load from .output/chrome-mv3.
  step('building the extension (loopback build) into .output/chrome-mv3-dev');
  await succeeded(
    supervisor.start('build', 'npx', ['wxt', 'build', '--mode', 'dev'], {
      cwd: ROOT,
      env: BUILD_ENV,
      quiet: true,
    }),
  );

  const configFile = path.join(scratch, 'emulator-config.json');
  await writeFile(configFile, JSON.stringify(EMULATOR_CONFIG, null, 2));
  const emulator = supervisor.start('emulator', 'npm', ['run', '--silent', 'emulator'], {
    cwd: ROOT,
    env: { HOST, PORT: String(PORTS.emulator), EMULATOR_CONFIG: configFile },
  });
  const broker = supervisor.start('broker', 'npm', ['run', '--silent', 'broker'], {
    cwd: ROOT,
    env: {
      HOST,
      PORT: String(PORTS.broker),
      TIKTOK_CLIENT_KEY: 'emulator-client-key',
      TIKTOK_CLIENT_SECRET: 'emulator-client-secret',
      TIKTOK_API_ORIGIN: EMULATOR,
      TIKTOK_AUTH_URL: `${EMULATOR}/v2/auth/authorize/`,
    },
  });
  step(`TikTok emulator on ${await emulator.firstLine()} (drafts: ${EMULATOR}/inbox)`);
  step(`token broker on ${await broker.firstLine()}`);
  demo = await startDemoServer({ host: HOST, port: PORTS.demo, inboxUrl: `${EMULATOR}/inbox` });
  step(`demo page on ${demo.url}/`);

  const profile = path.join(scratch, 'profile');
  await mkdir(profile);
  step(`launching ${headless ? 'headless ' : ''}Chromium with the extension`);
  ext = await launchWithExtension({
    extensionDir: path.join(ROOT, '.output/chrome-mv3-dev'),
    userDataDir: profile,
    headless,
  });
  await ext.worker();
  step(`extension ${ext.extensionId} is running`);
}

async function handOver() {
  const [first] = await ext.browser.pages();
  await first.goto(`${demo.url}/`);
  const popup = await ext.browser.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  const inbox = await ext.browser.newPage();
  await inbox.goto(`${EMULATOR}/inbox`);
  await first.bringToFront();
  step('ready. In the browser: "Connect" in the popup (its toolbar icon or the popup tab), then');
  step('right-click a video on the demo page → "Send to TikTok Drafts"; the draft appears in the inbox tab.');
  step('Close the browser or press Ctrl-C to stop everything.');
  await new Promise((resolve) => ext.browser.once('disconnected', resolve));
  step('the browser was closed: stopping everything');
}

async function main() {
  process.on('exit', () => supervisor.killAllNow());
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.once(signal, () => {
      interrupted = true;
      console.log(`\n[start] ${signal}: stopping everything…`);
      stopEverything().finally(() => process.exit(code));
    });
  }

  let exitCode = 0;
  try {
    if (headless) {
      const screenshotPath = path.join(ROOT, '.tmp', 'start-popup.png');
      await mkdir(path.dirname(screenshotPath), { recursive: true });
      const flow = (async () => {
        await startServices();
        return runHeadlessFlow({ ext, demoUrl: demo.url, emulatorUrl: EMULATOR, screenshotPath, step });
      })();
      const { draftUrl } = await withTimeout(flow, TIMEOUT_MS, 'the headless demo');
      step(`done: the video is a draft in the emulator's inbox: ${draftUrl}`);
    } else {
      await withTimeout(startServices(), TIMEOUT_MS, 'starting');
      await handOver();
    }
  } catch (error) {
    // After Ctrl-C, whatever failed failed because it was being stopped: nothing to report.
    if (interrupted) return;
    exitCode = 1;
    console.error(`\n[start] failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!headless) console.error('[start] (no display? run `npm start -- --headless`)');
  } finally {
    await stopEverything();
  }
  process.exit(exitCode);
}

main();
