// What a video file really is, asked of ffprobe/ffmpeg (never of the extension's own parsers), and
// the bytes an upload delivered to the emulator: a capture test asserts on these.
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';
import { emulator } from './emulator';
import { EMULATOR_URL, TMP_DIR } from './env';

const exec = promisify(execFile);

export interface ProbeStream {
  index: number;
  codec_type: 'video' | 'audio' | string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  [key: string]: unknown;
}

export interface Probe {
  format: { format_name: string; duration?: string; size?: string; [key: string]: unknown };
  streams: ProbeStream[];
}

/** `ffprobe -show_format -show_streams -of json`; rejects (with ffprobe's words) on an unreadable file. */
export async function probeMedia(file: string): Promise<Probe> {
  const { stdout } = await exec(
    'ffprobe',
    ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file],
    { maxBuffer: 16 << 20 },
  );
  return JSON.parse(stdout) as Probe;
}

/** Everything `ffmpeg -v error -i F -f null -` complains about while decoding every frame ('' = clean). */
export async function decodeErrors(file: string): Promise<string> {
  try {
    const { stderr } = await exec('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], {
      maxBuffer: 16 << 20,
    });
    return stderr.trim();
  } catch (error) {
    const e = error as { stderr?: string };
    return (e.stderr ?? String(error)).trim() || 'ffmpeg failed';
  }
}

/** The top-level box types of an ISO BMFF file, in order (reads only the box headers). */
export async function topLevelBoxes(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const types: string[] = [];
    const header = Buffer.alloc(16);
    for (let offset = 0; offset + 8 <= size;) {
      await handle.read(header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      types.push(header.toString('latin1', 4, 8));
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - offset;
      if (boxSize < 8) break;
      offset += boxSize;
    }
    return types;
  } finally {
    await handle.close();
  }
}

export interface MediaReport {
  file: string;
  /** `progressive-mp4`: a `moov` and no `moof` (what TikTok takes best); `fragmented-mp4`; else ffprobe's name. */
  container: 'progressive-mp4' | 'fragmented-mp4' | string;
  boxes: string[];
  /** Whether `moov` comes before `mdat` (fast start). */
  faststart: boolean;
  duration: number;
  /** The (first) video stream's size. */
  width?: number;
  height?: number;
  videoStreams: number;
  audioStreams: number;
  videoCodec?: string;
  audioCodec?: string;
  /** From decodeErrors: '' when every frame decodes. */
  decodeErrors: string;
}

/** ffprobe + a box walk + a full decode: the facts a capture test asserts. */
export async function inspectMedia(file: string): Promise<MediaReport> {
  const [probe, boxes, errors] = await Promise.all([
    probeMedia(file),
    topLevelBoxes(file),
    decodeErrors(file),
  ]);
  const video = probe.streams.filter((s) => s.codec_type === 'video');
  const audio = probe.streams.filter((s) => s.codec_type === 'audio');
  const isMp4 = /mp4|mov/.test(probe.format.format_name);
  const container = !isMp4
    ? probe.format.format_name
    : boxes.includes('moof')
      ? 'fragmented-mp4'
      : boxes.includes('moov')
        ? 'progressive-mp4'
        : probe.format.format_name;
  return {
    file,
    container,
    boxes,
    faststart: boxes.includes('moov') && boxes.indexOf('moov') < boxes.indexOf('mdat'),
    duration: Number(probe.format.duration ?? NaN),
    width: video[0]?.width,
    height: video[0]?.height,
    videoStreams: video.length,
    audioStreams: audio.length,
    videoCodec: video[0]?.codec_name,
    audioCodec: audio[0]?.codec_name,
    decodeErrors: errors,
  };
}

/**
 * The bytes a complete upload left in the emulator, as a file under .tmp/e2e/uploads/ (fetched
 * from the upload's `contentUrl`, emulator/CONTRACT.md, so the test reads what TikTok would keep).
 */
export async function uploadedFile(publishId: string): Promise<string> {
  const upload = await emulator.upload(publishId);
  if (!upload.contentUrl) throw new Error(`upload ${publishId} has no contentUrl: is it complete?`);
  const response = await fetch(new URL(upload.contentUrl, EMULATOR_URL));
  if (!response.ok || !response.body) throw new Error(`GET ${upload.contentUrl} → ${response.status}`);
  const dir = path.join(TMP_DIR, 'uploads');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${publishId.replace(/[^\w.-]/g, '_')}.mp4`);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(file));
  return file;
}

/** inspectMedia over what the emulator stored for `publishId`. */
export async function inspectUpload(publishId: string): Promise<MediaReport> {
  return inspectMedia(await uploadedFile(publishId));
}
