/** Reading EBML (WebM/Matroska) element headers through a ByteSource: the emulator's own reader. */
import type { ByteSource } from './format';

export interface Element {
  id: number;
  /** Where the payload starts. */
  body: number;
  /** Payload size; undefined for the "unknown size" (all ones). */
  size?: number;
}

/** A variable-length integer: its length from the leading zeros of the first byte. */
export function vint(
  bytes: Uint8Array,
  at: number,
  keepMarker: boolean,
): { value: number; length: number; allOnes: boolean } | undefined {
  const first = bytes[at];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (at + length > bytes.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i];
    allOnes &&= bytes[at + i] === 0xff;
  }
  return { value, length, allOnes };
}

export async function readElement(src: ByteSource, offset: number): Promise<Element | undefined> {
  const head = await src.read(offset, Math.min(12, src.size - offset));
  const id = vint(head, 0, true);
  if (!id || id.length > 4) return undefined;
  const size = vint(head, id.length, false);
  if (!size) return undefined;
  return {
    id: id.value,
    body: offset + id.length + size.length,
    size: size.allOnes ? undefined : size.value,
  };
}
