// A right-click on a video that plays from a `blob:` URL (a page's Blob, or a Media Source player):
// the frame is probed with activeTab + scripting (no content script on every site), the probe is
// parsed with zod, and one decision (utils/media/find-stream.ts) either starts a capture job or
// makes a failed job that says why — before any media segment is downloaded. For a Media Source it
// reads the manifests the frame loaded, through the frame, and keeps the one whose length matches
// the video's, so an ad or a preview loaded on the same page is not what gets sent.
import { browser, type Browser } from 'wxt/browser';
import { crossOriginFrame } from '@/utils/capture/frame-access';
import { decideStream, type StreamDecision, type TextAnswer } from '@/utils/media/find-stream';
import {
  frameFetch,
  frameFetchResultSchema,
  probeClickedVideo,
  probeResultSchema,
  type ProbeResult,
} from '@/utils/media/page-probe';
import { isBlockedHost } from '@/utils/media/refusals';
import type { CaptureSource, JobError, JobSource } from '@/utils/job';
import { createCaptureJob, createFailedJob, createUrlJob, patchJob } from './jobs';
import { hasHostPermission } from './permissions';
import { t } from '@/utils/i18n';

type Tab = Browser.tabs.Tab | undefined;

/** A manifest or media playlist is text; anything larger is not one the decision needs. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** Probes the frame for `srcUrl` (or its largest `blob:` video when null); a string says why it could not. */
export async function probe(
  tabId: number,
  frameId: number,
  srcUrl: string | null,
): Promise<ProbeResult | string> {
  try {
    const results = await browser.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      func: probeClickedVideo,
      args: [srcUrl],
    });
    const parsed = probeResultSchema.safeParse(results[0]?.result);
    return parsed.success ? parsed.data : 'the page answered with something unexpected';
  } catch (err) {
    return (err as Error).message;
  }
}

/** GET as text through the clicked frame (its cookies and CORS standing); http(s) only, no blocked host. */
async function fetchTextInFrame(tabId: number, frameId: number, url: string): Promise<TextAnswer> {
  if (!/^https?:\/\//i.test(url)) return { ok: false, error: `${url} is not an http(s) address` };
  if (isBlockedHost(url)) return { ok: false, error: `${url} is on a host the extension does not fetch` };
  try {
    const results = await browser.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      func: frameFetch,
      args: [url, { as: 'text', maxBytes: MAX_MANIFEST_BYTES }],
    });
    const parsed = frameFetchResultSchema.safeParse(results[0]?.result);
    if (!parsed.success) return { ok: false, error: `the page answered ${url} with something unexpected` };
    const answer = parsed.data;
    return answer.ok ? { ok: true, url: answer.url, body: answer.body } : { ok: false, error: answer.error };
  } catch (err) {
    return { ok: false, error: `Could not fetch ${url} in the page: ${(err as Error).message}` };
  }
}

/** What the frame's probe and the one decision made of it, or why the frame could not be read. */
export type FrameDecision = { probed: ProbeResult; decision: StreamDecision } | { unreadable: string };

/** Probes the frame and decides (manifests read through the frame, matched by duration). */
export async function decideInFrame(
  tabId: number,
  frameId: number,
  srcUrl: string | null,
  pageUrl: string | undefined,
): Promise<FrameDecision> {
  const probed = await probe(tabId, frameId, srcUrl);
  if (typeof probed === 'string') return { unreadable: probed };
  const decision = await decideStream(
    probed,
    { pageUrl: pageUrl ?? probed.frameUrl },
    { fetchText: (url) => fetchTextInFrame(tabId, frameId, url) },
  );
  return { probed, decision };
}

export function unreadable(why: string): JobError {
  return {
    code: 'page_unreadable',
    message: t('captureUnreadable', why),
  };
}

/** The capture source a decision to copy makes (mode and manifest from the decision). */
export function captureSourceOf(
  base: Pick<CaptureSource, 'pageUrl' | 'tabId' | 'frameId'>,
  probed: ProbeResult,
  decision: Extract<StreamDecision, { kind: 'blob' | 'stream' }>,
): CaptureSource {
  return {
    kind: 'capture',
    // Picked, not spread: a waiting job's source (undecided, placeholder mode) must not carry over.
    pageUrl: base.pageUrl,
    tabId: base.tabId,
    frameId: base.frameId,
    mode: decision.kind === 'blob' ? 'blob' : decision.plan.kind,
    frameUrl: probed.frameUrl,
    srcUrl: probed.currentSrc,
    ...(decision.kind === 'stream' ? { manifestUrl: decision.manifestUrl } : {}),
    ...(typeof probed.duration === 'number' && probed.duration > 0 ? { duration: probed.duration } : {}),
  };
}

/**
 * Starts (or refuses) the capture of the video in `frameId` of `tab`. Returns false when the frame
 * holds no `blob:` video at all (so the caller can fall back to its own search). A click in a
 * cross-origin frame the extension may not read yet makes a job that waits for access to it.
 */
export async function captureFromClick(
  tab: Tab,
  frameId: number,
  srcUrl: string | null,
  pageUrl: string | undefined,
  frameUrl?: string,
): Promise<boolean> {
  const failedSource: JobSource = { kind: 'url', url: srcUrl ?? pageUrl ?? 'about:blank', via: 'menu' };
  if (tab?.id === undefined) {
    await createFailedJob(failedSource, {
      code: 'no_tab',
      message: t('capturePageUnreadable'),
    });
    return true;
  }
  const tabId = tab.id;
  const frame = crossOriginFrame(frameId, frameUrl, pageUrl);
  if (frame && srcUrl !== null && !(await hasHostPermission(frame))) {
    // Decided once the frame's origin is granted (capture.ts); the placeholder mode is not used.
    await createCaptureJob(
      {
        kind: 'capture',
        mode: 'hls',
        undecided: true,
        pageUrl: pageUrl ?? frame.href,
        tabId,
        frameId,
        frameUrl: frame.href,
        srcUrl,
      },
      tab.title || '',
    );
    return true;
  }
  const decided = await decideInFrame(tabId, frameId, srcUrl, pageUrl);
  if ('unreadable' in decided) {
    await createFailedJob(failedSource, unreadable(decided.unreadable));
    return true;
  }
  const { probed, decision } = decided;
  if (srcUrl === null && !probed.isBlob) return false;
  const page = pageUrl ?? probed.frameUrl;
  if (decision.kind === 'refused') {
    await createFailedJob({ ...failedSource, url: page }, decision.error);
    return true;
  }
  if (decision.kind === 'direct') {
    // The element switched to an ordinary address since the click: the URL flow takes it.
    await createUrlJob(decision.url, 'menu', page);
    return true;
  }
  const job = await createCaptureJob(
    captureSourceOf({ pageUrl: page, tabId, frameId }, probed, decision),
    tab.title || '',
  );
  if (decision.kind === 'blob') {
    // Known at once: the popup shows the size while the bytes are read.
    await patchJob(job.id, { videoSize: decision.size });
  }
  return true;
}
