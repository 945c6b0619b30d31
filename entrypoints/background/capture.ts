// The `acquiring` step for a page's video (a `capture` source). A plain Blob is read piece by
// piece through its frame into the `blobs` store, so the draft is exactly the page's bytes. A
// Media Source stream is captured by the offscreen document (capture-offscreen.ts), which fetches
// through the frame via the background and writes the remuxed file to OPFS.
import { browser } from 'wxt/browser';
import { MAX_VIDEO_SIZE } from '@/utils/chunk-plan';
import { fromBase64, frameReadSchema, MAX_FRAME_READ, readBlobChunk } from '@/utils/capture/frame';
import { frameAccessMessage } from '@/utils/capture/frame-access';
import type { CaptureSource, Job, JobError } from '@/utils/job';
import { SNIFF_BYTES, sniffVideo } from '@/utils/media-sniff';
import { captureSourceOf, decideInFrame, unreadable } from './capture-click';
import { captureStream } from './capture-offscreen';
import { failJob, patchJob, setStatus } from './jobs';
import { hasHostPermission } from './permissions';
import { store } from './services';
import { t } from '@/utils/i18n';

export const PAGE_CLOSED: JobError = {
  code: 'page_closed',
  message: t('capturePageClosed'),
};

const BLOB_GONE: JobError = {
  code: 'blob_gone',
  message: t('captureBlobGone'),
};

const PROGRESS_EVERY_MS = 500;

/** True when the job's tab still shows the page the video was sent from. */
export async function pageStillOpen(source: CaptureSource): Promise<boolean> {
  const tab = await browser.tabs.get(source.tabId).catch(() => undefined);
  if (!tab) return false;
  // Without the "tabs" permission the URL may be hidden; activeTab shows it for the clicked tab.
  if (!tab.url) return true;
  return stripHash(tab.url) === stripHash(source.pageUrl);
}

function stripHash(url: string): string {
  return url.split('#')[0];
}

export async function acquireCapture(job: Job, source: CaptureSource, signal: AbortSignal): Promise<void> {
  if (!(await pageStillOpen(source))) {
    await failJob(job.id, PAGE_CLOSED);
    return;
  }
  if (source.undecided) {
    const decided = await decideAfterGrant(job, source);
    if (!decided) return;
    source = decided;
  }
  if (source.mode === 'blob') {
    await readPageBlob(job, source, signal);
    return;
  }
  await captureStream(job, source, signal);
}

/**
 * A capture clicked in a cross-origin frame: waits in needs_permission (naming the frame's origin)
 * until that origin is granted, then probes and decides as a click does. Undefined when the job
 * now waits or failed; the decided source (stored in the job) otherwise.
 */
async function decideAfterGrant(job: Job, source: CaptureSource): Promise<CaptureSource | undefined> {
  const frame = new URL(source.frameUrl);
  if (!(await hasHostPermission(frame))) {
    await setStatus(job.id, 'needs_permission', {
      error: { code: 'needs_permission', message: frameAccessMessage(frame) },
    });
    return undefined;
  }
  const decided = await decideInFrame(source.tabId, source.frameId, source.srcUrl || null, source.pageUrl);
  if ('unreadable' in decided) {
    await failJob(job.id, unreadable(decided.unreadable));
    return undefined;
  }
  const { probed, decision } = decided;
  if (decision.kind === 'refused') {
    await failJob(job.id, decision.error);
    return undefined;
  }
  if (decision.kind === 'direct') {
    await failJob(job.id, {
      code: 'video_changed',
      message: t('captureFrameNowUrl', decision.url),
    });
    return undefined;
  }
  const decidedSource = captureSourceOf(source, probed, decision);
  await patchJob(job.id, {
    source: decidedSource,
    ...(decision.kind === 'blob' ? { videoSize: decision.size } : {}),
  });
  return decidedSource;
}

async function readPageBlob(job: Job, source: CaptureSource, signal: AbortSignal): Promise<void> {
  const size = job.videoSize;
  if (!size || size > MAX_VIDEO_SIZE) {
    await failJob(job.id, BLOB_GONE);
    return;
  }
  const parts: Blob[] = [];
  let offset = 0;
  let lastReport = 0;
  while (offset < size) {
    if (signal.aborted) return;
    const length = Math.min(MAX_FRAME_READ, size - offset);
    let read;
    try {
      const results = await browser.scripting.executeScript({
        target: { tabId: source.tabId, frameIds: [source.frameId] },
        func: readBlobChunk,
        args: [source.srcUrl, offset, length],
      });
      read = frameReadSchema.parse(results[0]?.result);
    } catch {
      await failJob(job.id, (await pageStillOpen(source)) ? BLOB_GONE : PAGE_CLOSED);
      return;
    }
    if (!read.ok) {
      await failJob(job.id, BLOB_GONE);
      return;
    }
    const bytes = fromBase64(read.base64);
    // The page decides what it answers: a piece of another length would corrupt the video.
    if (bytes.byteLength !== length) {
      await failJob(job.id, {
        code: 'blob_changed',
        message: t('captureChanged'),
      });
      return;
    }
    if (offset === 0 && !sniffVideo(bytes.subarray(0, SNIFF_BYTES))) {
      await failJob(job.id, {
        code: 'not_a_video',
        message: t('captureNotVideo'),
      });
      return;
    }
    parts.push(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    offset += length;
    const now = Date.now();
    if (now - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = now;
      await patchJob(job.id, { progress: offset / size }).catch(() => undefined);
    }
  }
  const blob = new Blob(parts, {
    type: sniffVideo(new Uint8Array(await parts[0].slice(0, SNIFF_BYTES).arrayBuffer()))?.mimeType,
  });
  await store.putBlob(job.id, {
    blob,
    name: job.title,
    type: blob.type,
    size: blob.size,
    storedAt: Date.now(),
  });
  await setStatus(job.id, 'initializing', {
    hasBlob: true,
    videoSize: blob.size,
    mimeType: blob.type,
    progress: 0,
    attempts: 0,
    notBefore: undefined,
  });
}
