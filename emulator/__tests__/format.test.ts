// The emulator's format check over real ffmpeg-made files: each container TikTok takes, and each
// way a file is unreadable (wrong container for its type, cut short, a fragmented MP4 without a
// readable duration), and each of TikTok's rules on size, frame rate and duration. Made at test
// time (a second of 640x360 at 24 fps, the rule-breakers as cheap as ffmpeg makes them), never committed.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4Bytes, TINY_MP4 } from '../../tests/fixtures/video-bytes';
import { checkVideo, checkVideoBytes, checkVideoFile } from '../format';

const exec = promisify(execFile);
let dir: string;

const SOURCES = [
  ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=24:duration=1'],
  ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'],
];
const H264_AAC = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '5', '-c:a', 'aac', '-shortest'];

/** Each file by name: the ffmpeg output options that make it. */
const FILES: Record<string, string[]> = {
  'faststart.mp4': [...H264_AAC, '-movflags', '+faststart'],
  'moov-last.mp4': H264_AAC,
  'clip.mov': [...H264_AAC, '-f', 'mov'],
  'clip.webm': ['-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus', '-shortest'],
  'clip.mkv': [...H264_AAC, '-f', 'matroska'],
  // Written as a stream would be: an empty `moov` up front, no duration anywhere.
  'fragmented-no-duration.mp4': [...H264_AAC, '-movflags', 'frag_keyframe+empty_moov'],
  // Fragmented with the duration in `mvhd` (the moov is written after the first fragment is known).
  'fragmented-mvhd.mp4': [...H264_AAC, '-movflags', 'frag_keyframe'],
  // Fragmented, empty moov, but a global `sidx` that sums the fragments' durations.
  'fragmented-sidx.mp4': [
    '-an',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '5',
    '-movflags',
    'frag_keyframe+empty_moov+global_sidx',
  ],
};

const file = (name: string): string => path.join(dir, name);
const bytes = (name: string): Promise<Buffer> => readFile(file(name));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'emulator-format-'));
  await Promise.all(
    Object.entries(FILES).map(([name, options]) =>
      exec('ffmpeg', ['-v', 'error', '-y', ...SOURCES, ...options, file(name)]),
    ),
  );
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('format check: readable videos pass', () => {
  it.each([
    ['faststart.mp4', 'video/mp4', 'video/mp4'],
    ['moov-last.mp4', 'video/mp4', 'video/mp4'],
    ['clip.mov', 'video/quicktime', 'video/quicktime'],
    // MP4 and MOV are one family: either type may carry either brand.
    ['clip.mov', 'video/mp4', 'video/quicktime'],
    ['faststart.mp4', 'video/quicktime', 'video/mp4'],
    ['clip.webm', 'video/webm', 'video/webm'],
    ['fragmented-mvhd.mp4', 'video/mp4', 'video/mp4'],
    ['fragmented-sidx.mp4', 'video/mp4', 'video/mp4'],
    // A pulled file whose server names no video type: the bytes decide.
    ['faststart.mp4', 'application/octet-stream', 'video/mp4'],
    ['clip.webm', undefined, 'video/webm'],
  ])('%s sent as %s', async (name, declared, container) => {
    expect(await checkVideoFile(file(name), declared)).toEqual({ ok: true, container });
  });

  it('passes the generated test videos (tiny MP4 + free padding), also past 4 GiB', async () => {
    for (const size of [TINY_MP4.length, 4000, 3_000_000]) {
      expect(await checkVideoBytes(mp4Bytes('format', size), 'video/mp4')).toMatchObject({ ok: true });
    }
    // 5 GB without writing it: the clip, a `free` box with a 64-bit size, zeros after.
    const size = 5_000_000_000;
    const head = mp4Bytes('format-huge', 4000).subarray(0, TINY_MP4.length + 16);
    const huge = {
      size,
      read: async (offset: number, length: number) => {
        const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        if (offset < head.length) out.set(head.subarray(offset, offset + out.length));
        return out;
      },
    };
    // mp4Bytes(…, 4000) has a 32-bit `free` header; give this one the 64-bit form.
    const header = Buffer.alloc(16);
    header.writeUInt32BE(1, 0);
    header.write('free', 4, 'latin1');
    header.writeBigUInt64BE(BigInt(size - TINY_MP4.length), 8);
    header.copy(head, TINY_MP4.length);
    expect(await checkVideo(huge, 'video/mp4')).toEqual({ ok: true, container: 'video/mp4' });
  });
});

