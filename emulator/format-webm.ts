/**
 * TikTok's WebM readability check: an EBML header whose DocType is `webm` (Matroska is another
 * container TikTok refuses, even when sent as video/webm), then a Segment that fits in the file
 * (or has the "unknown" size live recorders write) holding Info and Tracks before any Cluster.
 */
import type { ByteSource, FormatResult } from './format';
import { readElement } from './ebml';
import { webmFacts } from './format-webm-facts';
import { breaksRule } from './video-rules';

const EBML = 0x1a45dfa3;
const DOC_TYPE = 0x4282;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TRACKS = 0x1654ae6b;
const CLUSTER = 0x1f43b675;

const hex = (id: number): string => `0x${id.toString(16).toUpperCase()}`;

export async function checkWebm(src: ByteSource): Promise<FormatResult> {
  const header = await readElement(src, 0);
  if (!header || header.id !== EBML || header.size === undefined)
    return { ok: false, problem: 'no EBML header' };
  const headerEnd = header.body + header.size;
  if (headerEnd > src.size)
    return { ok: false, problem: 'the EBML header runs past the end of the file (truncated)' };
  let docType: string | undefined;
  for (let at = header.body; at < headerEnd;) {
    const child = await readElement(src, at);
    if (!child || child.size === undefined || child.body + child.size > headerEnd) {
      return { ok: false, problem: `a malformed element inside the EBML header at offset ${at}` };
    }
    if (child.id === DOC_TYPE) {
      docType = String.fromCharCode(...(await src.read(child.body, child.size))).replace(/\0+$/, '');
    }
    at = child.body + child.size;
  }
  if (docType !== 'webm') {
    return {
      ok: false,
      problem: `EBML DocType is '${docType ?? 'missing'}', not 'webm' (a Matroska file is not WebM)`,
    };
  }
  const segment = await readElement(src, headerEnd);
  if (!segment || segment.id !== SEGMENT) return { ok: false, problem: `no Segment after the EBML header` };
  const segmentEnd = segment.size === undefined ? src.size : segment.body + segment.size;
  if (segmentEnd > src.size) {
    return {
      ok: false,
      problem: `the Segment declares ${segment.size} bytes but the file ends first (truncated)`,
    };
  }
  // The Segment's top-level children up to the first Cluster (or one of unknown size): each
  // must fit, and Info and Tracks (what a reader needs to decode anything) must be among them.
  const seen = new Set<number>();
  const found = new Map<number, { body: number; size: number }>();
  for (let at = segment.body; at < segmentEnd;) {
    const child = await readElement(src, at);
    if (!child) return { ok: false, problem: `a malformed element inside the Segment at offset ${at}` };
    seen.add(child.id);
    if (child.id === CLUSTER || child.size === undefined) break;
    if (!found.has(child.id)) found.set(child.id, { body: child.body, size: child.size });
    if (child.body + child.size > segmentEnd) {
      return {
        ok: false,
        problem: `element ${hex(child.id)} at offset ${at} runs past the Segment's end (truncated)`,
      };
    }
    at = child.body + child.size;
  }
  if (!seen.has(INFO)) return { ok: false, problem: 'the Segment has no Info' };
  if (!seen.has(TRACKS)) return { ok: false, problem: 'the Segment has no Tracks before its first Cluster' };
  if (!seen.has(CLUSTER)) return { ok: false, problem: 'the Segment has no Cluster (no media data)' };
  // Readable: now TikTok's rules on what Info and Tracks say (size, frame rate, duration).
  const info = found.get(INFO);
  const tracks = found.get(TRACKS);
  const broken = info && tracks ? breaksRule(await webmFacts(src, info, tracks)) : undefined;
  return broken ? { ok: false, ...broken } : { ok: true, container: 'video/webm' };
}
