// HLS playlist parsing (RFC 8216 and its draft successor): just what capture needs to choose a
// rendition, refuse DRM and live streams, and list the segments to copy. Pure: text in, data out,
// every URI resolved against the playlist's own URL (relative URIs are the norm in the wild).

/** A byte range of a resource: `length` bytes from `offset` (EXT-X-BYTERANGE, DASH ranges). */
export interface ByteRange {
  offset: number;
  length: number;
}

export interface HlsKey {
  /** NONE, AES-128, SAMPLE-AES, SAMPLE-AES-CTR, … (upper-cased). */
  method: string;
  uri?: string;
  /** As written: `0x…` hex. Absent means "the media sequence number" for AES-128. */
  iv?: string;
  /** Absent means `identity` (a clear key we may fetch). */
  keyformat?: string;
}

export interface HlsVariant {
  uri: string;
  bandwidth: number;
  averageBandwidth?: number;
  resolution?: { width: number; height: number };
  /** The CODECS attribute split on commas, e.g. ['avc1.64001f', 'mp4a.40.2']; [] when absent. */
  codecs: string[];
  audioGroup?: string;
  frameRate?: number;
}

export interface HlsAudioRendition {
  groupId: string;
  name: string;
  /** Undefined when the audio is muxed into the variant's own segments. */
  uri?: string;
  default: boolean;
  autoselect: boolean;
  language?: string;
  channels?: string;
}

export interface HlsMasterPlaylist {
  variants: HlsVariant[];
  audio: HlsAudioRendition[];
  /** EXT-X-SESSION-KEY: keys the media playlists will use, announced up front. */
  sessionKeys: HlsKey[];
}

export interface HlsMap {
  uri: string;
  byteRange?: ByteRange;
}

export interface HlsSegment {
  uri: string;
  duration: number;
  byteRange?: ByteRange;
  /** The key in force for this segment; undefined or method NONE when clear. */
  key?: HlsKey;
  /** The media sequence number, needed as the AES-128 IV when the key has none. */
  sequence: number;
  /** EXT-X-MAP in force: the fMP4 init segment. */
  map?: HlsMap;
  discontinuity: boolean;
}

export interface HlsMediaPlaylist {
  segments: HlsSegment[];
  endList: boolean;
  playlistType?: 'VOD' | 'EVENT';
  targetDuration?: number;
  totalDuration: number;
  mediaSequence: number;
  /** Every distinct key the playlist declares (including METHOD=NONE), in order. */
  keys: HlsKey[];
  iFramesOnly: boolean;
}

export function isMasterPlaylist(text: string): boolean {
  return /^#EXT-X-STREAM-INF:/m.test(text);
}

export function isHlsPlaylist(text: string): boolean {
  return /^\uFEFF?#EXTM3U/.test(text.trimStart());
}

/** Parses an attribute list: KEY=VALUE,KEY="quoted, with commas",… into a map. */
export function parseAttributes(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
  for (let m = re.exec(list); m; m = re.exec(list)) {
    const raw = m[2];
    out[m[1]] = raw.startsWith('"') ? raw.slice(1, -1) : raw.trim();
  }
  return out;
}

function resolve(uri: string, base: string): string {
  try {
    return new URL(uri, base).href;
  } catch {
    return uri;
  }
}

/** Lines without blanks, CR and BOM; tags and URIs alike. */
function lines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function tagValue(line: string): string {
  const colon = line.indexOf(':');
  return colon < 0 ? '' : line.slice(colon + 1);
}

function parseKey(attrs: Record<string, string>, base: string): HlsKey {
  const key: HlsKey = { method: (attrs.METHOD ?? 'NONE').toUpperCase() };
  if (attrs.URI !== undefined) key.uri = resolve(attrs.URI, base);
  if (attrs.IV !== undefined) key.iv = attrs.IV;
  if (attrs.KEYFORMAT !== undefined) key.keyformat = attrs.KEYFORMAT;
  return key;
}

/** `n[@o]`; without `@o` the range starts where the previous one of the same resource ended. */
function parseByteRange(value: string, previousEnd: number | undefined): ByteRange | undefined {
  const m = /^(\d+)(?:@(\d+))?$/.exec(value.trim());
  if (!m) return undefined;
  const length = Number(m[1]);
  const offset = m[2] !== undefined ? Number(m[2]) : (previousEnd ?? 0);
  return { offset, length };
}

