import { describe, expect, it } from 'vitest';
import { sniffVideo } from '../media-sniff';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

describe('sniffVideo', () => {
  it('recognises MP4, MOV and WebM', () => {
    expect(sniffVideo(bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]))).toEqual({
      container: 'mp4',
      mimeType: 'video/mp4',
    });
    expect(sniffVideo(bytes([0, 0, 0, 0x1c], 'ftypmp42'))?.container).toBe('mp4');
    expect(sniffVideo(bytes([0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 0, 0]))).toEqual({
      container: 'mov',
      mimeType: 'video/quicktime',
    });
    expect(sniffVideo(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]))).toEqual({
      container: 'webm',
      mimeType: 'video/webm',
    });
  });

  it.each([
    ['HTML', bytes('<!DOCTYPE html><html>')],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF')],
    ['empty', new Uint8Array(0)],
    ['truncated ftyp', bytes([0, 0, 0, 0x20], 'ftyp')],
    ['ftyp at the wrong place', bytes('ftypisom1234')],
  ])('refuses %s', (_name, head) => {
    expect(sniffVideo(head)).toBeNull();
  });
});
