// The pre-flight facts of an FLV (issue 10): container, codecs, picture, frame rate and duration,
// from its first tags and `onMetaData` (AMF0), and its tail for the duration when the metadata
// has none. Also keeps what the remux and the thumbnail need: the decoder configurations and the
// first key frame. Reads a bounded prefix of the file, never the whole. Pure.
import { avcPictureSize } from './avc-sps';
import {
  flvTags,
  parseAudioSpecificConfig,
  parseAudioTag,
  parseFlvHeader,
  parseMp3Header,
  parseVideoTag,
  TAG_AUDIO,
  TAG_SCRIPT,
  TAG_VIDEO,
  type ByteRead,
} from './flv';
import type { VideoMetadata } from './preflight';

export interface FlvAudioInfo {
  codec: string;
  /** AAC's AudioSpecificConfig. */
  config?: Uint8Array;
  sampleRate: number;
  channels: number;
}

export interface FlvProbe {
  meta: VideoMetadata;
  /** avcC (or hvcC): the decoder configuration the MP4 and the decoder need. */
  videoConfig?: Uint8Array;
  audio?: FlvAudioInfo;
  /** The first key frame (length-prefixed NAL units) and its presentation time in seconds. */
  firstKey?: { data: Uint8Array; timestamp: number };
}

/** Video frames looked at for the frame rate (as the other containers' reader does). */
const FPS_FRAMES = 120;
/** The most bytes the probe reads from the start: it stops earlier once it has seen enough. */
const SCAN_BYTES = 16 * 1024 * 1024;

export async function probeFlv(read: ByteRead, size: number): Promise<FlvProbe> {
  const header = parseFlvHeader(await read(0, Math.min(size, 16)));
  let script: Record<string, unknown> = {};
  let videoCodec: string | null | undefined;
  let videoConfig: Uint8Array | undefined;
  let audio: FlvAudioInfo | undefined;
  let firstKey: FlvProbe['firstKey'];
  const times: number[] = [];
  for await (const tag of flvTags(read, size, { chunk: 256 * 1024 })) {
    if (tag.type === TAG_SCRIPT && Object.keys(script).length === 0) {
      const data = safeScript(tag.body);
      if (data?.name === 'onMetaData') script = data.value;
    } else if (tag.type === TAG_VIDEO) {
      const packet = parseVideoTag(tag.body);
      videoCodec ??= packet.codec;
      if (packet.kind === 'config') videoConfig ??= packet.data;
      if (packet.kind === 'frame') {
        times.push(tag.timestamp);
        if (packet.key && !firstKey)
          firstKey = { data: packet.data, timestamp: (tag.timestamp + packet.cts) / 1000 };
      }
    } else if (tag.type === TAG_AUDIO && !audio) {
      audio = audioInfo(parseAudioTag(tag.body));
    }
    const enough = times.length >= FPS_FRAMES && (audio !== undefined || !header.hasAudio);
    if (enough || tag.end > SCAN_BYTES) break;
  }

  const num = (key: string) => (typeof script[key] === 'number' ? (script[key] as number) : 0);
  let width = num('width');
  let height = num('height');
  if (videoConfig && videoCodec === 'avc' && !(width > 0 && height > 0)) {
    const picture = avcPictureSize(videoConfig);
    if (picture) ({ width, height } = picture);
  }
  const span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  const fps = span > 0 ? ((times.length - 1) * 1000) / span : num('framerate');
  let durationSec = num('duration');
  if (!(durationSec > 0)) {
    const last = await lastTimestamp(read, size);
    if (last !== undefined && times.length) durationSec = (last - times[0]) / 1000 + (fps > 0 ? 1 / fps : 0);
  }
  return {
    meta: {
      container: 'flv',
      videoCodec: videoCodec ?? null,
      ...(audio ? { audioCodec: audio.codec } : {}),
      width,
      height,
      fps,
      durationSec: Math.max(0, durationSec),
    },
    ...(videoConfig ? { videoConfig } : {}),
    ...(audio ? { audio } : {}),
    ...(firstKey ? { firstKey } : {}),
  };
}

