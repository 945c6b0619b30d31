// The baseline: the same upload done by curl, chunk by chunk, against the same emulator. It shows
// what the machine and the emulator allow, so the extension's figure reads as a ratio, not a
// wall-clock number that means nothing on another machine.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { chunkRange, planChunks, type ChunkPlan } from '../../utils/chunk-plan';
import { emulatorAccessToken, initFileUpload } from './emulator-token';
import { emulatorControl } from './emulator-control';

export interface CurlRun {
  /** From the first PUT's start to the 201, on the bench's clock. */
  seconds: number;
  /** When each chunk's answer arrived, in ms after the first PUT started. */
  answeredMs: number[];
}

interface CurlExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function curl(args: string[], timeoutMs: number): Promise<CurlExit> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The curl version line, or null when there is no curl to compare with. */
export async function curlVersion(): Promise<string | null> {
  try {
    const exit = await curl(['--version'], 10_000);
    return exit.code === 0 ? exit.stdout.split('\n')[0] : null;
  } catch {
    return null;
  }
}

/** One file per chunk, made before the clock starts so curl only sends. */
async function splitIntoChunks(file: string, plan: ChunkPlan, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const parts: string[] = [];
  for (let index = 0; index < plan.totalChunkCount; index++) {
    const { start, end } = chunkRange(plan, index);
    const part = path.join(dir, `chunk-${String(index).padStart(4, '0')}`);
    await pipeline(createReadStream(file, { start, end: end - 1 }), createWriteStream(part));
    parts.push(part);
  }
  return parts;
}

/** PUTs every chunk in order with one `curl -T` each. */
async function putChunks(
  uploadUrl: string,
  plan: ChunkPlan,
  parts: string[],
  timeoutMs: number,
): Promise<CurlRun> {
  const deadline = Date.now() + timeoutMs;
  const started = performance.now();
  const answeredMs: number[] = [];
  for (const [index, part] of parts.entries()) {
    const { start, end } = chunkRange(plan, index);
    const exit = await curl(
      [
        '--silent',
        '--show-error',
        '--noproxy',
        '*',
        '--output',
        '/dev/null',
        '--write-out',
        '%{http_code}',
        '--upload-file',
        part,
        '--header',
        'Content-Type: video/mp4',
        '--header',
        `Content-Range: bytes ${start}-${end - 1}/${plan.videoSize}`,
        // The browser sends no Expect: 100-continue; curl would for every chunk over 1 MB.
        '--header',
        'Expect:',
        uploadUrl,
      ],
      Math.max(1000, deadline - Date.now()),
    );
    const status = Number(exit.stdout.trim());
    const wanted = index === parts.length - 1 ? 201 : 206;
    if (exit.code !== 0 || status !== wanted) {
      throw new Error(
        `curl PUT of chunk ${index + 1}/${parts.length}: exit ${exit.code}, HTTP ${status}, wanted ${wanted}. ${exit.stderr.trim()}`,
      );
    }
    answeredMs.push(Math.round(performance.now() - started));
  }
  return { seconds: (performance.now() - started) / 1000, answeredMs };
}

/**
 * Uploads `file` `runs` times as the extension would (its chunk plan, in order), each a new draft,
 * and checks every draft's SHA-256.
 */
export async function curlUploads(options: {
  emulatorUrl: string;
  file: string;
  size: number;
  sha256: string;
  runs: number;
  scratchDir: string;
  timeoutMs: number;
  log: (message: string) => void;
}): Promise<CurlRun[]> {
  const { emulatorUrl } = options;
  const plan = planChunks(options.size);
  const chunkDir = path.join(options.scratchDir, 'curl-chunks');
  const deadline = Date.now() + options.timeoutMs;
  try {
    const parts = await splitIntoChunks(options.file, plan, chunkDir);
    const token = await emulatorAccessToken(emulatorUrl);
    const runs: CurlRun[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const { publishId, uploadUrl } = await initFileUpload(emulatorUrl, token, plan);
      const result = await putChunks(uploadUrl, plan, parts, Math.max(1000, deadline - Date.now()));
      const { sha256 } = await emulatorControl(emulatorUrl).upload(publishId);
      if (sha256 !== options.sha256)
        throw new Error(`the emulator's SHA-256 ${sha256} is not the file's ${options.sha256}`);
      options.log(`run ${run}: ${plan.totalChunkCount} chunks in ${result.seconds.toFixed(2)} s`);
      runs.push(result);
    }
    return runs;
  } finally {
    await rm(chunkDir, { recursive: true, force: true });
  }
}