export function parseMasterPlaylist(text: string, baseUrl: string): HlsMasterPlaylist {
  const result: HlsMasterPlaylist = { variants: [], audio: [], sessionKeys: [] };
  let pending: Record<string, string> | undefined;
  for (const line of lines(text)) {
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      pending = parseAttributes(tagValue(line));
    } else if (line.startsWith('#EXT-X-MEDIA:')) {
      const a = parseAttributes(tagValue(line));
      if (a.TYPE !== 'AUDIO' || a['GROUP-ID'] === undefined) continue;
      result.audio.push({
        groupId: a['GROUP-ID'],
        name: a.NAME ?? '',
        uri: a.URI !== undefined ? resolve(a.URI, baseUrl) : undefined,
        default: a.DEFAULT === 'YES',
        autoselect: a.AUTOSELECT === 'YES',
        language: a.LANGUAGE,
        channels: a.CHANNELS,
      });
    } else if (line.startsWith('#EXT-X-SESSION-KEY:')) {
      result.sessionKeys.push(parseKey(parseAttributes(tagValue(line)), baseUrl));
    } else if (!line.startsWith('#') && pending) {
      const a = pending;
      pending = undefined;
      const res = /^(\d+)x(\d+)$/.exec(a.RESOLUTION ?? '');
      const variant: HlsVariant = {
        uri: resolve(line, baseUrl),
        bandwidth: Number(a.BANDWIDTH) || 0,
        codecs: (a.CODECS ?? '')
          .split(',')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      };
      if (a['AVERAGE-BANDWIDTH']) variant.averageBandwidth = Number(a['AVERAGE-BANDWIDTH']);
      if (res) variant.resolution = { width: Number(res[1]), height: Number(res[2]) };
      if (a.AUDIO !== undefined) variant.audioGroup = a.AUDIO;
      if (a['FRAME-RATE']) variant.frameRate = Number(a['FRAME-RATE']);
      result.variants.push(variant);
    }
  }
  return result;
}

export function parseMediaPlaylist(text: string, baseUrl: string): HlsMediaPlaylist {
  const result: HlsMediaPlaylist = {
    segments: [],
    endList: false,
    totalDuration: 0,
    mediaSequence: 0,
    keys: [],
    iFramesOnly: false,
  };
  let duration: number | undefined;
  let byteRange: ByteRange | undefined;
  let key: HlsKey | undefined;
  let map: HlsMap | undefined;
  let discontinuity = false;
  // EXT-X-BYTERANGE without an offset continues from the previous range of the same URI.
  const rangeEnds = new Map<string, number>();
  let pendingRange: string | undefined;
  for (const line of lines(text)) {
    if (line.startsWith('#EXTINF:')) {
      duration = Number.parseFloat(tagValue(line).split(',')[0]) || 0;
    } else if (line.startsWith('#EXT-X-BYTERANGE:')) {
      pendingRange = tagValue(line);
    } else if (line.startsWith('#EXT-X-KEY:')) {
      key = parseKey(parseAttributes(tagValue(line)), baseUrl);
      result.keys.push(key);
      if (key.method === 'NONE') key = undefined;
    } else if (line.startsWith('#EXT-X-MAP:')) {
      const a = parseAttributes(tagValue(line));
      map = { uri: resolve(a.URI ?? '', baseUrl) };
      const r = a.BYTERANGE ? parseByteRange(a.BYTERANGE, undefined) : undefined;
      if (r) map.byteRange = r;
    } else if (line === '#EXT-X-DISCONTINUITY') {
      discontinuity = true;
    } else if (line === '#EXT-X-ENDLIST') {
      result.endList = true;
    } else if (line === '#EXT-X-I-FRAMES-ONLY') {
      result.iFramesOnly = true;
    } else if (line.startsWith('#EXT-X-PLAYLIST-TYPE:')) {
      const type = tagValue(line).trim().toUpperCase();
      if (type === 'VOD' || type === 'EVENT') result.playlistType = type;
    } else if (line.startsWith('#EXT-X-TARGETDURATION:')) {
      result.targetDuration = Number(tagValue(line)) || undefined;
    } else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) {
      result.mediaSequence = Number(tagValue(line)) || 0;
    } else if (!line.startsWith('#')) {
      const uri = resolve(line, baseUrl);
      if (pendingRange !== undefined) {
        byteRange = parseByteRange(pendingRange, rangeEnds.get(uri));
        if (byteRange) rangeEnds.set(uri, byteRange.offset + byteRange.length);
      }
      const segment: HlsSegment = {
        uri,
        duration: duration ?? 0,
        sequence: result.mediaSequence + result.segments.length,
        discontinuity,
      };
      if (byteRange) segment.byteRange = byteRange;
      if (key) segment.key = key;
      if (map) segment.map = map;
      result.segments.push(segment);
      result.totalDuration += segment.duration;
      duration = undefined;
      byteRange = undefined;
      pendingRange = undefined;
      discontinuity = false;
    }
  }
  // Float sums drift (0.1 + 0.2); milliseconds are all anyone needs.
  result.totalDuration = Math.round(result.totalDuration * 1000) / 1000;
  return result;
}
