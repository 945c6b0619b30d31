// From "the user right-clicked this <video>" to "copy these segments" or "no, because …". Pure
// decision logic: the frame fetches (its cookies, its CORS standing) are passed in, so the same code
// runs in the background and in tests against scripted answers. Nothing here downloads media
// except, when `fetchBytes` is given, the init segments it checks for encryption.
import { MAX_VIDEO_SIZE } from '../chunk-plan';
import type { JobError } from '../job';
import {
  chooseDashRendition,
  chooseHlsRendition,
  planFromHlsMediaPlaylist,
  type CapturePlan,
} from './choose';
import { isDashManifest, parseDashManifest, type SegmentRef } from './dash';
import { matchesDuration, rankManifestCandidates } from './find-manifest';
import { isHlsPlaylist, isMasterPlaylist, parseMasterPlaylist, parseMediaPlaylist } from './hls';
import type { ProbeResult } from './page-probe';
import { initSegmentEncrypted, isBlockedHost, refusalFor } from './refusals';
import { t } from '../i18n';

/** Manifests fetched at most per click: enough for a page with ads and previews, bounded for hostile ones. */
export const MAX_MANIFEST_FETCHES = 8;

export type TextAnswer = { ok: true; url: string; body: string } | { ok: false; error: string };

export interface StreamDeps {
  /** GET through the clicked frame (frameFetch as text, schema-checked by the caller). */
  fetchText(url: string): Promise<TextAnswer>;
  /**
   * Reads an init segment through the frame; when absent, encrypted init segments go unchecked here.
   * Its errors propagate: a network failure is the caller's to retry, not a reason to refuse.
   */
  fetchBytes?(ref: SegmentRef): Promise<Uint8Array>;
}

export type StreamDecision =
  /** The element plays a plain Blob: copy it with readBlobChunk. */
  | { kind: 'blob'; blobUrl: string; size: number; type: string }
  /** The element plays an ordinary URL: the existing URL flow takes it. */
  | { kind: 'direct'; url: string }
  | { kind: 'stream'; manifestUrl: string; plan: CapturePlan }
  | { kind: 'refused'; error: JobError };

const refused = (error: JobError): StreamDecision => ({ kind: 'refused', error });

/** The element itself is gone (not "no stream found"): the page changed since the right-click. */
export const VIDEO_NOT_FOUND: JobError = {
  code: 'video_not_found',
  message: t('videoNotFound'),
};

/** Plan one manifest; throws naming the problem when its text or its media playlists do not parse. */
async function planFor(
  text: string,
  url: string,
  probe: ProbeResult,
  deps: StreamDeps,
): Promise<{ ok: true; plan: CapturePlan } | { ok: false; error: JobError }> {
  if (isHlsPlaylist(text)) {
    if (!isMasterPlaylist(text)) {
      const size = { width: probe.videoWidth, height: probe.videoHeight };
      return { ok: true, plan: planFromHlsMediaPlaylist(parseMediaPlaylist(text, url), url, size) };
    }
    return chooseHlsRendition(parseMasterPlaylist(text, url), async (playlistUrl) => {
      const answer = await deps.fetchText(playlistUrl);
      if (!answer.ok) throw new Error(answer.error);
      return parseMediaPlaylist(answer.body, answer.url);
    });
  }
  if (isDashManifest(text)) return chooseDashRendition(parseDashManifest(text, url));
  throw new Error(`${url} is neither an HLS playlist nor a DASH manifest`);
}

/** The init segments of a plan, for the encryption check. */
function initSegments(plan: CapturePlan): SegmentRef[] {
  const refs = [plan.video.initSegment];
  if (typeof plan.audio === 'object') refs.push(plan.audio.initSegment);
  return refs.filter((r): r is SegmentRef => r !== undefined);
}

