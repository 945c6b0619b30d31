// The bench's result: one small table on stdout, the same figures (and every run behind them) as
// JSON in test-artifacts/bench.json. MB is 10^6 B throughout, as in TikTok's limits. Times are the
// median over the runs; memory is the worst run.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CurlRun } from './curl-baseline';
import type { ExtensionRuns } from './extension-run';
import { median } from './process-memory';

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
  };
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
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

export async function writeReport(artifactsDir: string, result: BenchResult): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, 'bench.json');
  await writeFile(file, `${JSON.stringify({ summary: summarize(result), ...result }, null, 2)}\n`);
  return file;
}
