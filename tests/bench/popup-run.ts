// The popup with a long history (issue 13): N synthetic jobs written into the extension's own
// IndexedDB from an extension page, then the popup reloaded and measured through CDP: time to the
// first job row, main-thread script time from the reload until the list settled, CPU while nothing
// changes (TaskDuration over a quiet spell) and how many elements the page holds.
import type { CDPSession, Page } from 'puppeteer-core';
import { launchWithExtension } from '../e2e/harness/launch';
import { seedJobs } from '../e2e/harness/seed-jobs';
import { profileReload, type ProfileSummary } from './popup-profile';

export interface PopupFigures {
  jobs: number;
  /** Reload → the first `job` row in the DOM (median of the reloads). */
  firstRowMs: number;
  /** Main-thread script from the reload to one second after the first row (median). */
  scriptMs: number;
  /** Main-thread busy time per wall time over the quiet spell, in % of one core. */
  idleCpuPercent: number;
  domElements: number;
  /** The rows rendered (the rest wait behind "Show older"). */
  rows: number;
  /** With BENCH_POPUP_PROFILE=1: one more reload under the CPU profiler. */
  profile?: ProfileSummary;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === name)?.value ?? 0;
}

/** Records, from the page's own start, when the first job row appears. */
const WATCH_FIRST_ROW = `
  window.__firstRow = undefined;
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="job"]')) {
      window.__firstRow = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

const waitForFirstRow = (page: Page) =>
  page.waitForFunction(() => (window as { __firstRow?: number }).__firstRow !== undefined, {
    timeout: 30_000,
  });

async function measure(page: Page, cdp: CDPSession, jobs: number, reloads: number, quietMs: number) {
  const firstRows: number[] = [];
  const scripts: number[] = [];
  for (let i = 0; i < reloads; i++) {
    // The metrics start again with each document: after the reload they count the new page only.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForFirstRow(page);
    firstRows.push(await page.evaluate(() => (window as unknown as { __firstRow: number }).__firstRow));
    await sleep(1000);
    scripts.push((await metric(cdp, 'ScriptDuration')) * 1000);
  }
  // Quiet: nothing changes in the store; anything the page does now is its own polling or ticking.
  await sleep(1000);
  const busyBefore = await metric(cdp, 'TaskDuration');
  const began = Date.now();
  await sleep(quietMs);
  const busy = (await metric(cdp, 'TaskDuration')) - busyBefore;
  const idleCpuPercent = (busy * 1000 * 100) / (Date.now() - began);
  const { domElements, rows } = await page.evaluate(() => ({
    domElements: document.getElementsByTagName('*').length,
    rows: document.querySelectorAll('[data-testid="job"]').length,
  }));
  return {
    jobs,
    firstRowMs: median(firstRows),
    scriptMs: median(scripts),
    idleCpuPercent,
    domElements,
    rows,
  };
}

export async function popupFigures(options: {
  profileDir: string;
  counts: number[];
  reloads: number;
  quietMs: number;
  /** Where to write a CPU profile of one more reload per count; none when undefined. */
  cpuProfileDir?: string;
  log: (message: string) => void;
}): Promise<PopupFigures[]> {
  const ext = await launchWithExtension({ userDataDir: options.profileDir });
  try {
    const page = await ext.openPage('popup.html');
    await page.setViewport({ width: 420, height: 640 });
    await page.waitForSelector('#app *', { timeout: 15_000 });
    await page.evaluateOnNewDocument(WATCH_FIRST_ROW);
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const figures: PopupFigures[] = [];
    for (const count of options.counts) {
      // A few jobs on their way whose next step is minutes off: the popup must show and tick them,
      // the background leaves them be during the measurement.
      await seedJobs(page, { count, active: 4, replace: true });
      const result: PopupFigures = await measure(page, cdp, count, options.reloads, options.quietMs);
      options.log(
        `${count} jobs: first row ${result.firstRowMs.toFixed(0)} ms, script ${result.scriptMs.toFixed(0)} ms, ` +
          `idle CPU ${result.idleCpuPercent.toFixed(2)} %, ${result.domElements} elements, ${result.rows} rows`,
      );
      if (options.cpuProfileDir) {
        const dir = options.cpuProfileDir;
        result.profile = await profileReload(page, cdp, () => waitForFirstRow(page), dir, `${count}`);
        options.log(
          `${count} jobs, CPU profile (wall-clock samples): ${result.profile.scriptMs.toFixed(1)} ms in script; by self time:\n` +
            result.profile.top.map(({ fn, ms }) => `    ${ms.toFixed(1).padStart(6)} ms  ${fn}`).join('\n'),
        );
      }
      figures.push(result);
    }
    return figures;
  } finally {
    await ext.close();
  }
}

/**
 * The popup part of `npm run bench` (alone with BENCH_ONLY=popup): needs only the build and
 * Chromium — the popup is measured signed out, the emulator is not involved. Writes
 * test-artifacts/bench-popup.json and prints a table. BENCH_POPUP_JOBS lists the sizes.
 */
export async function runPopupBench(settings: {
  tmpDir: string;
  artifactsDir: string;
  log: (message: string) => void;
}): Promise<PopupFigures[]> {
  const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const counts = (process.env.BENCH_POPUP_JOBS ?? '10,100,1000').split(',').map(Number);
  const profileDir = await mkdtemp(path.join(settings.tmpDir, 'popup-profile-'));
  await mkdir(settings.artifactsDir, { recursive: true });
  const figures = await popupFigures({
    profileDir,
    counts,
    reloads: 5,
    quietMs: 5000,
    cpuProfileDir: process.env.BENCH_POPUP_PROFILE === '1' ? settings.artifactsDir : undefined,
    log: settings.log,
  });
  const base = figures[0];
  const table = [
    '| jobs | first row (ms) | × the smallest | script after load (ms) | idle CPU (% of a core) | elements | rows |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...figures.map(
      (f) =>
        `| ${f.jobs} | ${f.firstRowMs.toFixed(0)} | ${(f.firstRowMs / base.firstRowMs).toFixed(2)} | ` +
        `${f.scriptMs.toFixed(0)} | ${f.idleCpuPercent.toFixed(2)} | ${f.domElements} | ${f.rows} |`,
    ),
  ].join('\n');
  console.log(`\n${table}\n`);
  await mkdir(settings.artifactsDir, { recursive: true });
  await writeFile(
    path.join(settings.artifactsDir, 'bench-popup.json'),
    `${JSON.stringify({ date: new Date().toISOString(), figures }, null, 2)}\n`,
  );
  return figures;
}
