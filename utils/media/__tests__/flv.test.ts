// The FLV demuxer and remux over real ffmpeg-made FLVs: header and tags, onMetaData, the AVC and
// AAC configurations, composition offsets (B-frames), MP3 sound, an FLV without metadata (size
// from the SPS, duration from the tail), the codecs it refuses, and an MP4 out whose packets are
// byte for byte the FLV's (ffmpeg's framemd5 of both), checked with ffprobe.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferTarget } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { avcPictureSize } from '../avc-sps';
import { flvTags, isFlv, parseAudioSpecificConfig, parseVideoTag, TAG_SCRIPT, TAG_VIDEO } from '../flv';
import { parseScriptData, probeFlv } from '../flv-probe';
import { FlvUnsupported, remuxFlvToMp4 } from '../flv-remux';
import { makeMedia } from './ffmpeg-media';

const SLOW = 60_000;
const sources = (size: string, rate: number, seconds: number) => [
  ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`],
  ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`],
];
const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];

/** Reads of a buffer, counted: the demuxer must read by pieces, not the whole file at once. */
function reader(bytes: Uint8Array) {
  const reads: number[] = [];
  const read = async (start: number, end: number) => {
    reads.push(end - start);
    return bytes.slice(start, end);
  };
  return { read, reads };
}

function file(bytes: Uint8Array, name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'flv-test-')), name);
  writeFileSync(path, bytes);
  return path;
}

function ffprobe(path: string) {
  const out = execFileSync('ffprobe', [
    ...['-v', 'error', '-count_packets', '-show_entries'],
    'format=format_name,duration:stream=codec_type,codec_name,width,height,nb_read_packets',
    ...['-of', 'json', path],
  ]);
  return JSON.parse(String(out)) as {
    format: { format_name: string; duration: string };
    streams: {
      codec_type: string;
      codec_name: string;
      width?: number;
      height?: number;
      nb_read_packets: string;
    }[];
  };
}

/** The md5 of each packet of one stream, in order (ffmpeg copies, never decodes). */
function packetHashes(path: string, stream: 'v' | 'a'): string[] {
  const out = String(
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      path,
      '-map',
      `0:${stream}`,
      '-c',
      'copy',
      '-f',
      'framemd5',
      '-',
    ]),
  );
  return out
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)!.trim());
}

async function remux(flv: Uint8Array, chunkedProgress?: number[]) {
  const { read } = reader(flv);
  const probe = await probeFlv(read, flv.length);
  const target = new BufferTarget();
  await remuxFlvToMp4({
    read,
    size: flv.length,
    probe,
    target,
    onProgress: (share) => chunkedProgress?.push(share),
  });
  return new Uint8Array(target.buffer!);
}

