/** TikTok's format check, reduced to the container signature: MP4/MOV or WebM, nothing else. */

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

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}
