// DASH MPD parsing on top of mpd-parser, which expands SegmentTemplate/SegmentTimeline/SegmentList
// into plain segment URLs (the hard part). It runs under node and in the offscreen document alike:
// it carries its own XML parser (@xmldom/xmldom), no DOMParser global needed. What mpd-parser drops
// (mimeType, type="dynamic", where ContentProtection sits) we read from the XML ourselves.
import { parse, stringToMpdXml, type MpdPlaylist } from 'mpd-parser';
import type { ByteRange } from './hls';

export interface SegmentRef {
  url: string;
  byteRange?: ByteRange;
}

export interface DashSegment extends SegmentRef {
  duration: number;
}

export interface Representation {
  id: string;
  width?: number;
  height?: number;
  bandwidth: number;
  /** As written, e.g. `avc1.64001f`; '' when the MPD does not say. */
  codecs: string;
  /** `video/mp4`, `audio/webm`, … from the Representation or its AdaptationSet; '' if absent. */
  mimeType: string;
  language?: string;
  initSegment?: SegmentRef;
  /** Empty for SegmentBase (one file + sidx): then `sidx` says where the index is. */
  segments: DashSegment[];
  sidx?: SegmentRef;
  /** A ContentProtection element applies to this representation (or its AdaptationSet). */
  protected: boolean;
}

export interface DashManifest {
  /** type="dynamic": a live (or live-archiving) presentation. */
  dynamic: boolean;
  /** Seconds, from mediaPresentationDuration (or the segments); null when unknown. */
  duration: number | null;
  video: Representation[];
  audio: Representation[];
  /** Any ContentProtection anywhere in the MPD (DRM, or at least encrypted media). */
  protected: boolean;
}

export function isDashManifest(text: string): boolean {
  return /<MPD[\s>]/.test(text.slice(0, 4096));
}

interface XmlFacts {
  dynamic: boolean;
  anyProtection: boolean;
  mimeTypes: Map<string, string>;
  protectedIds: Set<string>;
}

/** Reads what mpd-parser leaves out, walking the xmldom tree it gives us. */
function xmlFacts(text: string): XmlFacts {
  const mpd = stringToMpdXml(text);
  const facts: XmlFacts = {
    dynamic: (mpd.getAttribute('type') ?? '').toLowerCase() === 'dynamic',
    anyProtection: mpd.getElementsByTagName('ContentProtection').length > 0,
    mimeTypes: new Map(),
    protectedIds: new Set(),
  };
  const reps = mpd.getElementsByTagName('Representation');
  for (let i = 0; i < reps.length; i++) {
    const rep = reps[i];
    const set = rep.parentNode as Element | null;
    const id = rep.getAttribute('id') ?? '';
    const mime = rep.getAttribute('mimeType') || set?.getAttribute?.('mimeType') || '';
    facts.mimeTypes.set(id, mime);
    const hasProtection = (el: Element | null | undefined): boolean =>
      !!el && Array.from(el.childNodes ?? []).some((n) => (n as Element).tagName === 'ContentProtection');
    if (hasProtection(rep) || hasProtection(set)) facts.protectedIds.add(id);
  }
  return facts;
}

function representation(
  p: MpdPlaylist,
  facts: XmlFacts,
  duration: number | null,
  language?: string,
): Representation {
  const id = p.attributes.NAME ?? '';
  // Only a BaseURL: the representation is one whole file (no init segment apart).
  const single =
    !p.segments && !p.sidx && p.resolvedUri ? [{ resolvedUri: p.resolvedUri, duration: duration ?? 0 }] : [];
  const rep: Representation = {
    id,
    bandwidth: p.attributes.BANDWIDTH ?? 0,
    codecs: p.attributes.CODECS ?? '',
    mimeType: facts.mimeTypes.get(id) ?? '',
    segments: (p.segments ?? single).map(
      (s: { resolvedUri: string; duration: number; byterange?: ByteRange }) => {
        const seg: DashSegment = { url: s.resolvedUri, duration: s.duration };
        if (s.byterange) seg.byteRange = { offset: s.byterange.offset, length: s.byterange.length };
        return seg;
      },
    ),
    protected: facts.protectedIds.has(id) || !!p.contentProtection,
  };
  if (p.attributes.RESOLUTION) {
    rep.width = p.attributes.RESOLUTION.width;
    rep.height = p.attributes.RESOLUTION.height;
  }
  if (language) rep.language = language;
  const map = p.segments?.[0]?.map;
  if (map) {
    rep.initSegment = { url: map.resolvedUri };
    if (map.byterange) rep.initSegment.byteRange = { ...map.byterange };
  }
  if (p.sidx) {
    // SegmentBase: one file; its Initialization range is the init segment, and the segments are
    // listed only in the file's sidx box (segmentsFromSidx turns that into ranges).
    rep.sidx = { url: p.sidx.resolvedUri, byteRange: { ...p.sidx.byterange } };
    const init = p.sidx.map;
    if (!rep.initSegment && init) {
      rep.initSegment = { url: init.resolvedUri };
      if (init.byterange) rep.initSegment.byteRange = { ...init.byterange };
    }
  }
  return rep;
}

/** Throws an Error naming the problem when the text is not a usable MPD. */
export function parseDashManifest(text: string, manifestUrl: string): DashManifest {
  let facts: XmlFacts;
  try {
    facts = xmlFacts(text);
  } catch (cause) {
    throw new Error(`Not a DASH manifest (${(cause as Error).message || 'invalid XML'})`);
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text, { manifestUri: manifestUrl });
  } catch (cause) {
    throw new Error(`Could not read the DASH manifest ${manifestUrl} (${(cause as Error).message})`);
  }
  const mpdDuration =
    !facts.dynamic && typeof parsed.duration === 'number' && parsed.duration > 0 ? parsed.duration : null;
  const video = (parsed.playlists ?? []).map((p) => representation(p, facts, mpdDuration));
  const audio: Representation[] = [];
  for (const group of Object.values(parsed.mediaGroups?.AUDIO ?? {})) {
    for (const [label, entry] of Object.entries(group)) {
      for (const p of entry.playlists ?? [])
        audio.push(representation(p, facts, mpdDuration, entry.language ?? label));
    }
  }
  let duration = mpdDuration;
  if (duration === null && !facts.dynamic && video[0]?.segments.length) {
    duration = video[0].segments.reduce((sum, s) => sum + s.duration, 0);
  }
  return {
    dynamic: facts.dynamic,
    duration,
    video,
    audio,
    protected: facts.anyProtection || [...video, ...audio].some((r) => r.protected),
  };
}
