/**
 * TikTok's format check: the upload must be a readable video of MP4/MOV or WebM — and of the
 * container its Content-Type names, when it names one. The first bytes pick the parser
 * (format-mp4.ts, format-webm.ts); each reads only headers, so a large file costs a few reads.
 * Independent of the extension's own code on purpose: the emulator checks what TikTok would.
 */
import { open } from 'node:fs/promises';
import { checkMp4 } from './format-mp4';
import { checkWebm } from './format-webm';
import type { RuleFailure } from './video-rules';

/** Random access to the bytes under check. */
export interface ByteSource {
  size: number;
  /** Up to `length` bytes from `offset` (fewer only at the end). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export type FormatResult =
  | { ok: true; container: string }
  /** `reason`: TikTok's fail_reason when a rule (video-rules.ts) is broken; else the file is unreadable. */
  | { ok: false; problem: string; reason?: RuleFailure['reason'] };

/** The container's MIME type, or null when the first bytes are not MP4/MOV (`ftyp` box) or WebM (EBML). */
export function sniffContainer(head: Uint8Array): string | null {
  if (head.length >= 8 && ascii(head, 4, 8) === 'ftyp') {
    return head.length >= 12 && ascii(head, 8, 12) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  }
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return 'video/webm';
  }
  return null;
}

/** MP4 and MOV are one family (ISO base media): either type names either brand. */
const FAMILY: Record<string, string> = {
  'video/mp4': 'isobmff',
  'video/quicktime': 'isobmff',
  'video/webm': 'webm',
};

/**
 * Checks `src` as a video. `declaredType` (the upload's Content-Type, or a pulled answer's) must
 * name the same container family when it is a video type TikTok takes; other types are ignored.
 */
export async function checkVideo(src: ByteSource, declaredType?: string): Promise<FormatResult> {
  const sniffed = sniffContainer(await src.read(0, 16));
  if (!sniffed) return { ok: false, problem: 'neither an MP4/MOV (ftyp) nor a WebM (EBML) file' };
  const declared = declaredType && FAMILY[declaredType];
  if (declared && declared !== FAMILY[sniffed]) {
    return { ok: false, problem: `sent as ${declaredType} but the bytes are ${sniffed}` };
  }
  return FAMILY[sniffed] === 'webm' ? checkWebm(src) : checkMp4(src);
}

export async function checkVideoFile(filePath: string, declaredType?: string): Promise<FormatResult> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    return await checkVideo(
      {
        size,
        async read(offset, length) {
          const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
          return buffer.subarray(0, bytesRead);
        },
      },
      declaredType,
    );
  } finally {
    await handle.close();
  }
}

/** The same check over bytes in memory (tests, small files). */
export function checkVideoBytes(bytes: Uint8Array, declaredType?: string): Promise<FormatResult> {
  return checkVideo(
    { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) },
    declaredType,
  );
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}
