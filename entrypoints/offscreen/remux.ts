// Captures an HLS stream into one progressive file in OPFS: the playlists are checked first
// (refusals before any segment), then mediabunny reads the best rendition through the page's
// frame and copies its packets — never re-encodes (`copy: { mode: 'forced' }` drops a track it
// cannot copy, and a missing track is a failure) — into an MP4 (`moov` index, no fragments,
// timestamps from 0) or, for VP8/VP9/AV1 with Opus/Vorbis, a WebM, written as it is made.
import {
  ALL_FORMATS,
  Conversion,
  Input,
  Mp4OutputFormat,
  Output,
  StreamTarget,
  UrlSource,
  WebMOutputFormat,
} from 'mediabunny';
import { openCaptureFile } from '@/utils/capture/opfs';
import { chooseHlsRendition, planFromHlsMediaPlaylist, type CapturePlan } from '@/utils/media/choose';
import {
  isMasterPlaylist,
  parseMasterPlaylist,
  parseMediaPlaylist,
  type HlsMediaPlaylist,
} from '@/utils/media/hls';
import { refusalFor } from '@/utils/media/refusals';
import type { CaptureResult } from '@/utils/capture/protocol';
import { createBridge, FetchFailed } from './bridge';
import type { FrameLink } from './frame-link';
import { t } from '@/utils/i18n';

export interface CaptureRequest {
  jobId: string;
  /** The clicked frame, which fetches every playlist, key and segment. */
  link: FrameLink;
  manifestUrl: string;
  fileName: string;
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
}

const WRITE_CHUNK = 4 * 1024 * 1024;

export function fail(code: string, message: string, retry = false): CaptureResult {
  return { ok: false, error: { code, message }, retry };
}

export async function captureHls(request: CaptureRequest): Promise<CaptureResult> {
  const expected = new Set<string>();
  const fetched = new Set<string>();
  const bridge = createBridge(request.link, (url) => {
    if (!expected.has(url) || fetched.has(url)) return;
    fetched.add(url);
    request.onProgress(fetched.size, expected.size);
  });

  try {
    // Choose and refuse from the playlists alone, before any segment.
    const top = await bridge.text(request.manifestUrl);
    const loaded: HlsMediaPlaylist[] = [];
    const load = async (url: string) => {
      const playlist = parseMediaPlaylist(await bridge.text(url), url);
      loaded.push(playlist);
      return playlist;
    };
    let plan: CapturePlan;
    if (isMasterPlaylist(top)) {
      const choice = await chooseHlsRendition(parseMasterPlaylist(top, request.manifestUrl), load);
      if (!choice.ok) return { ok: false, error: choice.error, retry: false };
      plan = choice.plan;
    } else {
      const media = parseMediaPlaylist(top, request.manifestUrl);
      loaded.push(media);
      plan = planFromHlsMediaPlaylist(media, request.manifestUrl, { width: 0, height: 0 });
    }
    const refusal = refusalFor({
      manifestUrl: request.manifestUrl,
      hlsKeys: plan.hlsKeys,
      live: plan.live,
      duration: plan.duration,
    });
    if (refusal) return { ok: false, error: refusal, retry: false };
    for (const playlist of loaded) for (const segment of playlist.segments) expected.add(segment.uri);
    request.onProgress(0, Math.max(expected.size, 1));
    if (request.signal.aborted) return fail('cancelled', t('cancelledShort'));

    // The chosen rendition's own playlists, so the remuxer reads exactly what was chosen.
    const open = (url: string) =>
      new Input({
        source: new UrlSource(url, {
          fetchFn: bridge.fetchFn,
          // Two quick retries, then the error surfaces (the job retries with backoff); a closed
          // page will not come back, so it is not retried.
          getRetryDelay: (attempts, error) => (attempts < 3 && !isPageClosed(error) ? 1 : null),
        }),
        formats: ALL_FORMATS,
      });
    const audioUrl = typeof plan.audio === 'object' ? plan.audio.playlistUrl : undefined;
    const video = open(plan.video.playlistUrl ?? request.manifestUrl);
    const sources: SourceInput[] = audioUrl
      ? [
          { input: video, only: 'video' },
          { input: open(audioUrl), only: 'audio' },
        ]
      : [{ input: video }];
    return await remuxInputs(request, sources);
  } catch (err) {
    return describeFailure(err);
  }
}

export interface SourceInput {
  input: Input;
  /** Take only this kind of track from the input (DASH: one input per representation). */
  only?: 'video' | 'audio';
}

