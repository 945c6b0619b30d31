// Drives the offscreen document that captures Media Source streams (entrypoints/offscreen/). The
// service worker cannot run the remuxer (no Worker, no object URLs, stopped when idle), so the
// offscreen document does the byte work and the background stays the coordinator: it starts or
// re-attaches to a capture, fetches through the page's frame on the document's behalf, and writes
// progress and the outcome into the job. The outcome is applied by the message handler itself, so
// it lands even when the worker that started the capture has died since.
import { browser, type Browser } from 'wxt/browser';
import { FRAME_PIECE, MAX_FRAME_READ, serveFrameFetches } from '@/utils/capture/frame-server';
import { captureFileName } from '@/utils/capture/opfs';
import {
  captureStateSchema,
  fromOffscreenSchema,
  type CaptureResult,
  type CaptureState,
  type ToOffscreen,
} from '@/utils/capture/protocol';
import type { CaptureSource, Job } from '@/utils/job';
import { deleteCaptureFile } from '@/utils/capture/opfs';
import { failJob, patchJob, setStatus } from './jobs';
import { pickHost } from './offscreen-host';
import { retryLater } from './outcome';
import { store } from './services';
import { t } from '@/utils/i18n';

const OFFSCREEN_PATH = '/offscreen.html';
/** Once a capture reports nothing for this long, it is presumed dead and started over. */
const STALL_MS = 120_000;

const finishers = new Map<string, () => void>();
let creating: Promise<void> | undefined;

/** The offscreen document in Chrome, an iframe of the event page in Firefox (offscreen-host.ts). */
const host = pickHost(OFFSCREEN_PATH);

async function hasOffscreen(): Promise<boolean> {
  return host.has();
}

/** One media document at a time: created on demand, single-flight. */
async function ensureOffscreen(): Promise<void> {
  if (await hasOffscreen()) return;
  creating ??= host.create().finally(() => {
    creating = undefined;
  });
  await creating;
}

async function tell(message: ToOffscreen): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

/** Pre-flight reads and remuxes in flight (preflight.ts): the document stays open for them. */
let asking = 0;
let closing: Promise<void> | undefined;

/**
 * Whether this browser can run the media document (Chrome's offscreen document, or an iframe of
 * Firefox's event page). Without it a video is sent without the pre-flight (TikTok's own check
 * decides) and streams cannot be captured.
 */
export function offscreenAvailable(): boolean {
  return host.available;
}

/**
 * A pre-flight reads a few megabytes; one that has not answered in this long is stuck (a decoder
 * that never returns a frame) and is given up, so the job retries instead of running forever.
 */
const PREFLIGHT_ANSWER_MS = 120_000;

/** Asks the offscreen document, creating it if needed, and closes it after when nothing else runs. */
export async function askOffscreen(message: ToOffscreen): Promise<unknown> {
  asking++;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await closing;
    await ensureOffscreen();
    if (message.type !== 'offscreen/preflight' && message.type !== 'offscreen/preflight-piped')
      return await tell(message);
    const unanswered = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), PREFLIGHT_ANSWER_MS);
    });
    return await Promise.race([tell(message), unanswered]);
  } finally {
    clearTimeout(timer);
    asking--;
    await closeOffscreenIfIdle().catch(() => undefined);
  }
}

async function offscreenState(jobId: string): Promise<CaptureState> {
  if (!(await hasOffscreen())) return { state: 'idle' };
  const parsed = captureStateSchema.safeParse(
    await tell({ type: 'offscreen/status', jobId }).catch(() => null),
  );
  return parsed.success ? parsed.data : { state: 'idle' };
}

/**
 * The step: attach to a capture still running for this job (after a worker restart), or start it
 * over (an interrupted run's partial file is deleted first); then wait for its outcome.
 */
export async function captureStream(job: Job, source: CaptureSource, signal: AbortSignal): Promise<void> {
  if (!source.manifestUrl || source.mode === 'blob') throw new Error('A stream capture needs its manifest.');
  const done = new Promise<void>((resolve) => finishers.set(job.id, resolve));
  const aborted = new Promise<void>((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  try {
    const state = await offscreenState(job.id);
    if (state.state === 'finished') {
      await applyResult(job.id, state.result);
      return;
    }
    if (state.state === 'idle') {
      const fileName = captureFileName(job.id, 'mp4');
      await deleteCaptureFile(navigator.storage, fileName);
      await deleteCaptureFile(navigator.storage, captureFileName(job.id, 'webm'));
      await closing;
      await ensureOffscreen();
      await patchJob(job.id, { progress: 0, capture: undefined });
      await tell({
        type: 'offscreen/start',
        jobId: job.id,
        mode: source.mode,
        manifestUrl: source.manifestUrl,
        fileName,
        tabId: source.tabId,
        frameId: source.frameId,
      });
    }
    // Never hang in acquiring: a capture that stops reporting is presumed dead and started over.
    for (;;) {
      const stalled = new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), STALL_MS / 4));
      const outcome = await Promise.race([
        done.then(() => 'done' as const),
        aborted.then(() => 'aborted' as const),
        stalled,
      ]);
      if (outcome === 'done') return;
      if (outcome === 'aborted') {
        await tell({ type: 'offscreen/cancel', jobId: job.id }).catch(() => undefined);
        return;
      }
      const current = await store.get(job.id);
      if (!current || current.status !== 'acquiring') return;
      if (Date.now() - current.updatedAt > STALL_MS) {
        await tell({ type: 'offscreen/cancel', jobId: job.id }).catch(() => undefined);
        await retryLater(current, 'capture_stalled', t('captureStalled'));
        return;
      }
    }
  } finally {
    finishers.delete(job.id);
  }
}

