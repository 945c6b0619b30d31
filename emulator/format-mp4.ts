/**
 * TikTok's MP4/MOV readability check, reduced to what makes a file unreadable: the top-level
 * boxes must tile the file exactly (a truncated upload leaves a box running past the end), an
 * `ftyp` first, one `moov` holding an `mvhd` and a track, media data, and a duration a player can
 * read — which a fragmented MP4 written for streaming often lacks (`mvhd` duration 0, no `mehd`,
 * no `sidx`). Reads box headers only, so a multi-GB file costs a few small reads.
 */
import type { ByteSource, FormatResult } from './format';
import { mp4Facts } from './format-mp4-facts';
import { children, fullBoxNumbers, readBox, version, type Box } from './mp4-boxes';
import { breaksRule } from './video-rules';

/** mvhd: [timescale, duration]. */
async function movieHeader(
  src: ByteSource,
  mvhd: Box,
): Promise<{ timescale: number; duration: number } | string> {
  const v = await version(src, mvhd);
  if (v !== 0 && v !== 1) return `'mvhd' has unknown version ${v}`;
  const wide = v === 1;
  const values = await fullBoxNumbers(src, mvhd, [wide, wide, false, wide]);
  if (!values) return `'mvhd' is too short`;
  const [, , timescale, duration] = values;
  if (timescale === 0) return `'mvhd' timescale is 0 (no duration can be read)`;
  return { timescale, duration: duration === 0xffffffff && !wide ? 0 : duration };
}

/** mehd's fragment_duration, or 0. */
async function fragmentDuration(src: ByteSource, mvex: Box): Promise<number> {
  const boxes = await children(src, mvex);
  const mehd = typeof boxes === 'string' ? undefined : boxes.find((b) => b.type === 'mehd');
  if (!mehd) return 0;
  const values = await fullBoxNumbers(src, mehd, [(await version(src, mehd)) === 1]);
  return values?.[0] ?? 0;
}

/** The total of a `sidx`'s subsegment durations in seconds, or 0. */
async function indexDuration(src: ByteSource, sidx: Box): Promise<number> {
  const v = await version(src, sidx);
  const fixed = 4 + 4 + 4 + (v === 0 ? 8 : 16) + 4; // version/flags, reference_ID, timescale, times, reserved+count
  if (sidx.end - sidx.body < fixed) return 0;
  const head = await src.read(sidx.body, fixed);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const timescale = view.getUint32(8);
  const count = view.getUint16(fixed - 2);
  if (sidx.end - sidx.body < fixed + count * 12) return 0;
  const refs = await src.read(sidx.body + fixed, count * 12);
  const refView = new DataView(refs.buffer, refs.byteOffset, refs.byteLength);
  let total = 0;
  for (let i = 0; i < count; i++) total += refView.getUint32(i * 12 + 4);
  return timescale > 0 ? total / timescale : 0;
}

export async function checkMp4(src: ByteSource): Promise<FormatResult> {
  const top: Box[] = [];
  for (let offset = 0; offset < src.size;) {
    const box = await readBox(src, offset, src.size);
    if (typeof box === 'string') return { ok: false, problem: box };
    top.push(box);
    offset = box.end;
  }
  if (top[0]?.type !== 'ftyp')
    return { ok: false, problem: `the first box is '${top[0]?.type}', not 'ftyp'` };
  const brand = String.fromCharCode(...(await src.read(top[0].body, Math.min(4, top[0].end - top[0].body))));
  const container = brand === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  const moovs = top.filter((b) => b.type === 'moov');
  if (moovs.length !== 1)
    return { ok: false, problem: `${moovs.length} 'moov' boxes (the index), expected 1` };
  const inMoov = await children(src, moovs[0]);
  if (typeof inMoov === 'string') return { ok: false, problem: inMoov };
  const mvhd = inMoov.find((b) => b.type === 'mvhd');
  if (!mvhd) return { ok: false, problem: `'moov' has no 'mvhd'` };
  const header = await movieHeader(src, mvhd);
  if (typeof header === 'string') return { ok: false, problem: header };
  if (!inMoov.some((b) => b.type === 'trak')) return { ok: false, problem: `'moov' has no track` };
  if (!top.some((b) => b.type === 'mdat')) return { ok: false, problem: `no 'mdat' (no media data)` };

  const mvex = inMoov.find((b) => b.type === 'mvex');
  const fragmented = mvex !== undefined || top.some((b) => b.type === 'moof');
  let seconds = header.duration / header.timescale;
  if (seconds === 0 && fragmented && mvex) seconds = (await fragmentDuration(src, mvex)) / header.timescale;
  for (const sidx of top.filter((b) => b.type === 'sidx')) {
    if (seconds === 0) seconds = await indexDuration(src, sidx);
  }
  if (seconds === 0) {
    if (!fragmented) return { ok: false, problem: `'mvhd' duration is 0 and the file is not fragmented` };
    return {
      ok: false,
      problem: `fragmented MP4 whose duration cannot be read ('mvhd' duration 0, no 'mehd' or 'sidx' duration)`,
    };
  }
  // Readable: now TikTok's rules on what the headers say (size, frame rate, duration).
  const broken = breaksRule(await mp4Facts(src, top, inMoov, seconds));
  return broken ? { ok: false, ...broken } : { ok: true, container };
}
