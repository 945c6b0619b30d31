// Which rendition of a stream to capture, and with which sound. TikTok takes H.264, H.265 and VP9
// up to 4096 px on the longer side; we copy (remux), never re-encode, so the choice must already be
// something TikTok takes. Preference: H.264 (plays everywhere, TikTok's own format), then H.265,
// then VP9; within a codec the most pixels, then the highest bandwidth.
import type { JobError } from '../job';
import type { DashManifest, DashSegment, Representation, SegmentRef } from './dash';
import type { HlsKey, HlsMasterPlaylist, HlsMediaPlaylist, HlsVariant } from './hls';
import { codecFamily, isAudioCodec, isWebmAudio, type CodecFamily } from './codecs';
import { unsupportedCodecRefusal, unsupportedResolutionRefusal } from './refusals';

export { codecFamily, isAudioCodec, type CodecFamily };

export const MAX_SIDE = 4096;

const FAMILY_ORDER: CodecFamily[] = ['h264', 'h265', 'vp9'];

export interface TrackPlan {
  /** HLS: the media playlist to read (its segments, keys and init map). */
  playlistUrl?: string;
  /** DASH: the init segment and the media segments, already expanded from the MPD. */
  initSegment?: SegmentRef;
  segments?: DashSegment[];
  /** DASH SegmentBase: the segment index (sidx) still to be read to list the segments. */
  sidx?: SegmentRef;
  /** As declared, e.g. `avc1.64001f`, `mp4a.40.2`; '' when the manifest does not say. */
  codec: string;
  bandwidth: number;
}

export interface VideoPlan extends TrackPlan {
  width: number;
  height: number;
  family: CodecFamily;
}

export interface AudioPlan extends TrackPlan {
  name?: string;
  language?: string;
}

export interface CapturePlan {
  kind: 'hls' | 'dash';
  video: VideoPlan;
  /** 'muxed': the sound is inside the video segments; undefined: the stream has no sound. */
  audio?: AudioPlan | 'muxed';
  /** Seconds; null until the media playlists are read (HLS without a loader). */
  duration: number | null;
  /** Media segments to download, video plus separate audio; null while unknown. */
  segmentCount: number | null;
  /** WebM for VP9 with Opus/Vorbis (or no) sound; MP4 otherwise (it holds every pair we choose). */
  output: 'mp4' | 'webm';
  /** Facts for refusalFor: a playlist without EXT-X-ENDLIST or a dynamic MPD. */
  live: boolean;
  /** Every key declared: session keys and, once loaded, the chosen playlists' EXT-X-KEYs. */
  hlsKeys: HlsKey[];
  /** DASH ContentProtection anywhere in the MPD. */
  protected: boolean;
}

export type Choice = { ok: true; plan: CapturePlan } | { ok: false; error: JobError };

interface Candidate<T> {
  item: T;
  family: CodecFamily;
  /** Declared codec; '' when assumed. */
  codec: string;
  width: number;
  height: number;
  bandwidth: number;
}

/** Best first: family order, declared before assumed, most pixels, highest bandwidth. */
function rank<T>(candidates: Candidate<T>[]): Candidate<T>[] {
  return candidates
    .filter((c) => Math.max(c.width, c.height) <= MAX_SIDE)
    .sort(
      (a, b) =>
        FAMILY_ORDER.indexOf(a.family) - FAMILY_ORDER.indexOf(b.family) ||
        Number(b.codec !== '') - Number(a.codec !== '') ||
        b.width * b.height - a.width * a.height ||
        b.bandwidth - a.bandwidth,
    );
}

/** Why nothing was chosen: codecs TikTok refuses, or only oversize renditions. */
function noChoice<T>(all: Candidate<T>[], declared: string[]): JobError {
  return all.length > 0 ? unsupportedResolutionRefusal(MAX_SIDE) : unsupportedCodecRefusal(declared);
}

/**
 * Chooses among an HLS master playlist's variants. With `loadMediaPlaylist` (fetch + parse, passed in
 * by the caller) it also reads the chosen video and audio playlists to learn the duration, segment
 * count, keys and whether the stream has ended; without it those stay unknown.
 */
export async function chooseHlsRendition(
  master: HlsMasterPlaylist,
  loadMediaPlaylist?: (url: string) => Promise<HlsMediaPlaylist>,
): Promise<Choice> {
  // Without any CODECS the stream predates the attribute: HLS was H.264 + AAC only then.
  const anyDeclared = master.variants.some((v) => v.codecs.length > 0);
  const all: Candidate<HlsVariant>[] = [];
  const declared: string[] = [];
  for (const v of master.variants) {
    const videoCodec = v.codecs.find((c) => !isAudioCodec(c));
    if (videoCodec) declared.push(videoCodec);
    // Audio-only variants (only an audio codec declared) are not pictures.
    if (anyDeclared && v.codecs.length > 0 && !videoCodec) continue;
    const family = videoCodec ? codecFamily(videoCodec) : 'h264';
    if (!family) continue;
    all.push({
      item: v,
      family,
      codec: videoCodec ?? '',
      width: v.resolution?.width ?? 0,
      height: v.resolution?.height ?? 0,
      bandwidth: v.bandwidth,
    });
  }
  const best = rank(all)[0];
  if (!best) return { ok: false, error: noChoice(all, declared) };
  const variant = best.item;

  const muxedAudioCodec = variant.codecs.find(isAudioCodec) ?? '';
  let audio: CapturePlan['audio'];
  const group = variant.audioGroup ? master.audio.filter((a) => a.groupId === variant.audioGroup) : [];
  const rendition = group.find((a) => a.default) ?? group[0];
  if (rendition && rendition.uri) {
    audio = {
      playlistUrl: rendition.uri,
      codec: muxedAudioCodec,
      bandwidth: 0,
      name: rendition.name,
      ...(rendition.language ? { language: rendition.language } : {}),
    };
  } else if (rendition || muxedAudioCodec || variant.codecs.length === 0) {
    // A rendition without URI, or an audio codec in CODECS, means the sound is in the segments.
    audio = 'muxed';
  }

  const plan: CapturePlan = {
    kind: 'hls',
    video: {
      playlistUrl: variant.uri,
      codec: best.codec,
      bandwidth: variant.bandwidth,
      width: best.width,
      height: best.height,
      family: best.family,
    },
    audio,
    duration: null,
    segmentCount: null,
    output: best.family === 'vp9' && (!muxedAudioCodec || isWebmAudio(muxedAudioCodec)) ? 'webm' : 'mp4',
    live: false,
    hlsKeys: [...master.sessionKeys],
    protected: false,
  };
  if (!loadMediaPlaylist) return { ok: true, plan };

  const videoPlaylist = await loadMediaPlaylist(variant.uri);
  const audioPlaylist =
    typeof audio === 'object' && audio.playlistUrl ? await loadMediaPlaylist(audio.playlistUrl) : undefined;
  return { ok: true, plan: withMediaPlaylists(plan, videoPlaylist, audioPlaylist) };
}

