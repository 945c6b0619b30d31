// Is it a video container TikTok takes? Checked on the first bytes before init, so an HTML error
// page or an image served under a video URL fails here with a clear reason instead of at TikTok.

export type SniffedVideo =
  | { container: 'mp4'; mimeType: 'video/mp4' }
  | { container: 'mov'; mimeType: 'video/quicktime' }
  | { container: 'webm'; mimeType: 'video/webm' };

/** How many leading bytes `sniffVideo` needs at most. */
export const SNIFF_BYTES = 16;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

export function sniffVideo(head: Uint8Array): SniffedVideo | null {
  // ISO base media (MP4) and QuickTime: a box whose type at offset 4 is `ftyp`, then the major brand.
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') {
    return ascii(head, 8, 4) === 'qt  '
      ? { container: 'mov', mimeType: 'video/quicktime' }
      : { container: 'mp4', mimeType: 'video/mp4' };
  }
  // Matroska/WebM: the EBML magic number.
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return { container: 'webm', mimeType: 'video/webm' };
  }
  return null;
}
