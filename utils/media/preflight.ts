// The pre-flight verdict: from what a video's container says (read in the offscreen document,
// entrypoints/offscreen/preflight.ts), decide before the init whether TikTok would take it, so a
// video TikTok refuses after the whole upload never spends one of the creator's draft slots.
// TikTok's rules (Content Posting API, media requirements): H.264/H.265/VP8/VP9 video with
// AAC/MP3/Opus/Vorbis audio, 360–4096 px per side, 23–60 fps, drafts up to 10 minutes (more
// than 3 minutes only for some accounts). Pure: no browser API.
import type { JobError } from '../job';
// Except its words: `t()` reads them in the browser's language.
import { t } from '../i18n';

export const PREFLIGHT_RULES = {
  videoCodecs: ['avc', 'hevc', 'vp8', 'vp9'],
  audioCodecs: ['aac', 'mp3', 'opus', 'vorbis'],
  minSide: 360,
  maxSide: 4096,
  minFps: 23,
  maxFps: 60,
  maxSeconds: 600,
  /** Every account can post 3 minutes; longer only some. */
  warnSeconds: 180,
} as const;

/** Containers sent as they are; the others are remuxed into a progressive MP4 first. */
export const SENT_AS_IS = ['mp4', 'webm'] as const;

export interface VideoMetadata {
  /** 'mp4', 'mov', 'm4v', 'webm', 'mkv', 'ts' (what the reader recognised). */
  container: string;
  /** mediabunny's codec names ('avc', 'hevc', 'vp9', …); null when the track's codec is unknown. */
  videoCodec: string | null;
  audioCodec?: string | null;
  width: number;
  height: number;
  /** Average frames per second over the first packets. */
  fps: number;
  durationSec: number;
}

export type PreflightVerdict =
  { ok: true; remux: boolean; warning?: string } | { ok: false; error: JobError };

const NAMES: Record<string, string> = {
  avc: 'H.264',
  hevc: 'H.265',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  prores: 'ProRes',
  aac: 'AAC',
  mp3: 'MP3',
  opus: 'Opus',
  vorbis: 'Vorbis',
  ac3: 'AC-3',
  eac3: 'E-AC-3',
  flac: 'FLAC',
  sorenson: 'Sorenson Spark (H.263)',
  vp6: 'On2 VP6',
  vp6a: 'On2 VP6 with alpha',
  screen: 'Flash Screen Video',
  screen2: 'Flash Screen Video 2',
  nellymoser: 'Nellymoser',
  speex: 'Speex',
  pcm: 'PCM',
  adpcm: 'ADPCM',
};

/** What the FLV remux (utils/media/flv-remux.ts) copies; other FLV codecs need a re-encode. */
export const FLV_COPIED = { video: ['avc'], audio: ['aac', 'mp3'] } as const;

const named = (codec: string | null | undefined): string =>
  codec ? (NAMES[codec] ?? codec.toUpperCase()) : t('preflightUnknownCodec');

export function notPlayable(detail?: string): JobError {
  return {
    code: 'not_playable',
    message: detail ? t('preflightNotPlayableDetail', detail) : t('preflightNotPlayable'),
  };
}

export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** An FLV whose codecs cannot be copied into an MP4 (old Flash codecs): say which, and how to convert. */
function flvCodecRefusal(meta: VideoMetadata): JobError | undefined {
  const video = (FLV_COPIED.video as readonly string[]).includes(meta.videoCodec ?? '');
  const audio =
    meta.audioCodec === undefined || (FLV_COPIED.audio as readonly string[]).includes(meta.audioCodec ?? '');
  if (video && audio) return undefined;
  return {
    code: 'unsupported_codec',
    message: video
      ? t('flvSoundNotCopied', named(meta.audioCodec))
      : t('flvVideoNotCopied', named(meta.videoCodec)),
  };
}

/** The verdict on a video whose metadata was read; `undefined` metadata is an unreadable file. */
export function preflightVerdict(meta: VideoMetadata | undefined): PreflightVerdict {
  const rules = PREFLIGHT_RULES;
  if (!meta) return { ok: false, error: notPlayable() };
  const flvRefusal = meta.container === 'flv' ? flvCodecRefusal(meta) : undefined;
  if (flvRefusal) return { ok: false, error: flvRefusal };
  if (!meta.videoCodec || !(rules.videoCodecs as readonly string[]).includes(meta.videoCodec)) {
    return {
      ok: false,
      error: {
        code: 'unsupported_codec',
        message: t('preflightVideoCodec', named(meta.videoCodec)),
      },
    };
  }
  if (
    meta.audioCodec !== undefined &&
    !(rules.audioCodecs as readonly string[]).includes(meta.audioCodec ?? '')
  ) {
    return {
      ok: false,
      error: {
        code: 'unsupported_codec',
        message: t('preflightAudioCodec', named(meta.audioCodec)),
      },
    };
  }
  if (!(meta.width > 0 && meta.height > 0 && meta.durationSec > 0 && meta.fps > 0)) {
    return { ok: false, error: notPlayable(t('preflightNoMeasures')) };
  }
  const small = Math.min(meta.width, meta.height);
  const large = Math.max(meta.width, meta.height);
  if (small < rules.minSide || large > rules.maxSide) {
    return {
      ok: false,
      error: {
        code: 'unsupported_resolution',
        message: t('preflightResolution', meta.width, meta.height, rules.minSide, rules.maxSide),
      },
    };
  }
  // Averages over a sample land a hair off 23.976 or 60: a small tolerance, like TikTok's reading.
  if (meta.fps < rules.minFps - 0.1 || meta.fps > rules.maxFps + 0.1) {
    return {
      ok: false,
      error: {
        code: 'unsupported_frame_rate',
        message: t('preflightFrameRate', Math.round(meta.fps * 100) / 100, rules.minFps, rules.maxFps),
      },
    };
  }
  if (meta.durationSec > rules.maxSeconds + 0.5) {
    return {
      ok: false,
      error: {
        code: 'too_long',
        message: t('preflightTooLong', formatDuration(meta.durationSec)),
      },
    };
  }
  const remux = !(SENT_AS_IS as readonly string[]).includes(meta.container);
  if (meta.durationSec > rules.warnSeconds + 0.5) {
    return {
      ok: true,
      remux,
      warning: t('preflightLongWarning', formatDuration(meta.durationSec)),
    };
  }
  return { ok: true, remux };
}
