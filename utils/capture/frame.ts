// The function injected with `scripting.executeScript` into the frame that plays a plain Blob, to
// read it by ranges instead of whole (the probe itself is utils/media/page-probe.ts; streams are
// fetched over the frame link, frame-server.ts). Chrome
// serialises each function's source into the page, so each must be self-contained (no imports,
// module constants or closures). Their results come back as JSON-like data the page could have
// tampered with: the background parses every one with the zod schemas below before using it.
import { z } from 'zod';

import { MAX_FRAME_READ } from './frame-server';

export { MAX_FRAME_READ };

export interface FrameRead {
  ok: boolean;
  status: number;
  contentType: string;
  contentRange: string;
  /** The body, base64; empty when not ok. */
  base64: string;
  error?: string;
}

/** Reads `length` bytes from `offset` of the plain Blob behind `blobUrl`, base64. */
export async function readBlobChunk(blobUrl: string, offset: number, length: number): Promise<FrameRead> {
  try {
    // Chrome answers Range requests on blob: URLs with 206 and only that piece; a browser that
    // ignores the header (200) gets the Blob sliced instead.
    const response = await fetch(blobUrl, { headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
    const bytes =
      response.status === 206
        ? new Uint8Array(await response.arrayBuffer())
        : new Uint8Array(await (await response.blob()).slice(offset, offset + length).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return { ok: true, status: 200, contentType: '', contentRange: '', base64: btoa(binary) };
  } catch (err) {
    return {
      ok: false,
      status: 0,
      contentType: '',
      contentRange: '',
      base64: '',
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

const text = (max: number) => z.string().max(max);

export const frameReadSchema = z.object({
  ok: z.boolean(),
  status: z.number().int().min(0).max(999),
  contentType: text(500),
  contentRange: text(200),
  // base64 of at most MAX_FRAME_READ bytes
  base64: z.string().max(Math.ceil(MAX_FRAME_READ / 3) * 4 + 4),
  error: text(1000).optional(),
});

/** Base64 to bytes (atob is in workers, pages and the service worker). */
export function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
