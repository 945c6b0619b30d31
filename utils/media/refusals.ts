// The reasons capture says no, decided before a single media byte is downloaded. Each JobError's
// message names the cause and what the user can do instead; the popup shows it as written.
import type { JobError } from '../job';
import type { HlsKey } from './hls';
import { t } from '../i18n';

/** TikTok's drafts take programmes up to 10 minutes. */
export const MAX_DURATION_SECONDS = 600;

/** Hosts whose video Chrome Web Store policy forbids helping to download (with their subdomains). */
export const BLOCKED_HOSTS = ['youtube.com', 'youtube-nocookie.com', 'youtu.be', 'googlevideo.com'] as const;

export interface RefusalFacts {
  /** The tab's URL, the clicked frame's URL, the chosen manifest's URL: any on a blocked host refuses. */
  pageUrl?: string;
  frameUrl?: string;
  manifestUrl?: string;
  /** `video.mediaKeys` was set. */
  mediaKeys?: boolean;
  /** Every HLS key seen: EXT-X-SESSION-KEY and the EXT-X-KEYs of the chosen playlists. */
  hlsKeys?: HlsKey[];
  /** The MPD has ContentProtection. */
  dashProtected?: boolean;
  /** `initSegmentEncrypted` found encv/enca/tenc/pssh in an init segment. */
  initSegmentEncrypted?: boolean;
  /** HLS without EXT-X-ENDLIST, a dynamic MPD, or the element's duration is Infinity. */
  live?: boolean;
  /** Seconds of the programme (manifest, else element); null or absent when unknown. */
  duration?: number | null;
  /** false when no manifest matched the video and it is no plain Blob. */
  streamFound?: boolean;
  /** Codecs of the streams on offer when none is one TikTok takes (H.264, H.265, VP9). */
  unsupportedCodecs?: string[];
}

export function isBlockedHost(url: string | undefined): boolean {
  if (!url) return false;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return false;
  }
  return BLOCKED_HOSTS.some((blocked) => host === blocked || host.endsWith(`.${blocked}`));
}

/**
 * DRM in an HLS key: SAMPLE-AES* needs a CDM (FairPlay, Widevine, PlayReady); a KEYFORMAT other
 * than `identity` names a DRM system even with METHOD=AES-128. Clear-key AES-128 we can decrypt.
 */
export function isDrmKey(key: HlsKey): boolean {
  if (key.method === 'NONE') return false;
  if (key.method !== 'AES-128') return true;
  return key.keyformat !== undefined && key.keyformat.toLowerCase() !== 'identity';
}

function minutes(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return s === 60 ? `${m + 1}:00` : `${m}:${String(s).padStart(2, '0')}`;
}

export function unsupportedCodecRefusal(codecs: string[]): JobError {
  const list =
    [...new Set(codecs.filter((c) => c !== ''))].slice(0, 5).join(', ') || t('preflightUnknownCodec');
  return {
    code: 'unsupported_codec',
    message: t('streamCodec', list),
  };
}

/** Every rendition is over TikTok's size limit; scaling would mean re-encoding. */
export function unsupportedResolutionRefusal(maxSide: number): JobError {
  return {
    code: 'unsupported_resolution',
    message: t('streamTooBig', maxSide),
  };
}

/** The first reason to refuse, in the order a user would want to hear it; undefined means go ahead. */
export function refusalFor(facts: RefusalFacts): JobError | undefined {
  // Policy first: on these hosts we do not even look at the stream.
  if ([facts.pageUrl, facts.frameUrl, facts.manifestUrl].some(isBlockedHost)) {
    return {
      code: 'blocked_host',
      message: t('streamBlockedHost'),
    };
  }
  const drm =
    facts.mediaKeys ||
    facts.dashProtected ||
    facts.initSegmentEncrypted ||
    (facts.hlsKeys ?? []).some(isDrmKey);
  if (drm) {
    return {
      code: 'drm_protected',
      message: t('streamDrm'),
    };
  }
  if (facts.live) {
    return {
      code: 'live_stream',
      message: t('streamLive'),
    };
  }
  if (facts.streamFound === false) {
    return {
      code: 'stream_not_found',
      message: t('streamNotFound'),
    };
  }
  if (typeof facts.duration === 'number' && facts.duration > MAX_DURATION_SECONDS) {
    return {
      code: 'too_long',
      message: t('streamTooLong', minutes(facts.duration)),
    };
  }
  if (facts.unsupportedCodecs && facts.unsupportedCodecs.length > 0) {
    return unsupportedCodecRefusal(facts.unsupportedCodecs);
  }
  return undefined;
}

/**
 * Looks for the boxes that mark encrypted ISO-BMFF media: `encv`/`enca` sample entries, `tenc` (track
 * encryption) and `pssh` (DRM system data). A scan of the type codes is enough: they sit inside
 * moov/trak/…/stsd where a full box walk would find them, and an init segment is a few KB.
 */
export function initSegmentEncrypted(bytes: Uint8Array): boolean {
  const codes = ['encv', 'enca', 'tenc', 'pssh'].map((s) => Array.from(s, (c) => c.charCodeAt(0)));
  for (let i = 4; i + 4 <= bytes.length; i++) {
    for (const code of codes) {
      if (
        bytes[i] === code[0] &&
        bytes[i + 1] === code[1] &&
        bytes[i + 2] === code[2] &&
        bytes[i + 3] === code[3]
      ) {
        // A box type is preceded by a 32-bit size that must fit in the buffer (or be 0/1: to end / 64-bit).
        const size = ((bytes[i - 4] << 24) | (bytes[i - 3] << 16) | (bytes[i - 2] << 8) | bytes[i - 1]) >>> 0;
        if (size === 0 || size === 1 || (size >= 8 && i - 4 + size <= bytes.length)) return true;
      }
    }
  }
  return false;
}