describe('FLV demuxer', () => {
  it(
    'reads the header, onMetaData and the AVC/AAC configurations and packets of an ffmpeg FLV',
    async () => {
      const flv = makeMedia('v.flv', [...sources('360x640', 24, 2), ...H264, '-c:a', 'aac', '-f', 'flv']);
      expect(isFlv(flv)).toBe(true);
      const { read, reads } = reader(flv);
      const tags = [];
      for await (const tag of flvTags(read, flv.length, { chunk: 4096 })) tags.push(tag);
      expect(Math.max(...reads)).toBeLessThanOrEqual(64 * 1024); // pieces, never the whole file
      expect(tags[0].type).toBe(TAG_SCRIPT);
      const script = parseScriptData(tags[0].body);
      expect(script.name).toBe('onMetaData');
      expect(script.value).toMatchObject({ width: 360, height: 640, framerate: 24 });
      const video = tags.filter((t) => t.type === TAG_VIDEO).map((t) => parseVideoTag(t.body));
      expect(video[0]).toMatchObject({ codec: 'avc', kind: 'config' });
      expect(avcPictureSize(video[0].data)).toEqual({ width: 360, height: 640 });
      const frames = video.filter((v) => v.kind === 'frame');
      expect(frames).toHaveLength(48);
      expect(frames[0].key).toBe(true);
      // veryfast uses B-frames: some frames are shown later than they are decoded.
      expect(frames.some((f) => f.cts > 0)).toBe(true);
      expect(tags.at(-1)!.end).toBe(flv.length);

      const probe = await probeFlv(read, flv.length);
      expect(probe.meta).toMatchObject({
        container: 'flv',
        videoCodec: 'avc',
        audioCodec: 'aac',
        width: 360,
        height: 640,
      });
      expect(probe.meta.fps).toBeCloseTo(24, 1);
      expect(probe.meta.durationSec).toBeCloseTo(2, 0);
      expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 44100, channels: 1 });
      expect(probe.firstKey?.data.length).toBeGreaterThan(100);
    },
    SLOW,
  );

  it(
    'reads an FLV without onMetaData: the size from the SPS (cropped), the duration from the last tag',
    async () => {
      const flv = makeMedia('v.flv', [
        ...sources('854x480', 30, 3),
        ...H264,
        ...['-c:a', 'aac', '-flvflags', 'no_metadata', '-f', 'flv'],
      ]);
      const { read } = reader(flv);
      const probe = await probeFlv(read, flv.length);
      // 854 is not a multiple of 16: the coded 864 is cropped back to 854.
      expect(probe.meta).toMatchObject({ width: 854, height: 480, audioCodec: 'aac' });
      expect(probe.meta.fps).toBeCloseTo(30, 1);
      expect(probe.meta.durationSec).toBeGreaterThan(2.9);
      expect(probe.meta.durationSec).toBeLessThan(3.2);
    },
    SLOW,
  );

  it('names the AAC configuration and refuses damaged script data', async () => {
    expect(parseAudioSpecificConfig(Uint8Array.of(0x12, 0x10))).toEqual({ sampleRate: 44100, channels: 2 });
    expect(parseAudioSpecificConfig(Uint8Array.of(0x11, 0x90))).toEqual({ sampleRate: 48000, channels: 2 });
    expect(() => parseScriptData(Uint8Array.of(2, 0, 10, 0x6f))).toThrow(/truncated/);
    await expect(probeFlv(async () => new TextEncoder().encode('<html>'), 6)).rejects.toThrow(/not an FLV/);
  });

  it(
    'names the codecs of a Sorenson/MP3 FLV, and the remux refuses it instead of writing a broken MP4',
    async () => {
      const flv = makeMedia('v.flv', [
        ...sources('640x360', 30, 1),
        ...['-c:v', 'flv', '-c:a', 'libmp3lame', '-ar', '44100', '-f', 'flv'],
      ]);
      const { read } = reader(flv);
      const probe = await probeFlv(read, flv.length);
      expect(probe.meta).toMatchObject({
        videoCodec: 'sorenson',
        audioCodec: 'mp3',
        width: 640,
        height: 360,
      });
      await expect(
        remuxFlvToMp4({ read, size: flv.length, probe, target: new BufferTarget() }),
      ).rejects.toBeInstanceOf(FlvUnsupported);
    },
    SLOW,
  );
});

describe('FLV → MP4 remux', () => {
  it(
    'copies H.264 (with B-frames) and AAC into a progressive MP4: same packets, picture, duration',
    async () => {
      const flv = makeMedia('v.flv', [...sources('360x640', 24, 3), ...H264, '-c:a', 'aac', '-f', 'flv']);
      const progress: number[] = [];
      const mp4 = await remux(flv, progress);
      const source = file(flv, 'in.flv');
      const out = file(mp4, 'out.mp4');
      const report = ffprobe(out);
      expect(report.format.format_name).toContain('mp4');
      expect(Number(report.format.duration)).toBeCloseTo(Number(ffprobe(source).format.duration), 1);
      const [v, a] = ['video', 'audio'].map((type) => report.streams.find((s) => s.codec_type === type)!);
      expect(v).toMatchObject({ codec_name: 'h264', width: 360, height: 640, nb_read_packets: '72' });
      expect(a.codec_name).toBe('aac');
      // Never re-encoded: every packet is the FLV's, byte for byte.
      expect(packetHashes(out, 'v')).toEqual(packetHashes(source, 'v'));
      expect(packetHashes(out, 'a')).toEqual(packetHashes(source, 'a'));
      // It decodes cleanly.
      execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', out, '-f', 'null', '-']);
      // Progress moves forward to the whole file.
      expect(progress.length).toBeGreaterThan(10);
      expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
      expect(progress.at(-1)).toBe(1);
    },
    SLOW,
  );

  it(
    'copies MP3 sound too',
    async () => {
      const flv = makeMedia('v.flv', [
        ...sources('640x360', 30, 2),
        ...H264,
        ...['-c:a', 'libmp3lame', '-ar', '44100', '-f', 'flv'],
      ]);
      const out = file(await remux(flv), 'out.mp4');
      const report = ffprobe(out);
      expect(report.streams.map((s) => s.codec_name).sort()).toEqual(['h264', 'mp3']);
      expect(packetHashes(out, 'a')).toEqual(packetHashes(file(flv, 'in.flv'), 'a'));
    },
    SLOW,
  );
});