function audioInfo(packet: ReturnType<typeof parseAudioTag>): FlvAudioInfo {
  if (packet.codec === 'aac' && packet.kind === 'config') {
    return { codec: 'aac', config: packet.data, ...parseAudioSpecificConfig(packet.data) };
  }
  if (packet.codec === 'mp3') {
    const mp3 = parseMp3Header(packet.data);
    if (mp3) return { codec: 'mp3', sampleRate: mp3.sampleRate, channels: mp3.channels };
  }
  // AAC without its configuration first, or a codec TikTok does not take: named, not copied.
  return { codec: packet.codec === 'aac' ? 'aac-without-config' : packet.codec, sampleRate: 0, channels: 0 };
}

/** The last tag's timestamp (ms), from the file's final PreviousTagSize; undefined if damaged. */
async function lastTimestamp(read: ByteRead, size: number): Promise<number | undefined> {
  if (size < 24) return undefined;
  const tail = await read(size - 4, size);
  const previous = ((tail[0] << 24) | (tail[1] << 16) | (tail[2] << 8) | tail[3]) >>> 0;
  if (previous < 11 || previous > size - 13) return undefined;
  const tag = await read(size - 4 - previous, size - 4 - previous + 11);
  if (tag[0] !== TAG_AUDIO && tag[0] !== TAG_VIDEO && tag[0] !== TAG_SCRIPT) return undefined;
  return ((tag[4] << 16) | (tag[5] << 8) | tag[6] | (tag[7] << 24)) >>> 0;
}

function safeScript(body: Uint8Array): { name: string; value: Record<string, unknown> } | undefined {
  try {
    return parseScriptData(body);
  } catch {
    return undefined; // damaged metadata: the tags still say what the file holds
  }
}

/** A script tag's name and its object (AMF0): `onMetaData` with duration, width, height, framerate. */
export function parseScriptData(body: Uint8Array): { name: string; value: Record<string, unknown> } {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > body.length) throw new Error('truncated AMF0');
  };
  const text = (n: number) => {
    need(n);
    const s = new TextDecoder().decode(body.subarray(at, at + n));
    at += n;
    return s;
  };
  const u16 = () => (need(2), (at += 2), view.getUint16(at - 2));
  const u32 = () => (need(4), (at += 4), view.getUint32(at - 4));
  const properties = (depth: number, into: Record<string, unknown>) => {
    for (;;) {
      const key = text(u16());
      need(1);
      if (key === '' && body[at] === 9) return (at++, into);
      into[key] = value(depth);
    }
  };
  const value = (depth: number): unknown => {
    if (depth > 16) throw new Error('AMF0 nested too deep');
    need(1);
    const marker = body[at++];
    switch (marker) {
      case 0:
        return (need(8), (at += 8), view.getFloat64(at - 8));
      case 1:
        return (need(1), body[at++] !== 0);
      case 2:
        return text(u16());
      case 3:
        return properties(depth + 1, {});
      case 5:
      case 6:
        return null;
      case 7:
        return (u16(), null);
      case 8:
        return (u32(), properties(depth + 1, {}));
      case 10: {
        const count = u32();
        if (count > body.length) throw new Error('damaged AMF0 array');
        return Array.from({ length: count }, () => value(depth + 1));
      }
      case 11:
        return (need(10), (at += 10), null);
      case 12:
        return text(u32());
      default:
        throw new Error(`AMF0 type ${marker}`);
    }
  };
  const name = value(0);
  const object = value(0);
  if (typeof name !== 'string' || typeof object !== 'object' || object === null || Array.isArray(object))
    throw new Error('not a script tag with an object');
  return { name, value: object as Record<string, unknown> };
}
