// Where the popup's script time goes (issue 13): a CDP CPU profile of one reload, from the reload to
// one second after the first job row, summed by function (self time). The figures in popup-run.ts
// say how much; this says what, so a fix goes after the real cost and not a guessed one.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CDPSession, Page, Protocol } from 'puppeteer-core';

export interface ProfileSummary {
  /**
   * Sampled main-thread time in script (not idle, program or GC), in ms. Samples are wall-clock
   * apart, so on a busy machine this includes time the OS took the thread away: compare the
   * functions with each other, and take the amount from popup-run's ScriptDuration (thread time).
   */
  scriptMs: number;
  /** The costliest functions by self time: `name (file:line)` and ms. */
  top: { fn: string; ms: number }[];
  /** The .cpuprofile written (open it in Chromium's DevTools → Performance). */
  file: string;
}

const NOT_SCRIPT = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Self time per node id from the samples and the gaps between them. */
export function summarizeProfile(profile: Protocol.Profiler.Profile, topN = 8): Omit<ProfileSummary, 'file'> {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each delta is the time before its sample; the time a sample stands for is the next delta.
  for (let i = 0; i < samples.length; i++) {
    const us = deltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + us);
  }
  const byFunction = new Map<string, number>();
  let scriptUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (!us || NOT_SCRIPT.has(functionName)) continue;
    scriptUs += us;
    const where = url ? `${url.split('/').pop()}:${lineNumber + 1}` : 'native';
    const key = `${functionName || '(anonymous)'} (${where})`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const top = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([fn, us]) => ({ fn, ms: us / 1000 }));
  return { scriptMs: scriptUs / 1000, top };
}

/** One profiled reload of the popup; `waitForFirstRow` resolves once the first row showed. */
export async function profileReload(
  page: Page,
  cdp: CDPSession,
  waitForFirstRow: () => Promise<unknown>,
  outDir: string,
  label: string,
): Promise<ProfileSummary> {
  await cdp.send('Profiler.enable');
  // 100 µs sampling: the popup's whole start is tens of milliseconds.
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  try {
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForFirstRow();
    await new Promise((r) => setTimeout(r, 1000));
  } catch (error) {
    await cdp.send('Profiler.stop').catch(() => undefined);
    throw error;
  }
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  const file = path.join(outDir, `bench-popup-${label}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  return { ...summarizeProfile(profile), file };
}
