// The bench's result: one small table on stdout, the same figures (and every run behind them) as
// JSON in test-artifacts/bench.json. MB is 10^6 B throughout, as in TikTok's limits. Times are the
// median over the runs; memory is the worst run.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CurlRun } from './curl-baseline';
import type { ExtensionRuns } from './extension-run';
import type { UrlRun, UrlRuns } from './url-run';
import type { CaptureRuns } from './capture-run';
import { median } from './process-memory';
import type { BundleReport } from './bundles';

type Skipped = { skipped: string };
type Failed = { failed: string };

export interface BenchResult {
  date: string;
  bytes: number;
  chunks: number;
  sha256: string;
  /** loadAverage: the 1-minute load when the bench started; figures from a busy machine vary more. */
  machine: { cpus: number; loadAverage: number; node: string; curl: string | null };
  curl: { runs: CurlRun[] } | Skipped;
  extension: ExtensionRuns | Skipped | Failed;
  url: UrlRuns | Skipped | Failed;
  capture: CaptureRuns | Skipped | Failed;
  /** The pages' and the background's JavaScript as built (tests/bench/bundles.ts). */
  bundles?: BundleReport | Failed;
}

export interface Summary {
  bytes: number;
  runs: number;
  curlSeconds: number | null;
  curlMBps: number | null;
  extensionSeconds: number | null;
  extensionMBps: number | null;
  /** Extension seconds / curl seconds: 1 is as fast as curl. */
  ratio: number | null;
  /** The extension's PUT phase (init answer → 201) / curl's (first PUT → 201). */
  transferRatio: number | null;
  peakExtraRssMB: number | null;
  /** The URL source, served at a fixed rate: job seconds ÷ the download alone, peak storage and RSS. */
  url:
    | null
    | (Record<UrlRun['mode'], { ratio: number; seconds: number; storageMB: number; rssMB: number }> & {
        downloadSeconds: number;
      });
  /** The stream capture, one column per stream length: seconds to in_drafts, output, peaks. */
  capture:
    | null
    | {
        lengthSeconds: number;
        seconds: number;
        outputMB: number;
        outputSeconds: number;
        rssMB: number;
        /** The capture's own: peak minus the level at the click (player paused). */
        rssFromClickMB: number;
        extensionFromClickMB: number;
        pageFromClickMB: number;
        browserFromClickMB: number;
        /** The same peak while the job was `acquiring` (the capture, before the upload). */
        acquiringFromClickMB: number;
        storageMB: number;
      }[];
}

const MB = 1e6;

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function ran<T extends object>(part: T | Skipped | Failed): T | null {
  return 'skipped' in part || 'failed' in part ? null : part;
}

export function summarize(result: BenchResult): Summary {
  const curl = ran(result.curl);
  const ext = ran(result.extension);
  const curlSeconds = curl && median(curl.runs.map((r) => r.seconds));
  const extSeconds = ext && median(ext.runs.map((r) => r.seconds));
  const extTransfer = ext && median(ext.runs.map((r) => r.transferSeconds));
  const mbps = (seconds: number | null): number | null => seconds && round(result.bytes / MB / seconds, 1);
  return {
    bytes: result.bytes,
    runs: Math.max(curl?.runs.length ?? 0, ext?.runs.length ?? 0),
    curlSeconds: curlSeconds && round(curlSeconds, 2),
    curlMBps: mbps(curlSeconds),
    extensionSeconds: extSeconds && round(extSeconds, 2),
    extensionMBps: mbps(extSeconds),
    ratio: curlSeconds && extSeconds && round(extSeconds / curlSeconds, 2),
    transferRatio: curlSeconds && extTransfer && round(extTransfer / curlSeconds, 2),
    peakExtraRssMB:
      ext && round((Math.max(...ext.runs.map((r) => r.peakRssBytes)) - ext.idleRssBytes) / MB, 1),
    url: urlSummary(result.url),
    capture:
      ran(result.capture)?.runs.map((r) => ({
        lengthSeconds: r.lengthSeconds,
        seconds: round(r.seconds, 1),
        outputMB: round(r.outputBytes / MB, 1),
        outputSeconds: round(r.outputDurationSeconds, 1),
        rssMB: round(r.peakRssBytes / MB, 1),
        rssFromClickMB: round(r.peakRssFromClickBytes / MB, 1),
        extensionFromClickMB: round((r.peakRssFromClickByRoleBytes.extension ?? 0) / MB, 1),
        pageFromClickMB: round((r.peakRssFromClickByRoleBytes.renderer ?? 0) / MB, 1),
        browserFromClickMB: round((r.peakRssFromClickByRoleBytes.browser ?? 0) / MB, 1),
        acquiringFromClickMB: round(r.peakRssAcquiringFromClickBytes / MB, 1),
        storageMB: round(r.peakStorageBytes / MB, 1),
      })) ?? null,
  };
}

