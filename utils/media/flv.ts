// A small FLV demuxer (issue 10): curators' tools still write FLV with H.264/AAC, and no reader in
// the browser takes it (mediabunny neither), so its tags are parsed here and their packets are
// copied into an MP4 (flv-remux.ts), never re-encoded. Pure: the bytes come from a `read(start,
// end)` callback, a chunk at a time, so a multi-GB file is never held whole.
// Format: Adobe "Video File Format Specification" v10.1 (header, tags, AVC/AAC packets) and the
// "Enhanced RTMP" extension (a FourCC instead of a codec id, for H.265 and others).

export type ByteRead = (start: number, end: number) => Promise<Uint8Array>;

export const TAG_AUDIO = 8;
export const TAG_VIDEO = 9;
export const TAG_SCRIPT = 18;

/** "FLV" and version 1. */
export function isFlv(bytes: Uint8Array): boolean {
  return bytes[0] === 0x46 && bytes[1] === 0x4c && bytes[2] === 0x56 && bytes[3] === 1;
}

export interface FlvHeader {
  hasAudio: boolean;
  hasVideo: boolean;
  /** Where the first tag's PreviousTagSize0 field starts. */
  dataOffset: number;
}

export function parseFlvHeader(bytes: Uint8Array): FlvHeader {
  if (bytes.length < 9 || !isFlv(bytes)) throw new Error('not an FLV file (no FLV header)');
  const dataOffset = ((bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8]) >>> 0;
  if (dataOffset < 9) throw new Error('a damaged FLV header');
  return { hasAudio: (bytes[4] & 4) !== 0, hasVideo: (bytes[4] & 1) !== 0, dataOffset };
}

export interface FlvTag {
  type: number;
  /** Milliseconds: the decode time of a video tag. */
  timestamp: number;
  body: Uint8Array;
  /** Byte offset just past the tag (and its PreviousTagSize): how far the file was read. */
  end: number;
}

