/** Reading ISO base media (MP4/MOV) box headers through a ByteSource: the emulator's own reader. */
import type { ByteSource } from './format';

export interface Box {
  type: string;
  start: number;
  /** Where the payload starts (after the 8- or 16-byte header). */
  body: number;
  end: number;
}

const PRINTABLE_TYPE = /^[\x20-\x7e]{4}$/;

export async function readBox(src: ByteSource, offset: number, limit: number): Promise<Box | string> {
  if (limit - offset < 8) return `${limit - offset} stray bytes at offset ${offset} (a truncated box header)`;
  const head = await src.read(offset, Math.min(16, limit - offset));
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const type = String.fromCharCode(...head.subarray(4, 8));
  if (!PRINTABLE_TYPE.test(type)) return `no box at offset ${offset} (type bytes are not a box name)`;
  let size = view.getUint32(0);
  let body = offset + 8;
  if (size === 1) {
    if (head.length < 16) return `box '${type}' at offset ${offset}: truncated 64-bit size`;
    size = Number(view.getBigUint64(8));
    body = offset + 16;
  } else if (size === 0) {
    size = limit - offset; // "to the end of the file"
  }
  if (size < body - offset) return `box '${type}' at offset ${offset} declares an impossible size ${size}`;
  if (offset + size > limit) {
    return `box '${type}' at offset ${offset} declares ${size} bytes but only ${limit - offset} remain (truncated)`;
  }
  return { type, start: offset, body, end: offset + size };
}

export async function children(src: ByteSource, parent: Box): Promise<Box[] | string> {
  const boxes: Box[] = [];
  for (let offset = parent.body; offset < parent.end;) {
    const box = await readBox(src, offset, parent.end);
    if (typeof box === 'string') return `inside '${parent.type}': ${box}`;
    boxes.push(box);
    offset = box.end;
  }
  return boxes;
}

/** A full box's version byte, then `fields` big-endian integers of 4 (v0) or 8 (v1) bytes. */
export async function fullBoxNumbers(
  src: ByteSource,
  box: Box,
  wide: boolean[],
): Promise<number[] | undefined> {
  const length = 4 + wide.reduce((n, w) => n + (w ? 8 : 4), 0);
  if (box.end - box.body < length) return undefined;
  const bytes = await src.read(box.body, length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  let at = 4;
  for (const w of wide) {
    values.push(w ? Number(view.getBigUint64(at)) : view.getUint32(at));
    at += w ? 8 : 4;
  }
  return values;
}

export async function version(src: ByteSource, box: Box): Promise<number> {
  return box.end > box.body ? (await src.read(box.body, 1))[0] : -1;
}
