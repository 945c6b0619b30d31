/**
 * What an MP4/MOV's index says about its video track, for TikTok's rules (video-rules.ts): the
 * picture size from `tkhd`, the frame rate from the sample count over the track's duration
 * (`stts` in a progressive file; the fragments' `trun` samples and their durations in a
 * fragmented one). Header reads only. A track without a `vide` handler is not the video.
 */
import type { ByteSource } from './format';
import { children, version, type Box } from './mp4-boxes';
import type { VideoFacts } from './video-rules';

async function u32(src: ByteSource, at: number): Promise<number> {
  const bytes = await src.read(at, 4);
  return bytes.length === 4 ? new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) : 0;
}

async function child(src: ByteSource, parent: Box | undefined, type: string): Promise<Box | undefined> {
  if (!parent) return undefined;
  const boxes = await children(src, parent);
  return typeof boxes === 'string' ? undefined : boxes.find((b) => b.type === type);
}

async function handlerType(src: ByteSource, mdia: Box): Promise<string> {
  const hdlr = await child(src, mdia, 'hdlr');
  if (!hdlr || hdlr.end - hdlr.body < 12) return '';
  return String.fromCharCode(...(await src.read(hdlr.body + 8, 4)));
}

interface VideoTrack {
  trackId: number;
  width: number;
  height: number;
  /** Samples and their total duration (seconds) from `stts`; 0 samples in a fragmented file. */
  samples: number;
  seconds: number;
  timescale: number;
}

async function videoTrack(src: ByteSource, trak: Box): Promise<VideoTrack | undefined> {
  const mdia = await child(src, trak, 'mdia');
  if (!mdia || (await handlerType(src, mdia)) !== 'vide') return undefined;
  const tkhd = await child(src, trak, 'tkhd');
  if (!tkhd) return undefined;
  const wide = (await version(src, tkhd)) === 1;
  if (tkhd.end - tkhd.body < (wide ? 96 : 84)) return undefined;
  const trackId = await u32(src, tkhd.body + (wide ? 20 : 12));
  const sizeAt = tkhd.body + (wide ? 88 : 76);
  const width = Math.round((await u32(src, sizeAt)) / 65536);
  const height = Math.round((await u32(src, sizeAt + 4)) / 65536);

  const mdhd = await child(src, mdia, 'mdhd');
  const mdhdWide = mdhd ? (await version(src, mdhd)) === 1 : false;
  const timescale = mdhd ? await u32(src, mdhd.body + (mdhdWide ? 20 : 12)) : 0;
  const stts = await child(src, await child(src, await child(src, mdia, 'minf'), 'stbl'), 'stts');
  let samples = 0;
  let ticks = 0;
  if (stts && stts.end - stts.body >= 8) {
    const entries = Math.min(await u32(src, stts.body + 4), Math.floor((stts.end - stts.body - 8) / 8));
    const table = await src.read(stts.body + 8, entries * 8);
    const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
    for (let i = 0; i < entries; i++) {
      const count = view.getUint32(i * 8);
      samples += count;
      ticks += count * view.getUint32(i * 8 + 4);
    }
  }
  return { trackId, width, height, samples, seconds: timescale > 0 ? ticks / timescale : 0, timescale };
}

/** A fragment's sample durations: per sample in `trun`, else `tfhd`'s default, else `trex`'s. */
async function trunTicks(src: ByteSource, trun: Box, fallback: number): Promise<[number, number]> {
  const head = await src.read(trun.body, 8);
  if (head.length < 8) return [0, 0];
  const view = new DataView(head.buffer, head.byteOffset, 8);
  const flags = view.getUint32(0) & 0xffffff;
  const count = view.getUint32(4);
  if (!(flags & 0x100)) return [count, count * fallback];
  let at = trun.body + 8 + (flags & 0x1 ? 4 : 0) + (flags & 0x4 ? 4 : 0);
  const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
  if (trun.end - at < count * stride) return [0, 0];
  const table = await src.read(at, count * stride);
  const rows = new DataView(table.buffer, table.byteOffset, table.byteLength);
  let ticks = 0;
  for (let i = 0; i < count; i++) ticks += rows.getUint32(i * stride);
  at += count * stride;
  return [count, ticks];
}

/** Samples of `trackId` in the fragments (`moof` › `traf` › `trun`) and their total ticks. */
async function fragmentSamples(
  src: ByteSource,
  top: Box[],
  trackId: number,
  trexDefault: number,
): Promise<[number, number]> {
  let samples = 0;
  let ticks = 0;
  for (const moof of top.filter((b) => b.type === 'moof')) {
    const trafs = await children(src, moof);
    if (typeof trafs === 'string') continue;
    for (const traf of trafs.filter((b) => b.type === 'traf')) {
      const inTraf = await children(src, traf);
      if (typeof inTraf === 'string') continue;
      const tfhd = inTraf.find((b) => b.type === 'tfhd');
      if (!tfhd || (await u32(src, tfhd.body + 4)) !== trackId) continue;
      const tfhdFlags = (await u32(src, tfhd.body)) & 0xffffff;
      const defaultAt = tfhd.body + 8 + (tfhdFlags & 0x1 ? 8 : 0) + (tfhdFlags & 0x2 ? 4 : 0);
      const fallback = tfhdFlags & 0x8 ? await u32(src, defaultAt) : trexDefault;
      for (const trun of inTraf.filter((b) => b.type === 'trun')) {
        const [count, trunTotal] = await trunTicks(src, trun, fallback);
        samples += count;
        ticks += trunTotal;
      }
    }
  }
  return [samples, ticks];
}

/** `trex`'s default sample duration for the track (`moov` › `mvex`), or 0. */
async function trexDefault(src: ByteSource, inMoov: Box[], trackId: number): Promise<number> {
  const mvex = inMoov.find((b) => b.type === 'mvex');
  const boxes = mvex ? await children(src, mvex) : [];
  if (typeof boxes === 'string') return 0;
  for (const trex of boxes.filter((b) => b.type === 'trex')) {
    if ((await u32(src, trex.body + 4)) === trackId) return u32(src, trex.body + 12);
  }
  return 0;
}

/** The facts of the first video track; `movieSeconds` is the whole file's readable duration. */
export async function mp4Facts(
  src: ByteSource,
  top: Box[],
  inMoov: Box[],
  movieSeconds: number,
): Promise<VideoFacts> {
  for (const trak of inMoov.filter((b) => b.type === 'trak')) {
    const track = await videoTrack(src, trak);
    if (!track) continue;
    const facts: VideoFacts = { durationSec: movieSeconds };
    if (track.width > 0 && track.height > 0)
      Object.assign(facts, { width: track.width, height: track.height });
    // A fragmented file may hold its first samples in `moov` (stts) and the rest in fragments.
    const fallback = await trexDefault(src, inMoov, track.trackId);
    const [fragSamples, fragTicks] = await fragmentSamples(src, top, track.trackId, fallback);
    const samples = track.samples + fragSamples;
    const seconds = track.seconds + (track.timescale > 0 ? fragTicks / track.timescale : 0);
    if (samples > 1 && seconds > 0) facts.fps = samples / seconds;
    return facts;
  }
  return { durationSec: movieSeconds };
}