describe('format check: unreadable videos fail with the cause', () => {
  it('refuses a Matroska file sent as video/webm (DocType matroska)', async () => {
    const result = await checkVideoFile(file('clip.mkv'), 'video/webm');
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.problem).toMatch(/DocType is 'matroska'/);
  });

  it.each([
    ['faststart.mp4', 'video/webm', /sent as video\/webm but the bytes are video\/mp4/],
    ['clip.webm', 'video/mp4', /sent as video\/mp4 but the bytes are video\/webm/],
  ])('refuses %s sent as %s', async (name, declared, problem) => {
    const result = await checkVideoFile(file(name), declared);
    expect(!result.ok && result.problem).toMatch(problem);
  });

  it('refuses a fragmented MP4 whose duration cannot be read', async () => {
    const result = await checkVideoFile(file('fragmented-no-duration.mp4'), 'video/mp4');
    expect(!result.ok && result.problem).toMatch(/fragmented MP4 whose duration cannot be read/);
  });

  it('refuses MP4s cut short: in the media data, in the index, in a box header', async () => {
    const faststart = await bytes('faststart.mp4');
    const moovLast = await bytes('moov-last.mp4');
    const cases: [Buffer, RegExp][] = [
      [faststart.subarray(0, faststart.length - 1000), /box 'mdat' .* \(truncated\)/],
      [faststart.subarray(0, 200), /box 'moov' .* \(truncated\)/],
      // moov at the end: cutting into it truncates the index itself.
      [moovLast.subarray(0, moovLast.length - 100), /box 'moov' .* \(truncated\)/],
      // A whole-box cut that drops the index entirely.
      [moovLast.subarray(0, moovLast.indexOf('moov') - 4), /0 'moov' boxes/],
      [Buffer.concat([faststart, Buffer.from([0, 0, 0])]), /3 stray bytes/],
    ];
    for (const [data, problem] of cases) {
      const result = await checkVideoBytes(data, 'video/mp4');
      expect(!result.ok && result.problem).toMatch(problem);
    }
  });

  it('refuses a WebM cut short and bytes of no video container', async () => {
    const webm = await bytes('clip.webm');
    const cut = await checkVideoBytes(webm.subarray(0, webm.length - 500), 'video/webm');
    expect(!cut.ok && cut.problem).toMatch(/truncated/);
    const html = await checkVideoBytes(Buffer.from('<!doctype html><p>not a video</p>'), 'video/mp4');
    expect(!html.ok && html.problem).toMatch(/neither an MP4\/MOV .* nor a WebM/);
    // The EBML magic with MP4 bytes after it: a header, but no DocType webm.
    const fake = Buffer.concat([
      Buffer.from([0x1a, 0x45, 0xdf, 0xa3]),
      (await bytes('faststart.mp4')).subarray(4),
    ]);
    expect(await checkVideoBytes(fake, 'video/webm')).toMatchObject({ ok: false });
  });
});

/**
 * A video of `size` at `rate` fps lasting `seconds`, H.264 (MP4) or VP8 (WebM), made fast: one
 * flat colour, and a long one is a 10 s clip repeated by stream copy (encoding minutes of VP8
 * takes minutes on a loaded machine).
 */
async function make(name: string, size: string, rate: number, seconds: number, extra: string[] = []) {
  const webm = name.endsWith('.webm');
  const codec = webm
    ? ['-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '20k']
    : ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'stillimage'];
  const clip = Math.min(seconds, 10);
  const base = seconds > clip ? file(`base-${name}`) : file(name);
  await exec('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=gray:size=${size}:rate=${rate}:duration=${clip}`],
    ...codec,
    ...extra,
    base,
  ]);
  if (base === file(name)) return;
  const loops = String(Math.round(seconds / clip) - 1);
  await exec('ffmpeg', ['-v', 'error', '-y', '-stream_loop', loops, '-i', base, '-c', 'copy', file(name)]);
}

describe("format check: TikTok's rules on what the headers say", () => {
  beforeAll(async () => {
    await Promise.all([
      make('240p.mp4', '426x240', 24, 1),
      make('240p.webm', '426x240', 24, 1),
      make('tall.mp4', '360x4100', 24, 1),
      make('15fps.mp4', '360x360', 15, 2),
      make('15fps.webm', '360x360', 15, 2),
      make('15fps-fragmented.mp4', '360x360', 15, 2, ['-movflags', 'frag_keyframe']),
      make('61fps.mp4', '360x360', 61, 1),
      make('11min.mp4', '360x360', 24, 660),
      make('11min.webm', '360x360', 24, 660),
      make('edges.mp4', '360x4096', 60, 1),
      make('23fps.webm', '4096x360', 23, 1),
      make('9min.mp4', '360x360', 23, 540),
    ]);
  }, 120_000);

  it.each([
    ['240p.mp4', 'picture_size_check_failed', /426x240: each side must be 360–4096 px/],
    ['240p.webm', 'picture_size_check_failed', /426x240/],
    ['tall.mp4', 'picture_size_check_failed', /360x4100/],
    ['15fps.mp4', 'frame_rate_check_failed', /15 fps: the frame rate must be 23–60/],
    ['15fps.webm', 'frame_rate_check_failed', /15 fps/],
    ['15fps-fragmented.mp4', 'frame_rate_check_failed', /15 fps/],
    ['61fps.mp4', 'frame_rate_check_failed', /61 fps/],
    ['11min.mp4', 'duration_check_failed', /660 s: a draft may last at most 600 s/],
    ['11min.webm', 'duration_check_failed', /660 s/],
  ])('%s fails with %s', async (name, reason, problem) => {
    const result = await checkVideoFile(file(name));
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.problem).toMatch(problem);
  });

  it.each(['edges.mp4', '23fps.webm', '9min.mp4'])(
    '%s is at the edges of the rules and passes',
    async (name) => {
      expect(await checkVideoFile(file(name))).toMatchObject({ ok: true });
    },
  );

  it('an unreadable file fails the format check, not a rule', async () => {
    const result = await checkVideoBytes(Buffer.from('<!doctype html>'), 'video/mp4');
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toBeUndefined();
  });
});
