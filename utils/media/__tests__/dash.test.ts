import { describe, expect, it } from 'vitest';
import { isDashManifest, parseDashManifest } from '../dash';
import { BITMOVIN_MPD, FFMPEG_MPD, LIVE_MPD, SEGMENT_BASE_MPD, VP9_MPD, WIDEVINE_MPD } from './mpd-samples';

const URL_ = 'https://cdn.example.com/show/ep1/manifest.mpd?sig=abc';

describe('parseDashManifest', () => {
  it("reads ffmpeg's MPD: SegmentTimeline expanded into absolute URLs, video and audio apart", () => {
    const d = parseDashManifest(FFMPEG_MPD, URL_);
    expect(d).toMatchObject({ dynamic: false, duration: 20, protected: false });
    expect(d.video.map((r) => [r.id, r.width, r.height, r.bandwidth, r.codecs, r.mimeType])).toEqual([
      ['0', 1280, 720, 1000000, 'avc1.64001f', 'video/mp4'],
      ['1', 640, 360, 400000, 'avc1.64001e', 'video/mp4'],
    ]);
    expect(d.video[0].segments).toHaveLength(5);
    expect(d.video[0].segments[4]).toEqual({
      url: 'https://cdn.example.com/show/ep1/chunk-stream0-00005.m4s',
      duration: 4,
    });
    expect(d.audio.map((r) => [r.id, r.codecs, r.mimeType, r.initSegment?.url])).toEqual([
      ['2', 'mp4a.40.2', 'audio/mp4', 'https://cdn.example.com/show/ep1/init-stream2.m4s'],
    ]);
  });

  it('inherits mimeType from the AdaptationSet and keeps each audio language', () => {
    const d = parseDashManifest(BITMOVIN_MPD, URL_);
    expect(new Set(d.video.map((r) => r.mimeType))).toEqual(new Set(['video/mp4']));
    expect(d.audio.map((r) => [r.id, r.language, r.mimeType])).toEqual([
      ['aac_64', 'en', 'audio/mp4'],
      ['aac_128', 'en', 'audio/mp4'],
      ['ec3_de', 'de', 'audio/mp4'],
    ]);
    // 30 s in 4 s segments: seven full and a 2 s tail.
    expect(d.video[0].segments.map((s) => s.duration)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
  });

  it('SegmentList byte ranges (WebM) and SegmentBase init + sidx ranges', () => {
    const vp9 = parseDashManifest(VP9_MPD, URL_);
    expect(vp9.video[0]).toMatchObject({
      mimeType: 'video/webm',
      codecs: 'vp9',
      initSegment: { url: 'https://media.example.org/vp9/720.webm', byteRange: { offset: 0, length: 300 } },
    });
    expect(vp9.video[0].segments[1].byteRange).toEqual({ offset: 100000, length: 100000 });
    const base = parseDashManifest(SEGMENT_BASE_MPD, URL_);
    expect(base.video[0]).toMatchObject({
      segments: [],
      initSegment: {
        url: 'https://cdn.example.com/show/ep1/h264_1080p.mp4',
        byteRange: { offset: 0, length: 806 },
      },
      sidx: {
        url: 'https://cdn.example.com/show/ep1/h264_1080p.mp4',
        byteRange: { offset: 806, length: 72 },
      },
    });
  });

  it('flags ContentProtection on the set and on the whole manifest', () => {
    const d = parseDashManifest(WIDEVINE_MPD, URL_);
    expect(d.protected).toBe(true);
    expect(d.video[0].protected).toBe(true);
  });

  it('a dynamic MPD is live and has no programme duration', () => {
    expect(parseDashManifest(LIVE_MPD, URL_)).toMatchObject({ dynamic: true, duration: null });
  });

  it('a Representation that is only a BaseURL is one whole-file segment', () => {
    const d = parseDashManifest(
      '<MPD mediaPresentationDuration="PT5S"><Period><AdaptationSet mimeType="video/mp4"><Representation id="a" bandwidth="1" codecs="avc1.4d401e" width="320" height="180"><BaseURL>v.mp4</BaseURL></Representation></AdaptationSet></Period></MPD>',
      URL_,
    );
    expect(d.video[0].segments).toEqual([{ url: 'https://cdn.example.com/show/ep1/v.mp4', duration: 5 }]);
    expect(d.video[0].initSegment).toBeUndefined();
  });

  it('throws naming the problem for text that is not an MPD', () => {
    expect(() => parseDashManifest('<MPD/>', URL_)).toThrow(
      /Could not read the DASH manifest .*manifest\.mpd/,
    );
    expect(() => parseDashManifest('<html><body>Not found</body></html>', URL_)).toThrow(
      /Not a DASH manifest/,
    );
    expect(() => parseDashManifest('', URL_)).toThrow(/Not a DASH manifest/);
  });
});

describe('isDashManifest', () => {
  it('spots the MPD root, with or without the XML declaration', () => {
    expect(isDashManifest(FFMPEG_MPD)).toBe(true);
    expect(isDashManifest('<MPD xmlns="urn:mpeg:dash:schema:mpd:2011">')).toBe(true);
    expect(isDashManifest('#EXTM3U\n')).toBe(false);
  });
});
