/**
 * What a WebM's Info and Tracks say about its video, for TikTok's rules (video-rules.ts):
 * Duration × TimecodeScale, the video track's PixelWidth/PixelHeight, and its frame rate from
 * DefaultDuration (ns per frame) when the muxer wrote one. A live recording without a Duration
 * or DefaultDuration leaves those facts unknown rather than failing.
 */
import type { ByteSource } from './format';
import { readElement } from './ebml';
import type { VideoFacts } from './video-rules';

const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
const TRACK_ENTRY = 0xae;
const TRACK_TYPE = 0x83;
const DEFAULT_DURATION = 0x23e383;
const VIDEO = 0xe0;
const PIXEL_WIDTH = 0xb0;
const PIXEL_HEIGHT = 0xba;

interface Span {
  body: number;
  size: number;
}

/** The sized children of a master element, by id (first of each). */
async function childrenOf(src: ByteSource, parent: Span): Promise<Map<number, Span>[]> {
  const all: Map<number, Span>[] = [new Map()];
  const end = parent.body + parent.size;
  for (let at = parent.body; at < end;) {
    const el = await readElement(src, at);
    if (!el || el.size === undefined || el.body + el.size > end) break;
    const span = { body: el.body, size: el.size };
    if (el.id === TRACK_ENTRY) all.push(new Map([[TRACK_ENTRY, span]]));
    else if (!all[0].has(el.id)) all[0].set(el.id, span);
    at = el.body + el.size;
  }
  return all;
}

async function uint(src: ByteSource, span: Span | undefined): Promise<number | undefined> {
  if (!span || span.size === 0 || span.size > 8) return undefined;
  let value = 0;
  for (const byte of await src.read(span.body, span.size)) value = value * 256 + byte;
  return value;
}

async function float(src: ByteSource, span: Span | undefined): Promise<number | undefined> {
  if (!span || (span.size !== 4 && span.size !== 8)) return undefined;
  const bytes = await src.read(span.body, span.size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return span.size === 4 ? view.getFloat32(0) : view.getFloat64(0);
}

export async function webmFacts(src: ByteSource, info: Span, tracks: Span): Promise<VideoFacts> {
  const facts: VideoFacts = {};
  const [infoChildren] = await childrenOf(src, info);
  const scale = (await uint(src, infoChildren.get(TIMECODE_SCALE))) ?? 1_000_000;
  const duration = await float(src, infoChildren.get(DURATION));
  if (duration !== undefined && duration > 0) facts.durationSec = (duration * scale) / 1e9;

  const [, ...entries] = await childrenOf(src, tracks);
  for (const entry of entries) {
    const [fields] = await childrenOf(src, entry.get(TRACK_ENTRY)!);
    if ((await uint(src, fields.get(TRACK_TYPE))) !== 1) continue; // 1: video
    const frameNs = await uint(src, fields.get(DEFAULT_DURATION));
    if (frameNs) facts.fps = 1e9 / frameNs;
    const video = fields.get(VIDEO);
    if (video) {
      const [picture] = await childrenOf(src, video);
      const width = await uint(src, picture.get(PIXEL_WIDTH));
      const height = await uint(src, picture.get(PIXEL_HEIGHT));
      if (width && height) Object.assign(facts, { width, height });
    }
    break;
  }
  return facts;
}