async function applyResult(jobId: string, result: CaptureResult): Promise<void> {
  const job = await store.get(jobId);
  if (!job || job.status !== 'acquiring') {
    // Cancelled or removed meanwhile: the file has no one to go to.
    if (result.ok) await deleteCaptureFile(navigator.storage, result.fileName);
    return;
  }
  if (result.ok) {
    await setStatus(jobId, 'initializing', {
      opfsFile: result.fileName,
      hasBlob: false,
      videoSize: result.size,
      mimeType: result.mimeType,
      progress: 0,
      attempts: 0,
      notBefore: undefined,
    });
  } else if (result.retry) {
    await retryLater(job, result.error.code, result.error.message);
  } else {
    await failJob(jobId, result.error);
  }
  if (!result.ok) await patchJob(jobId, { capture: undefined }).catch(() => undefined);
}

type Sender = Browser.runtime.MessageSender;

export function isCaptureMessage(message: unknown): boolean {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith('capture/');
}

/** Messages from the offscreen document: only it may send them, and only about a capture job. */
export async function handleCaptureMessage(message: unknown, sender: Sender): Promise<unknown> {
  if (sender.id !== browser.runtime.id || sender.url !== browser.runtime.getURL(OFFSCREEN_PATH)) {
    return { ok: false, error: 'Only the extension’s capture document may ask this.' };
  }
  const parsed = fromOffscreenSchema.safeParse(message);
  if (!parsed.success) return { ok: false, error: 'Malformed capture message.' };
  const request = parsed.data;
  const job = await store.get(request.jobId);
  if (request.type === 'capture/remux-progress') {
    // Any stored source being converted before its init (preflight.ts), not only captures.
    if (!job?.converting || job.status !== 'initializing') return { ok: false, error: 'Not converting.' };
    await patchJob(job.id, { progress: request.share });
    return { ok: true };
  }
  if (!job || job.source.kind !== 'capture') return { ok: false, error: 'No such capture.' };
  switch (request.type) {
    case 'capture/link':
      return linkFrame(job, job.source, request.portName);
    case 'capture/progress':
      if (job.status === 'acquiring') {
        await patchJob(job.id, {
          progress: Math.min(request.done / request.total, 1),
          capture: { done: Math.min(request.done, request.total), total: request.total },
        });
      }
      return { ok: true };
    case 'capture/finished':
      await applyResult(job.id, request.result);
      finishers.get(job.id)?.();
      await closeOffscreenIfIdle();
      return { ok: true };
  }
}

/**
 * Starts the frame server in the job's own frame (its origin, cookies, Referer), which connects
 * back to the offscreen document under `portName`; only while the job is acquiring.
 */
async function linkFrame(
  job: Job,
  source: CaptureSource,
  portName: string,
): Promise<{ ok: boolean; error?: string }> {
  if (job.status !== 'acquiring') return { ok: false, error: 'the job is not capturing' };
  if (!portName.includes(`:${job.id}:`)) return { ok: false, error: 'the link is not this job’s' };
  try {
    await browser.scripting.executeScript({
      target: { tabId: source.tabId, frameIds: [source.frameId] },
      func: serveFrameFetches,
      args: [portName, MAX_FRAME_READ, FRAME_PIECE],
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/**
 * Closes the document once nothing uses it. `asking` is checked again after the last await, right
 * before closing, and a request that starts meanwhile waits for the close and creates a new one:
 * otherwise one job's pre-flight finishing could close the document under another's.
 */
async function closeOffscreenIfIdle(): Promise<void> {
  if (asking > 0) return;
  const jobs = await store.list();
  const capturing = jobs.some(
    (job) => job.status === 'acquiring' && job.source.kind === 'capture' && job.source.mode !== 'blob',
  );
  if (capturing || !(await hasOffscreen()) || asking > 0 || closing) return;
  closing = host
    .close()
    .catch(() => undefined)
    .finally(() => {
      closing = undefined;
    });
  await closing;
}