/** Fills in what only the media playlists know. */
export function withMediaPlaylists(
  plan: CapturePlan,
  video: HlsMediaPlaylist,
  audio?: HlsMediaPlaylist,
): CapturePlan {
  // EXT-X-MAP: the fMP4 init segment, which the DRM check reads before any media is copied.
  const init = (m?: HlsMediaPlaylist): SegmentRef | undefined => {
    const map = m?.segments.find((s) => s.map)?.map;
    return map ? { url: map.uri, ...(map.byteRange ? { byteRange: map.byteRange } : {}) } : undefined;
  };
  const videoInit = init(video);
  const audioInit = init(audio);
  return {
    ...plan,
    video: videoInit ? { ...plan.video, initSegment: videoInit } : plan.video,
    audio:
      audioInit && typeof plan.audio === 'object' ? { ...plan.audio, initSegment: audioInit } : plan.audio,
    duration: video.totalDuration,
    segmentCount: video.segments.length + (audio?.segments.length ?? 0),
    live: !video.endList || (audio !== undefined && !audio.endList),
    hlsKeys: [...plan.hlsKeys, ...video.keys, ...(audio?.keys ?? [])],
  };
}

/**
 * The page loaded a media playlist but no master (or the master was not found): capture it as is.
 * Its codec is unknown until the remuxer reads the segments; the element's size stands in.
 */
export function planFromHlsMediaPlaylist(
  media: HlsMediaPlaylist,
  playlistUrl: string,
  size: { width: number; height: number },
): CapturePlan {
  const plan: CapturePlan = {
    kind: 'hls',
    video: { playlistUrl, codec: '', bandwidth: 0, width: size.width, height: size.height, family: 'h264' },
    audio: 'muxed',
    duration: null,
    segmentCount: null,
    output: 'mp4',
    live: false,
    hlsKeys: [],
    protected: false,
  };
  return withMediaPlaylists(plan, media);
}

function track(rep: Representation): TrackPlan {
  const t: TrackPlan = { codec: rep.codecs, bandwidth: rep.bandwidth, segments: rep.segments };
  if (rep.initSegment) t.initSegment = rep.initSegment;
  if (rep.sidx) t.sidx = rep.sidx;
  return t;
}

/** Chooses a DASH video representation and its best audio (the highest bandwidth AAC or Opus). */
export function chooseDashRendition(dash: DashManifest): Choice {
  const all: Candidate<Representation>[] = [];
  for (const rep of dash.video) {
    const family = codecFamily(rep.codecs);
    if (!family) continue;
    all.push({
      item: rep,
      family,
      codec: rep.codecs,
      width: rep.width ?? 0,
      height: rep.height ?? 0,
      bandwidth: rep.bandwidth,
    });
  }
  const best = rank(all)[0];
  if (!best)
    return {
      ok: false,
      error: noChoice(
        all,
        dash.video.map((r) => r.codecs),
      ),
    };

  // Prefer the sound the output container holds natively: Opus in WebM, AAC in MP4.
  // An audio set without @codecs is taken on trust (usually AAC); the remuxer reads the real codec.
  const usable = dash.audio.filter((a) => /^(mp4a|opus)/i.test(a.codecs) || a.codecs === '');
  const wantWebm = best.family === 'vp9';
  const native = usable.filter((a) => (wantWebm ? isWebmAudio(a.codecs) : /^mp4a/i.test(a.codecs)));
  const pool = native.length > 0 ? native : usable;
  const audioRep = pool.slice().sort((a, b) => b.bandwidth - a.bandwidth)[0];

  const video = best.item;
  const audio: AudioPlan | undefined = audioRep
    ? { ...track(audioRep), ...(audioRep.language ? { language: audioRep.language } : {}) }
    : undefined;
  const counted = (r?: Representation): number | null =>
    r && r.segments.length === 0 && r.sidx ? null : (r?.segments.length ?? 0);
  const videoCount = counted(video);
  const audioCount = counted(audioRep);
  return {
    ok: true,
    plan: {
      kind: 'dash',
      video: { ...track(video), width: best.width, height: best.height, family: best.family },
      audio,
      duration: dash.duration,
      segmentCount: videoCount === null || audioCount === null ? null : videoCount + audioCount,
      output: wantWebm && (!audioRep || isWebmAudio(audioRep.codecs)) ? 'webm' : 'mp4',
      live: dash.dynamic,
      hlsKeys: [],
      protected: dash.protected,
    },
  };
}