function urlSummary(part: BenchResult['url']): Summary['url'] {
  const url = ran(part);
  if (!url) return null;
  const of = (mode: UrlRun['mode']) => {
    const runs = url.runs.filter((r) => r.mode === mode);
    const seconds = median(runs.map((r) => r.seconds));
    return {
      seconds: round(seconds, 2),
      ratio: round(seconds / url.downloadAloneSeconds, 2),
      storageMB: round(Math.max(...runs.map((r) => r.peakStorageBytes)) / MB, 1),
      rssMB: round(Math.max(...runs.map((r) => r.peakRssBytes)) / MB, 1),
    };
  };
  return { downloadSeconds: round(url.downloadAloneSeconds, 2), piped: of('piped'), whole: of('whole') };
}

export function formatTable(summary: Summary): string {
  const show = (value: number | null): string => (value === null ? '—' : String(value));
  const rows: [string, string][] = [
    ['bytes', String(summary.bytes)],
    ['runs (median)', String(summary.runs)],
    ['curl seconds', show(summary.curlSeconds)],
    ['curl MB/s', show(summary.curlMBps)],
    ['extension seconds', show(summary.extensionSeconds)],
    ['extension MB/s', show(summary.extensionMBps)],
    ['ratio extension/curl', show(summary.ratio)],
    ['ratio, PUT phase only', show(summary.transferRatio)],
    ['peak extra RSS (MB)', show(summary.peakExtraRssMB)],
    ['URL: download alone seconds', show(summary.url?.downloadSeconds ?? null)],
    ['URL piped: job / download', show(summary.url?.piped.ratio ?? null)],
    ['URL piped: peak storage (MB)', show(summary.url?.piped.storageMB ?? null)],
    ['URL piped: peak extra RSS (MB)', show(summary.url?.piped.rssMB ?? null)],
    ['URL whole first: job / download', show(summary.url?.whole.ratio ?? null)],
    ['URL whole first: peak storage (MB)', show(summary.url?.whole.storageMB ?? null)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const table = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
  return summary.capture ? `${table}\n\n${formatCapture(summary.capture)}` : table;
}

/** The capture part: the stream lengths side by side, so growth with length shows at a glance. */
function formatCapture(runs: NonNullable<Summary['capture']>): string {
  const rows: [string, (r: (typeof runs)[number]) => number][] = [
    ['stream length (s)', (r) => r.lengthSeconds],
    ['capture: click → in_drafts (s)', (r) => r.seconds],
    ['capture: output (MB)', (r) => r.outputMB],
    ['capture: output duration (s)', (r) => r.outputSeconds],
    ['capture: peak extra RSS (MB)', (r) => r.rssMB],
    ['… from the click (MB)', (r) => r.rssFromClickMB],
    ['… the extension, from the click', (r) => r.extensionFromClickMB],
    ['… the page, from the click', (r) => r.pageFromClickMB],
    ['… the browser process, from the click', (r) => r.browserFromClickMB],
    ['… while acquiring, from the click', (r) => r.acquiringFromClickMB],
    ['capture: peak storage (MB)', (r) => r.storageMB],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows
    .map(([label, of]) => `${label.padEnd(width)}  ${runs.map((r) => String(of(r)).padStart(8)).join('  ')}`)
    .join('\n');
}

export async function writeReport(artifactsDir: string, result: BenchResult): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, 'bench.json');
  await writeFile(file, `${JSON.stringify({ summary: summarize(result), ...result }, null, 2)}\n`);
  return file;
}
