/** PULL_FROM_URL: the emulator really downloads the video, as TikTok would, following no redirects. */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { MAX_VIDEO } from './chunk-rules';
import { writeStreamAt } from './disk';
import { checkVideoFile } from './format';
import type { EmulatorState } from './state';
import { fail, startProcessing, type UploadRecord } from './uploads';

function get(url: URL, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, { signal, headers: { 'User-Agent': 'TikTok-emulator-pull/1' } }, resolve);
    req.on('error', reject);
  });
}

/** Runs in the background after init; the record shows PROCESSING_DOWNLOAD until it ends. */
export async function runPull(state: EmulatorState, upload: UploadRecord, url: URL): Promise<void> {
  const controller = new AbortController();
  state.pulls.add(controller);
  try {
    const res = await get(url, controller.signal);
    // A redirect is a failure: TikTok does not follow them. So is any answer other than 2xx.
    if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) {
      res.resume();
      fail(upload, 'video_pull_failed');
      return;
    }
    const declared = res.headers['content-length'] ? Number(res.headers['content-length']) : undefined;
    if (declared !== undefined && declared > MAX_VIDEO) {
      res.destroy();
      fail(upload, 'video_pull_failed');
      return;
    }
    const hash = createHash('sha256');
    const written = await writeStreamAt(
      res,
      upload.filePath,
      0,
      hash,
      (n) => (upload.downloadedBytes = n),
      MAX_VIDEO,
    );
    if (written === 0 || (declared !== undefined && written !== declared)) {
      fail(upload, 'video_pull_failed');
      return;
    }
    upload.sha256 = hash.digest('hex');
    // The source's Content-Type, when it names a video container, must match the bytes.
    const declaredType = res.headers['content-type']?.split(';')[0].trim().toLowerCase();
    const format = await checkVideoFile(upload.filePath, declaredType);
    upload.contentType = format.ok ? format.container : 'application/octet-stream';
    if (!format.ok) upload.formatProblem = format.problem;
    startProcessing(
      upload,
      state.now(),
      state.config.processingDelayMs,
      format.ok ? { ok: true } : { ok: false, reason: format.reason ?? 'file_format_check_failed' },
    );
  } catch {
    if (!controller.signal.aborted) fail(upload, 'video_pull_failed');
  } finally {
    state.pulls.delete(controller);
  }
}
