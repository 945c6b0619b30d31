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

export interface CurlResult {
  publishId: string;
  chunks: number;
  statuses: number[];
  /** From the first PUT's start to the 201, on the bench's clock. */
  seconds: number;
  sha256: string;
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

/** Uploads `file` as the extension would (its chunk plan, in order), one `curl -T` per chunk. */
export async function curlUpload(options: {
  emulatorUrl: string;
  file: string;
  size: number;
  scratchDir: string;
  timeoutMs: number;
}): Promise<CurlResult> {
  const { emulatorUrl, file, size } = options;
  const plan = planChunks(size);
  const chunkDir = path.join(options.scratchDir, 'curl-chunks');
  try {
    const parts = await splitIntoChunks(file, plan, chunkDir);
    const token = await emulatorAccessToken(emulatorUrl);
    const { publishId, uploadUrl } = await initFileUpload(emulatorUrl, token, plan);

    const statuses: number[] = [];
    const deadline = Date.now() + options.timeoutMs;
    const started = performance.now();
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
          `Content-Range: bytes ${start}-${end - 1}/${size}`,
          // The browser sends no Expect: 100-continue; curl would for every chunk over 1 MB.
          '--header',
          'Expect:',
          uploadUrl,
        ],
        Math.max(1000, deadline - Date.now()),
      );
      const status = Number(exit.stdout.trim());
      statuses.push(status);
      const wanted = index === parts.length - 1 ? 201 : 206;
      if (exit.code !== 0 || status !== wanted) {
        throw new Error(
          `curl PUT of chunk ${index + 1}/${parts.length}: exit ${exit.code}, HTTP ${status}, wanted ${wanted}. ${exit.stderr.trim()}`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const upload = await emulatorControl(emulatorUrl).upload(publishId);
    if (!upload.sha256) throw new Error(`the emulator has no SHA-256 for ${publishId} after the 201`);
    return { publishId, chunks: plan.totalChunkCount, statuses, seconds, sha256: upload.sha256 };
  } finally {
    await rm(chunkDir, { recursive: true, force: true });
  }
}
