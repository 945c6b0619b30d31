// readMetadata over real ffmpeg-made files in every container a curator has: what the pre-flight
// verdict is decided on (container, codecs, picture, frame rate, duration), and an unreadable file.
import { BufferSource } from 'mediabunny';
import { describe, expect, it } from 'vitest';

/** ffmpeg runs in each test: headroom for a loaded 2-core machine. */
const SLOW = 60_000;
import { readMetadata } from '../metadata';
import { makeMedia } from './ffmpeg-media';

const SOURCES = [
  ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=2'],
  ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'],
];
const H264_AAC = ['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest'];

async function read(bytes: Uint8Array) {
  const result = await readMetadata(new BufferSource(bytes), bytes.subarray(0, 16));
  if (result.ok) result.input.dispose();
  return result;
}

describe('readMetadata', () => {
  it.each([
    ['v.mp4', 'mp4', []],
    ['v.mov', 'mov', []],
    ['v.m4v', 'm4v', ['-f', 'ipod']],
    ['v.mkv', 'mkv', []],
    ['v.ts', 'ts', ['-f', 'mpegts']],
  ])(
    'reads %s as %s: H.264/AAC, 640x360, 30 fps, 2 s',
    async (name, container, extra) => {
      const result = await read(makeMedia(name, [...SOURCES, ...H264_AAC, ...(extra as string[])]));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.meta).toMatchObject({
        container,
        videoCodec: 'avc',
        audioCodec: 'aac',
        width: 640,
        height: 360,
      });
      expect(result.meta.fps).toBeCloseTo(30, 0);
      // MPEG-TS starts at 1.4 s: the duration is from the first timestamp, not from 0.
      expect(result.meta.durationSec).toBeGreaterThan(1.9);
      expect(result.meta.durationSec).toBeLessThan(2.2);
    },
    SLOW,
  );

  it(
    'reads VP9/Opus WebM and names a codec TikTok refuses (MPEG-4 Part 2 → unknown)',
    async () => {
      const webm = await read(
        makeMedia('v.webm', [
          ...SOURCES,
          '-c:v',
          'libvpx-vp9',
          '-deadline',
          'realtime',
          '-c:a',
          'libopus',
          '-shortest',
        ]),
      );
      expect(webm).toMatchObject({
        ok: true,
        meta: { container: 'webm', videoCodec: 'vp9', audioCodec: 'opus' },
      });
      const mpeg4 = await read(makeMedia('v.mp4', [...SOURCES, '-c:v', 'mpeg4', '-c:a', 'aac', '-shortest']));
      expect(mpeg4).toMatchObject({ ok: true, meta: { videoCodec: null } });
    },
    SLOW,
  );

  it(
    'reads a video without sound as having no audio codec at all',
    async () => {
      const result = await read(
        makeMedia('v.mp4', [SOURCES.slice(0, 4), '-c:v', 'libx264', '-preset', 'ultrafast'].flat()),
      );
      expect(result.ok && 'audioCodec' in result.meta).toBe(false);
    },
    SLOW,
  );

  it(
    'says why a file cannot be read: FLV, random bytes',
    async () => {
      const flv = await read(makeMedia('v.flv', [...SOURCES, ...H264_AAC, '-f', 'flv']));
      expect(flv).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/unsupported or unrecognizable/),
      });
      const junk = await read(new TextEncoder().encode('<!doctype html><p>not a video</p>'.repeat(20)));
      expect(junk.ok).toBe(false);
    },
    SLOW,
  );
});