/**
 * Copies the primary video and audio of the inputs into one output file in OPFS, written as it is
 * made. Several inputs (separate video and audio) are composable conversions into one output,
 * advanced in lockstep so neither runs ahead and piles up packets waiting to be interleaved.
 */
export async function remuxInputs(
  request: Pick<CaptureRequest, 'fileName' | 'signal'> & {
    /** The share converted, 0–1 (a single input only: a stream capture counts segments instead). */
    onShare?: (share: number) => void;
  },
  sources: SourceInput[],
): Promise<CaptureResult> {
  let writable: FileSystemWritableFileStream | undefined;
  try {
    const video = await firstTrack(sources, 'video');
    const audio = await firstTrack(sources, 'audio');
    if (!video) return fail('no_video_track', t('streamNoVideo'));
    const webm =
      ['vp8', 'vp9', 'av1'].includes(video.codec ?? '') &&
      (!audio || ['opus', 'vorbis'].includes(audio.codec ?? ''));
    const fileName = webm ? request.fileName.replace(/\.mp4$/, '.webm') : request.fileName;
    const handle = await openCaptureFile(navigator.storage, fileName);
    writable = await handle.createWritable();
    const output = new Output({
      format: webm ? new WebMOutputFormat() : new Mp4OutputFormat({ fastStart: false }),
      target: new StreamTarget(writable, { chunked: true, chunkSize: WRITE_CHUNK }),
    });
    const composable = sources.length > 1;
    const conversions = await Promise.all(
      sources.map(({ input, only }) =>
        Conversion.init({
          input,
          output,
          tracks: 'primary',
          video: only === 'audio' ? { discard: true } : {},
          audio: only === 'video' ? { discard: true } : {},
          // Copy packets or drop the track; a dropped track fails below. Never re-encode.
          copy: { mode: 'forced' },
          showWarnings: false,
          composable,
        }),
      ),
    );
    const used = conversions.reduce((n, c) => n + c.utilizedTracks.length, 0);
    if (conversions.some((c) => !c.isValid) || used < (audio ? 2 : 1)) {
      await writable.abort().catch(() => undefined);
      const codecs = [video.codec, audio?.codec].filter(Boolean).join(' + ');
      return fail('unsupported_codec', t('streamCodecsNoCopy', codecs));
    }
    const onAbort = () => conversions.forEach((c) => void c.cancel());
    request.signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (!composable) {
        if (request.onShare) conversions[0].onProgress = request.onShare;
        await conversions[0].execute();
      } else {
        await output.start();
        for (let until = LOCKSTEP_SECONDS; ; until += LOCKSTEP_SECONDS) {
          await Promise.all(conversions.map((c) => c.execute({ until })));
          if (conversions.every((c) => c.state === 'done')) break;
          if (request.signal.aborted) throw new Error('cancelled');
        }
        await output.finalize();
      }
    } finally {
      request.signal.removeEventListener('abort', onAbort);
    }
    const file = await handle.getFile();
    return { ok: true, fileName, size: file.size, mimeType: webm ? 'video/webm' : 'video/mp4' };
  } catch (err) {
    await writable?.abort().catch(() => undefined);
    throw err;
  } finally {
    for (const { input } of sources) input.dispose();
  }
}

/** Output time each lockstep round advances. */
const LOCKSTEP_SECONDS = 10;

async function firstTrack(sources: SourceInput[], kind: 'video' | 'audio') {
  for (const { input, only } of sources) {
    if (only && only !== kind) continue;
    const track = kind === 'video' ? await input.getPrimaryVideoTrack() : await input.getPrimaryAudioTrack();
    if (track) return track;
  }
  return null;
}

function isPageClosed(err: unknown): boolean {
  return err instanceof Error && err.message.includes('page_closed');
}

export function describeFailure(err: unknown): CaptureResult {
  // The remuxer may wrap the fetch's error: the page's closing is recognised by its words too.
  if (isPageClosed(err) || (err instanceof Error && isPageClosed(err.cause)))
    return fail('page_closed', t('capturePageClosed'));
  if (err instanceof FetchFailed) {
    if (err.message.includes('page_closed')) return fail('page_closed', t('capturePageClosed'));
    if (err.status >= 500 || err.status === 0 || err.status === 429)
      return fail('stream_fetch_failed', t('streamServerSilent', err.message), true);
    return fail('stream_fetch_failed', t('streamPieceRefused', err.message));
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/cancel/i.test(message)) return fail('cancelled', t('cancelledShort'));
  return fail('capture_failed', t('streamCopyFailed', message.slice(0, 300)));
}
