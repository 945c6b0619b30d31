// Which of the manifests the frame knows about is the one the clicked <video> plays. The page may
// hold several players, previews and ads; the plumbing fetches candidates in this order and takes
// the first whose duration matches the element's (`matchesDuration`).
import type { ManifestHint, ProbeResult } from './page-probe';

export interface ManifestCandidate extends ManifestHint {
  /** Guessed from the URL; the fetched text settles it (isMasterPlaylist / isDashManifest). */
  format: 'hls' | 'dash' | 'unknown';
  /** Guessed role of an HLS playlist: a master lists variants, a media playlist lists segments. */
  role: 'master' | 'media' | 'unknown';
}

export const MAX_CANDIDATES = 20;

const SOURCE_ORDER: ManifestHint['source'][] = ['resource', 'config', 'markup'];

export function manifestFormat(url: string, contentType = ''): ManifestCandidate['format'] {
  const type = contentType.toLowerCase();
  if (/mpegurl/.test(type)) return 'hls';
  if (/dash\+xml/.test(type)) return 'dash';
  let path = url;
  try {
    const u = new URL(url);
    path = u.pathname + u.search;
  } catch {
    // Keep the raw string: a hint is a hint.
  }
  // Query hints, and Azure/Smooth Streaming's `Manifest(format=m3u8-aapl)` / `(format=mpd-time-csf)`.
  if (/\.m3u8?(?:$|[?#])|[?&(](?:format|type|manifest|output)=(?:m3u8|hls)/i.test(path)) return 'hls';
  if (/\.mpd(?:$|[?#])|[?&(](?:format|type|manifest|output)=(?:mpd|dash)/i.test(path)) return 'dash';
  return 'unknown';
}

function directory(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname.replace(/[^/]*$/, '');
  } catch {
    return url;
  }
}

// Names media playlists carry in the wild: Apple's prog_index, Wowza's chunklist, ffmpeg's
// stream_0 / v0, per-quality names (720p, 1080, _hd_7), audio tracks.
const MEDIA_NAME =
  /(prog_index|chunklist|_(\d{3,4}p?|hd_\d+)\.m3u8|\/(v|stream_?|video_?|audio_?)\d+\/|\/\d{3,4}p?\/|audio|index_\d+)/i;
const MASTER_NAME = /(master|playlist\.m3u8|manifest|variant)/i;

/**
 * HLS role from the URL and the other candidates: a playlist whose directory holds other playlists
 * in subdirectories (hls.js demo streams, Apple's bipbop, ffmpeg's var_stream_map) is the master.
 */
function roleOf(
  hint: ManifestHint,
  format: ManifestCandidate['format'],
  all: ManifestHint[],
): ManifestCandidate['role'] {
  if (format !== 'hls') return 'unknown';
  const dir = directory(hint.url);
  const others = all
    .filter((o) => o.url !== hint.url && manifestFormat(o.url) === 'hls')
    .map((o) => directory(o.url));
  if (others.some((d) => d !== dir && d.startsWith(dir)) || MASTER_NAME.test(hint.url)) return 'master';
  // Below another playlist's directory (url_0/, gear4/, v720/): a variant or audio playlist.
  if (others.some((d) => d !== dir && dir.startsWith(d)) || MEDIA_NAME.test(hint.url)) return 'media';
  return 'unknown';
}

const ROLE_ORDER: ManifestCandidate['role'][] = ['master', 'unknown', 'media'];

/** The probe's manifests, best first: resource entries, then newest, masters before media playlists. */
export function rankManifestCandidates(probe: Pick<ProbeResult, 'manifests'>): ManifestCandidate[] {
  // The same manifest with a different fragment is the same request; its newest load counts.
  const keyOf = (m: ManifestHint): string => m.url.replace(/#.*$/, '');
  const latest = new Map<string, number>();
  probe.manifests.forEach((m, i) => latest.set(keyOf(m), i));
  const unique = probe.manifests.filter(
    (m, i) => probe.manifests.findIndex((o) => keyOf(o) === keyOf(m)) === i,
  );
  return unique
    .map((m) => {
      const format = manifestFormat(m.url);
      return { candidate: { ...m, format, role: roleOf(m, format, unique) }, at: latest.get(keyOf(m))! };
    })
    .sort(
      ({ candidate: a, at: ia }, { candidate: b, at: ib }) =>
        SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) ||
        ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
        // Resource timing lists oldest first: the newest load is most likely the clicked video's.
        (a.source === 'resource' ? ib - ia : ia - ib),
    )
    .map(({ candidate }) => candidate)
    .slice(0, MAX_CANDIDATES);
}

/**
 * Whether a manifest plays as long as the element says. Players report the media's own duration,
 * which differs from the playlist sum by rounding, a trimmed last segment or a start offset: allow
 * max(1.5 s, 2 %). An unknown element duration cannot disagree, so it matches.
 */
export function matchesDuration(
  videoDuration: number | null | 'live',
  manifestDuration: number | null,
): boolean {
  // A live element is refused as live whatever manifest it plays.
  if (videoDuration === 'live') return true;
  if (videoDuration === null || manifestDuration === null) return true;
  const tolerance = Math.max(1.5, 0.02 * Math.max(videoDuration, manifestDuration));
  return Math.abs(videoDuration - manifestDuration) <= tolerance;
}
