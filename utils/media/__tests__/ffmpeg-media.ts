// Real media for the byte-level tests, made by ffmpeg into a temp directory (a few KB, < 1 s).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeMedia(name: string, args: string[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'media-test-'));
  const file = join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Uint8Array(readFileSync(file));
}

/** A 160x90 H.264 (+ AAC) test pattern as fragmented MP4, 2 s fragments; extra args add encryption etc. */
export function fragmentedMp4(
  opts: { seconds?: number; audio?: boolean; extra?: string[]; movflags?: string } = {},
): Uint8Array {
  const { seconds = 2, audio = false, extra = [], movflags = '+frag_keyframe+empty_moov' } = opts;
  const input = ['-f', 'lavfi', '-i', `testsrc2=size=160x90:rate=10:duration=${seconds}`];
  if (audio) input.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-c:a', 'aac');
  return makeMedia('v.mp4', [
    ...input,
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '20', '-movflags', movflags, ...extra, '-f', 'mp4'],
  ]);
}

export interface Box {
  type: string;
  offset: number;
  size: number;
}

/** The top-level boxes of an ISO-BMFF file. */
export function topBoxes(bytes: Uint8Array): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: Box[] = [];
  for (let i = 0; i + 8 <= bytes.length;) {
    const size = view.getUint32(i);
    const type = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
    boxes.push({ type, offset: i, size });
    if (size < 8) break;
    i += size;
  }
  return boxes;
}

/** ftyp + moov: what a player fetches as the init segment. */
export function initSegmentOf(bytes: Uint8Array): Uint8Array {
  const moov = topBoxes(bytes).find((b) => b.type === 'moov');
  if (!moov) throw new Error('no moov');
  return bytes.subarray(0, moov.offset + moov.size);
}