const u24 = (b: Uint8Array, i: number) => (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
/** A signed 24-bit value (the composition time offset). */
const s24 = (b: Uint8Array, i: number) => (u24(b, i) << 8) >> 8;
const tagTime = (b: Uint8Array, i: number) => (u24(b, i) | (b[i + 3] << 24)) >>> 0;

/** The largest tag body accepted: a single frame bigger than this is a damaged file, not a video. */
const MAX_TAG = 64 * 1024 * 1024;

/**
 * Tags in file order. Holds at most one chunk plus the tag being read; a tag's body is copied
 * out, so a chunk is dropped once its tags are handed on. A truncated last tag ends the file.
 */
export async function* flvTags(
  read: ByteRead,
  size: number,
  options: { chunk?: number } = {},
): AsyncGenerator<FlvTag> {
  const chunk = options.chunk ?? 1024 * 1024;
  let buffer = new Uint8Array(0);
  let bufferStart = 0;
  let fileAt = 0;
  /** Makes `[at, at + n)` available in `buffer` (bytes before `at` are dropped); false past the end. */
  const ensure = async (at: number, n: number): Promise<boolean> => {
    if (at + n > size) return false;
    if (at >= fileAt) {
      buffer = new Uint8Array(0);
      bufferStart = fileAt = at;
    } else if (at > bufferStart) {
      buffer = buffer.subarray(at - bufferStart);
      bufferStart = at;
    }
    while (fileAt < at + n) {
      const next = await read(fileAt, Math.min(size, Math.max(fileAt + chunk, at + n)));
      if (next.length === 0) return false;
      const joined = new Uint8Array(buffer.length + next.length);
      joined.set(buffer);
      joined.set(next, buffer.length);
      buffer = joined;
      fileAt += next.length;
    }
    return true;
  };
  if (!(await ensure(0, 9))) throw new Error('not an FLV file (too short)');
  const header = parseFlvHeader(buffer);
  let at = header.dataOffset + 4; // past PreviousTagSize0
  while (await ensure(at, 11)) {
    const i = at - bufferStart;
    const type = buffer[i] & 0x1f;
    if (buffer[i] & 0x20) throw new Error('an encrypted FLV (filtered tags) cannot be read');
    const length = u24(buffer, i + 1);
    if (length > MAX_TAG) throw new Error('a damaged FLV (a tag larger than 64 MB)');
    const timestamp = tagTime(buffer, i + 4);
    if (!(await ensure(at, 11 + length))) return;
    const start = at - bufferStart + 11;
    const body = buffer.slice(start, start + length);
    at += 11 + length + 4;
    yield { type, timestamp, body, end: Math.min(at, size) };
  }
}

export type FlvVideoCodec = 'avc' | 'hevc' | 'av1' | 'vp9' | 'sorenson' | 'screen' | 'vp6' | 'vp6a' | string;

export interface FlvVideoPacket {
  codec: FlvVideoCodec;
  /** 'config': the decoder configuration (avcC/hvcC); 'frame': coded data; 'other': ignored. */
  kind: 'config' | 'frame' | 'other';
  key: boolean;
  /** Composition time offset in ms: presentation = decode time + cts. */
  cts: number;
  data: Uint8Array;
}

const LEGACY_VIDEO: Record<number, FlvVideoCodec> = {
  2: 'sorenson',
  3: 'screen',
  4: 'vp6',
  5: 'vp6a',
  6: 'screen2',
  7: 'avc',
  12: 'hevc',
};
const FOURCC_VIDEO: Record<string, FlvVideoCodec> = { avc1: 'avc', hvc1: 'hevc', av01: 'av1', vp09: 'vp9' };

export function parseVideoTag(body: Uint8Array): FlvVideoPacket {
  if (body.length < 1) return { codec: 'unknown', kind: 'other', key: false, cts: 0, data: body };
  if (body[0] & 0x80) {
    // Enhanced RTMP: frame type (3 bits), packet type (4 bits), then a FourCC.
    const frameType = (body[0] >> 4) & 7;
    const packetType = body[0] & 0x0f;
    const fourcc = String.fromCharCode(...body.subarray(1, 5));
    const codec = FOURCC_VIDEO[fourcc] ?? fourcc;
    const key = frameType === 1;
    if (packetType === 0) return { codec, kind: 'config', key, cts: 0, data: body.subarray(5) };
    // CodedFrames carries a composition offset for AVC/HEVC; CodedFramesX (3) has none.
    if (packetType === 1 && (codec === 'avc' || codec === 'hevc'))
      return { codec, kind: 'frame', key, cts: s24(body, 5), data: body.subarray(8) };
    if (packetType === 1 || packetType === 3)
      return { codec, kind: 'frame', key, cts: 0, data: body.subarray(5) };
    return { codec, kind: 'other', key, cts: 0, data: body.subarray(5) };
  }
  const frameType = body[0] >> 4;
  const codec = LEGACY_VIDEO[body[0] & 0x0f] ?? `flv video codec ${body[0] & 0x0f}`;
  const key = frameType === 1;
  if (frameType === 5) return { codec, kind: 'other', key, cts: 0, data: body.subarray(1) }; // info/command
  if (codec !== 'avc' && codec !== 'hevc')
    return { codec, kind: 'frame', key, cts: 0, data: body.subarray(1) };
  if (body.length < 5) return { codec, kind: 'other', key, cts: 0, data: body.subarray(1) };
  const packetType = body[1];
  const data = body.subarray(5);
  if (packetType === 0) return { codec, kind: 'config', key, cts: 0, data };
  if (packetType === 1) return { codec, kind: 'frame', key, cts: s24(body, 2), data };
  return { codec, kind: 'other', key, cts: 0, data }; // end of sequence
}

export interface FlvAudioPacket {
  codec: string;
  /** 'config': AAC AudioSpecificConfig; 'frame': one raw AAC frame or MP3 frame(s). */
  kind: 'config' | 'frame';
  data: Uint8Array;
}

const AUDIO_FORMATS: Record<number, string> = {
  0: 'pcm',
  1: 'adpcm',
  2: 'mp3',
  3: 'pcm',
  4: 'nellymoser',
  5: 'nellymoser',
  6: 'nellymoser',
  7: 'alaw',
  8: 'ulaw',
  10: 'aac',
  11: 'speex',
  14: 'mp3',
};

export function parseAudioTag(body: Uint8Array): FlvAudioPacket {
  const format = body.length > 0 ? body[0] >> 4 : -1;
  const codec = AUDIO_FORMATS[format] ?? `flv audio format ${format}`;
  if (codec === 'aac' && body.length >= 2)
    return { codec, kind: body[1] === 0 ? 'config' : 'frame', data: body.subarray(2) };
  return { codec, kind: 'frame', data: body.subarray(1) };
}

/** AAC AudioSpecificConfig → sample rate and channels (ISO 14496-3, 1.6.2.1). */
export function parseAudioSpecificConfig(asc: Uint8Array): { sampleRate: number; channels: number } {
  const RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
  let bit = 0;
  const bits = (n: number) => {
    let v = 0;
    for (let k = 0; k < n; k++, bit++) v = (v << 1) | ((asc[bit >> 3] >> (7 - (bit & 7))) & 1);
    return v >>> 0;
  };
  if (asc.length < 2) throw new Error('a damaged AAC configuration');
  if (bits(5) === 31) bits(6);
  const index = bits(4);
  const sampleRate = index === 15 ? bits(24) : RATES[index];
  const channels = bits(4);
  if (!sampleRate) throw new Error('a damaged AAC configuration');
  return { sampleRate, channels: channels === 7 ? 8 : channels };
}

/** An MPEG audio frame header → sample rate, channels, samples per frame; undefined if none. */
export function parseMp3Header(
  frame: Uint8Array,
): { sampleRate: number; channels: number; samples: number } | undefined {
  if (frame.length < 4 || frame[0] !== 0xff || (frame[1] & 0xe0) !== 0xe0) return undefined;
  const version = (frame[1] >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (frame[1] >> 1) & 3; // 1: layer III
  const rateIndex = (frame[2] >> 2) & 3;
  if (version === 1 || layer === 0 || rateIndex === 3) return undefined;
  const base = [44100, 48000, 32000][rateIndex];
  const sampleRate = version === 3 ? base : version === 2 ? base / 2 : base / 4;
  const samples = layer === 3 ? 384 : layer === 2 || version === 3 ? 1152 : 576;
  return { sampleRate, channels: frame[3] >> 6 === 3 ? 1 : 2, samples };
}
