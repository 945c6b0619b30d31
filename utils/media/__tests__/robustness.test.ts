// Manifests come from strangers' servers: whatever text arrives, the HLS parsers return data (never
// throw), the DASH parser either returns or throws an Error that names the manifest, and the box
// scanner never reads out of bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDashManifest } from '../dash';
import { parseMasterPlaylist, parseMediaPlaylist } from '../hls';
import { initSegmentEncrypted } from '../refusals';
import { matchesDuration } from '../find-manifest';

const hlsLine = fc.oneof(
  fc.constantFrom(
    '#EXTM3U',
    '#EXT-X-ENDLIST',
    '#EXT-X-DISCONTINUITY',
    '#EXTINF:',
    '#EXTINF:abc,',
    '#EXT-X-BYTERANGE:',
    '#EXT-X-BYTERANGE:12@',
    '#EXT-X-KEY:METHOD',
    '#EXT-X-MAP:',
    '#EXT-X-STREAM-INF:',
    '#EXT-X-MEDIA:TYPE=AUDIO',
    '#EXT-X-STREAM-INF:RESOLUTION=axb,BANDWIDTH=-1,CODECS="',
    'http://[::1',
    '',
  ),
  fc.string(),
);

describe('parser robustness', () => {
  it('HLS parsers return for any sequence of (broken) lines', () => {
    fc.assert(
      fc.property(fc.array(hlsLine, { maxLength: 30 }), (lines) => {
        const text = lines.join('\n');
        const media = parseMediaPlaylist(text, 'https://a.example/p.m3u8');
        expect(Number.isFinite(media.totalDuration)).toBe(true);
        parseMasterPlaylist(text, 'https://a.example/p.m3u8');
      }),
      { numRuns: 300 },
    );
  });

  it('the DASH parser returns or throws an Error naming the problem', () => {
    const xml = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<MPD/>',
        '<MPD><Period/></MPD>',
        '<MPD type="dynamic"><Period><AdaptationSet/></Period></MPD>',
      ),
    );
    fc.assert(
      fc.property(xml, (text) => {
        try {
          parseDashManifest(text, 'https://a.example/m.mpd');
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/DASH manifest/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the encryption box scan handles any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(typeof initSegmentEncrypted(bytes)).toBe('boolean');
      }),
    );
  });

  it('duration matching is symmetric', () => {
    const seconds = fc.double({ min: 0, max: 7200, noNaN: true });
    fc.assert(fc.property(seconds, seconds, (a, b) => matchesDuration(a, b) === matchesDuration(b, a)));
  });
});