export async function decideStream(
  probe: ProbeResult,
  context: { pageUrl?: string },
  deps: StreamDeps,
): Promise<StreamDecision> {
  const base = { pageUrl: context.pageUrl, frameUrl: probe.frameUrl };
  // What the element alone tells: policy, DRM, live. Nothing fetched yet.
  const elementDuration = typeof probe.duration === 'number' ? probe.duration : null;
  // A page on a blocked host is refused even when its video is gone.
  const blocked = refusalFor(base);
  if (blocked) return refused(blocked);
  if (!probe.found) return refused(VIDEO_NOT_FOUND);
  const early = refusalFor({
    ...base,
    mediaKeys: probe.encrypted,
    live: probe.duration === 'live',
    duration: elementDuration,
  });
  if (early) return refused(early);

  if (!probe.isBlob) {
    if (/^https?:/i.test(probe.currentSrc)) return { kind: 'direct', url: probe.currentSrc };
    return refused(refusalFor({ streamFound: false })!);
  }
  if (probe.plainBlob) {
    // Same codes as the chunk planner's, caught here before a byte of the Blob is read.
    const { size } = probe.plainBlob;
    if (size === 0) {
      return refused({
        code: 'empty',
        message: t('pageVideoEmpty'),
      });
    }
    if (size > MAX_VIDEO_SIZE) {
      return refused({
        code: 'too_large',
        message: t('pageVideoTooLarge', size, MAX_VIDEO_SIZE),
      });
    }
    return { kind: 'blob', blobUrl: probe.currentSrc, ...probe.plainBlob };
  }

  // A MediaSource: find the manifest it was built from, matched by duration.
  const notes: string[] = [];
  let codecError: JobError | undefined;
  let skippedBlocked: string | undefined;
  const covered = new Set<string>();
  let fetched = 0;
  for (const candidate of rankManifestCandidates(probe)) {
    if (covered.has(candidate.url)) continue;
    if (isBlockedHost(candidate.url)) {
      skippedBlocked ??= candidate.url;
      continue;
    }
    if (fetched++ >= MAX_MANIFEST_FETCHES) break;
    const answer = await deps.fetchText(candidate.url);
    if (!answer.ok) {
      notes.push(answer.error);
      continue;
    }
    covered.add(answer.url);
    let result: Awaited<ReturnType<typeof planFor>>;
    try {
      result = await planFor(answer.body, answer.url, probe, deps);
    } catch (cause) {
      notes.push((cause as Error).message);
      continue;
    }
    if (!result.ok) {
      codecError ??= result.error;
      continue;
    }
    const plan = result.plan;
    // The variant playlists of a master we have judged are not separate candidates.
    covered.add(plan.video.playlistUrl ?? '');
    if (!matchesDuration(elementDuration, plan.duration)) {
      notes.push(`${answer.url} lasts ${plan.duration} s, the video ${elementDuration} s`);
      continue;
    }
    const refusal = refusalFor({
      ...base,
      manifestUrl: answer.url,
      hlsKeys: plan.hlsKeys,
      dashProtected: plan.protected,
      live: plan.live,
      duration: plan.duration ?? elementDuration,
    });
    if (refusal) return refused(refusal);
    if (deps.fetchBytes) {
      for (const ref of initSegments(plan)) {
        if (initSegmentEncrypted(await deps.fetchBytes(ref))) {
          return refused(refusalFor({ initSegmentEncrypted: true })!);
        }
      }
    }
    return { kind: 'stream', manifestUrl: answer.url, plan };
  }

  if (codecError) return refused(codecError);
  if (skippedBlocked) return refused(refusalFor({ manifestUrl: skippedBlocked })!);
  const notFound = refusalFor({ streamFound: false })!;
  // What we tried, for the curious and for bug reports; the advice stays first.
  const detail = notes.length ? ` ${t('streamTried', notes.slice(0, 3).join('; ').slice(0, 400))}` : '';
  return refused({ ...notFound, message: notFound.message + detail });
}
