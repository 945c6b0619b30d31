// The bench's result: one small table on stdout, the same figures (and the detail behind them) as
// JSON in test-artifacts/bench.json. MB is 10^6 B throughout, as in TikTok's limits.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface CurlFigures {
  seconds: number;
  chunks: number;
  statuses: number[];
}

export interface ExtensionFigures {
  /** The job's creation (its createdAt) → the emulator's 201. */
  seconds: number;
  /** The init answer → the 201: the PUT phase alone, what curl's figure covers. */
  transferSeconds: number;
  /** The file handed to the popup → the 201: includes keeping the file in IndexedDB. */
  chooseToUploadedSeconds: number;
  idleRssBytes: number;
  peakRssBytes: number;
  rssSamples: number;
  puts: number;
  statuses: number[];
}

export interface BenchResult {
  date: string;
  bytes: number;
  sha256: string;
  machine: { cpus: number; node: string; curl: string | null };
  curl: CurlFigures | { skipped: string };
  extension: ExtensionFigures | { skipped: string } | { failed: string };
}

const MB = 1e6;

export const mbPerSecond = (bytes: number, seconds: number): number => bytes / MB / seconds;

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function ran<T extends object>(part: T | { skipped: string } | { failed: string }): T | null {
  return 'skipped' in part || 'failed' in part ? null : part;
}

export interface Summary {
  bytes: number;
  curlSeconds: number | null;
  curlMBps: number | null;
  extensionSeconds: number | null;
  extensionMBps: number | null;
  /** Extension seconds / curl seconds: 1 is as fast as curl. */
  ratio: number | null;
  /** Extension PUT phase / curl: the same span on both sides. */
  transferRatio: number | null;
  peakExtraRssMB: number | null;
}

export function summarize(result: BenchResult): Summary {
  const curl = ran(result.curl);
  const ext = ran(result.extension);
  return {
    bytes: result.bytes,
    curlSeconds: curl && round(curl.seconds, 2),
    curlMBps: curl && round(mbPerSecond(result.bytes, curl.seconds), 1),
    extensionSeconds: ext && round(ext.seconds, 2),
    extensionMBps: ext && round(mbPerSecond(result.bytes, ext.seconds), 1),
    ratio: curl && ext && round(ext.seconds / curl.seconds, 2),
    transferRatio: curl && ext && round(ext.transferSeconds / curl.seconds, 2),
    peakExtraRssMB: ext && round((ext.peakRssBytes - ext.idleRssBytes) / MB, 1),
  };
}

export function formatTable(summary: Summary): string {
  const show = (value: number | null): string => (value === null ? '—' : String(value));
  const rows: [string, string][] = [
    ['bytes', String(summary.bytes)],
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
