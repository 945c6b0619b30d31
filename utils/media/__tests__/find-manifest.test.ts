import { describe, expect, it } from 'vitest';
import { manifestFormat, matchesDuration, rankManifestCandidates, MAX_CANDIDATES } from '../find-manifest';
import type { ManifestHint } from '../page-probe';

const res = (url: string, initiatorType = 'xmlhttprequest'): ManifestHint => ({
  url,
  initiatorType,
  source: 'resource',
});

describe('rankManifestCandidates', () => {
  it('puts the master before the variant and audio playlists hls.js loaded after it', () => {
    // What performance.getEntriesByType('resource') listed for the hls.js demo stream, oldest first.
    const ranked = rankManifestCandidates({
      manifests: [
        res('https://test-streams.mux.dev/x36xhzz/x36xhzz.m3u8'),
        res('https://test-streams.mux.dev/x36xhzz/url_6/193039199_mp4_h264_aac_hq_7.m3u8'),
        res('https://test-streams.mux.dev/x36xhzz/url_0/193039199_mp4_h264_aac_hd_7.m3u8'),
      ],
    });
    expect(ranked[0]).toMatchObject({
      url: 'https://test-streams.mux.dev/x36xhzz/x36xhzz.m3u8',
      role: 'master',
      format: 'hls',
    });
    expect(ranked.slice(1).map((c) => c.role)).toEqual(['media', 'media']);
  });

  it("recognises Apple's prog_index and ffmpeg's v0/index as media playlists, and Wowza's playlist.m3u8 as master", () => {
    const ranked = rankManifestCandidates({
      manifests: [
        res('https://wowza.example.com/vod/mp4:clip.mp4/playlist.m3u8'),
        res('https://wowza.example.com/vod/mp4:clip.mp4/chunklist_w1234.m3u8'),
        res('https://apple.example.com/bipbop/gear4/prog_index.m3u8'),
        res('https://ffmpeg.example.com/show/v0/index.m3u8'),
      ],
    });
    expect(Object.fromEntries(ranked.map((c) => [c.url.split('/').pop(), c.role]))).toEqual({
      'playlist.m3u8': 'master',
      'chunklist_w1234.m3u8': 'media',
      'prog_index.m3u8': 'media',
      'index.m3u8': 'media',
    });
  });

  it('resource entries before config and markup; newest resource first; page order for the rest; deduped', () => {
    const ranked = rankManifestCandidates({
      manifests: [
        { url: 'https://cdn.example.com/markup/a.mpd', initiatorType: 'source', source: 'markup' },
        { url: 'https://cdn.example.com/config/b.mpd', initiatorType: 'script', source: 'config' },
        { url: 'https://cdn.example.com/config/c.mpd', initiatorType: 'script', source: 'config' },
        res('https://ads.example.com/preroll/master.mpd'),
        res('https://cdn.example.com/main/manifest.mpd'),
        res('https://cdn.example.com/main/manifest.mpd#t=10'),
      ],
    });
    expect(ranked.map((c) => c.url)).toEqual([
      'https://cdn.example.com/main/manifest.mpd',
      'https://ads.example.com/preroll/master.mpd',
      'https://cdn.example.com/config/b.mpd',
      'https://cdn.example.com/config/c.mpd',
      'https://cdn.example.com/markup/a.mpd',
    ]);
    expect(ranked.every((c) => c.format === 'dash' && c.role === 'unknown')).toBe(true);
  });

  it('keeps at most MAX_CANDIDATES', () => {
    const many = Array.from({ length: 50 }, (_, i) => res(`https://cdn.example.com/${i}/x.m3u8`));
    expect(rankManifestCandidates({ manifests: many })).toHaveLength(MAX_CANDIDATES);
  });
});

describe('manifestFormat', () => {
  it('reads the extension, query hints and content types', () => {
    expect(manifestFormat('https://x.example/a/master.m3u8?token=1')).toBe('hls');
    expect(manifestFormat('https://x.example/a/stream.mpd')).toBe('dash');
    expect(manifestFormat('https://x.example/api/play?id=4&format=hls')).toBe('hls');
    expect(manifestFormat('https://x.example/api/play?output=dash')).toBe('dash');
    expect(manifestFormat('https://x.example/api/play', 'application/vnd.apple.mpegurl')).toBe('hls');
    expect(manifestFormat('https://x.example/api/play', 'application/dash+xml; charset=utf-8')).toBe('dash');
    expect(manifestFormat('https://ams.example.net/v/clip.ism/manifest(format=m3u8-aapl)')).toBe('hls');
    expect(manifestFormat('https://ams.example.net/v/clip.ism/manifest(format=mpd-time-csf)')).toBe('dash');
    expect(manifestFormat('https://x.example/video.mp4')).toBe('unknown');
  });
});

describe('matchesDuration', () => {
  it('allows max(1.5 s, 2 %) either way', () => {
    expect(matchesDuration(20, 21.4)).toBe(true);
    expect(matchesDuration(20, 21.6)).toBe(false);
    expect(matchesDuration(21.6, 20)).toBe(false);
    // 2 % of 300 s is 6 s.
    expect(matchesDuration(300, 305.9)).toBe(true);
    expect(matchesDuration(300, 307)).toBe(false);
  });

  it('a 30 s ad does not match a 10 min programme; unknown durations cannot disagree', () => {
    expect(matchesDuration(596.5, 30)).toBe(false);
    expect(matchesDuration(null, 30)).toBe(true);
    expect(matchesDuration(30, null)).toBe(true);
    expect(matchesDuration('live', 30)).toBe(true);
  });
});
