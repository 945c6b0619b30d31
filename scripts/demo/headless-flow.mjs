// What `npm start` does without a display, through the extension's public contract only
// (issue 3, "Drivable from outside"): sign in from the popup, "click" the context menu on the
// demo page's video, and follow the job in the popup until it is a draft in the emulator.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_VIDEOS } from './server.mjs';

const VIDEO_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'videos');
const FINISHED = ['in_drafts', 'published'];
const STOPPED = ['failed', 'cancelled', 'needs_permission', 'needs_auth', 'paused'];
const byTestId = (id) => `[data-testid="${id}"]`;

/** The jobs the popup lists, read from their data-* attributes. */
function readJobs(popup) {
  return popup.$$eval(byTestId('job'), (elements) =>
    elements.map((el) => ({
      id: el.getAttribute('data-job-id'),
      status: el.getAttribute('data-status'),
      route: el.getAttribute('data-route'),
      progress: Number(el.getAttribute('data-progress') ?? 0),
      error: el.querySelector('[data-testid="job-error"]')?.textContent?.trim() || null,
    })),
  );
}

async function signIn(popup, step) {
  await popup.waitForSelector(
    `${byTestId('connect')}, ${byTestId('account')}, ${byTestId('config-problem')}`,
    {
      timeout: 15_000,
    },
  );
  const problem = await popup
    .$eval(byTestId('config-problem'), (el) => el.textContent.trim())
    .catch(() => null);
  if (problem) throw new Error(`the popup reports a configuration problem: ${problem}`);
  step('signing in: clicking "connect" in the popup (the emulator approves at once)');
  await popup.locator(byTestId('connect')).setTimeout(15_000).click();
  await popup.waitForSelector(byTestId('account'), { timeout: 30_000 });
  const name = await popup.$eval(byTestId('account'), (el) => el.textContent.trim());
  step(`signed in as ${name}`);
}

/** Runs the extension's real contextMenus.onClicked listeners, as a right-click on the video would. */
async function clickMenuOnVideo(worker, pageUrl, srcUrl) {
  const error = await worker.evaluate(
    async (pageUrl, srcUrl) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === pageUrl);
      if (!tab) return `no tab shows ${pageUrl}`;
      const info = {
        menuItemId: 'send-to-tiktok',
        mediaType: 'video',
        srcUrl,
        pageUrl,
        frameUrl: pageUrl,
        frameId: 0,
        editable: false,
      };
      chrome.contextMenus.onClicked.dispatch(info, tab);
      return null;
    },
    pageUrl,
    srcUrl,
  );
  if (error) throw new Error(error);
}

async function followJob(popup, knownIds, step) {
  let id = null;
  let last = '';
  for (;;) {
    const jobs = await readJobs(popup);
    const job = id ? jobs.find((j) => j.id === id) : jobs.find((j) => !knownIds.has(j.id));
    if (job) {
      id = job.id;
      const line = `job ${job.status}${job.route ? ` (${job.route})` : ''}, ${Math.round(job.progress * 100)}%`;
      if (line !== last) step(line);
      last = line;
      if (FINISHED.includes(job.status)) return job;
      if (STOPPED.includes(job.status)) {
        throw new Error(`the job stopped in "${job.status}"${job.error ? `: ${job.error}` : ''}`);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The draft the emulator holds for `sha256`, newest first. */
async function findDraft(emulatorUrl, sha256) {
  const res = await fetch(`${emulatorUrl}/_emulator/uploads`);
  const { uploads } = await res.json();
  return uploads.filter((u) => u.sha256 === sha256).sort((a, b) => b.createdAt - a.createdAt)[0];
}

/**
 * @param {{ ext: Awaited<ReturnType<typeof import('./browser.mjs').launchWithExtension>>,
 *   demoUrl: string, emulatorUrl: string, screenshotPath: string, step: (message: string) => void }} options
 * @returns {Promise<{ draftUrl: string }>}
 */
export async function runHeadlessFlow({ ext, demoUrl, emulatorUrl, screenshotPath, step }) {
  const worker = await ext.worker();
  const popup = await ext.browser.newPage();
  await popup.setViewport({ width: 420, height: 640 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`, { waitUntil: 'domcontentloaded' });
  step('opened the popup (popup.html in a tab)');
  await signIn(popup, step);

  const page = await ext.browser.newPage();
  const pageUrl = `${demoUrl}/`;
  await page.goto(pageUrl, { waitUntil: 'load' });
  step(`opened the demo page ${pageUrl}`);

  const knownIds = new Set((await readJobs(popup)).map((j) => j.id));
  const srcUrl = `${demoUrl}/videos/${DEMO_VIDEOS.hero}`;
  await clickMenuOnVideo(worker, pageUrl, srcUrl);
  step(`context menu "Send to TikTok Drafts" on the page's <video> (${srcUrl})`);

  await popup.bringToFront();
  const job = await followJob(popup, knownIds, step);
  await popup.screenshot({ path: screenshotPath });
  step(`popup screenshot: ${screenshotPath}`);

  const sha256 = createHash('sha256')
    .update(await readFile(path.join(VIDEO_DIR, DEMO_VIDEOS.hero)))
    .digest('hex');
  const draft = await findDraft(emulatorUrl, sha256);
  if (!draft)
    throw new Error(`the job says ${job.status}, but the emulator holds no draft with the video's bytes`);
  step(`the emulator received the video whole (SHA-256 ${sha256.slice(0, 16)}…, ${draft.source})`);
  return { draftUrl: `${emulatorUrl}/inbox#${encodeURIComponent(draft.publishId)}` };
}
