import { describe, expect, it } from 'vitest';
import {
  chooseDashRendition,
  chooseHlsRendition,
  codecFamily,
  planFromHlsMediaPlaylist,
  type CapturePlan,
  type Choice,
} from '../choose';
import { parseDashManifest } from '../dash';
import { parseMasterPlaylist, parseMediaPlaylist, type HlsMediaPlaylist } from '../hls';
import { BITMOVIN_MPD, FFMPEG_MPD, LIVE_MPD, SEGMENT_BASE_MPD, VP9_MPD, WIDEVINE_MPD } from './mpd-samples';

const BASE = 'https://cdn.example.com/show/master.m3u8';

function plan(choice: Choice): CapturePlan {
  if (!choice.ok) throw new Error(`expected a plan, got ${choice.error.code}: ${choice.error.message}`);
  return choice.plan;
}

/** A master playlist from `[attributes, uri]` lines, plus optional EXT-X-MEDIA lines. */
function master(variants: [string, string][], media: string[] = []): ReturnType<typeof parseMasterPlaylist> {
  const text = ['#EXTM3U', ...media, ...variants.flatMap(([a, u]) => [`#EXT-X-STREAM-INF:${a}`, u])].join(
    '\n',
  );
  return parseMasterPlaylist(text, BASE);
}

describe('codecFamily', () => {
  it('knows the RFC 6381 spellings TikTok takes, and nothing else', () => {
    expect(
      ['avc1.64001f', 'avc3.4d401e', 'hvc1.2.4.L123.B0', 'hev1.1.6.L93.B0', 'vp09.00.10.08', 'vp9'].map(
        codecFamily,
      ),
    ).toEqual(['h264', 'h264', 'h265', 'h265', 'vp9', 'vp9']);
    expect(['av01.0.05M.08', 'vp8', 'mp4a.40.2', ''].map(codecFamily)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('chooseHlsRendition', () => {
  it('takes the highest resolution H.264 with its muxed audio', async () => {
    const p = plan(
      await chooseHlsRendition(
        master([
          ['BANDWIDTH=815100,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"', 'v1/index.m3u8'],
          ['BANDWIDTH=2340800,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"', 'v0/index.m3u8'],
        ]),
      ),
    );
    expect(p.video).toEqual({
      playlistUrl: 'https://cdn.example.com/show/v0/index.m3u8',
      codec: 'avc1.64001f',
      bandwidth: 2340800,
      width: 1280,
      height: 720,
      family: 'h264',
    });
    expect(p).toMatchObject({
      kind: 'hls',
      audio: 'muxed',
      output: 'mp4',
      duration: null,
      segmentCount: null,
    });
  });

  it('prefers H.264 over a larger H.265, and H.265 over VP9', async () => {
    const mixed = master([
      ['BANDWIDTH=8000000,RESOLUTION=1920x1080,CODECS="hvc1.2.4.L123.B0,mp4a.40.2"', 'hevc.m3u8'],
      ['BANDWIDTH=2000000,RESOLUTION=960x540,CODECS="avc1.640020,mp4a.40.2"', 'avc.m3u8'],
      ['BANDWIDTH=9000000,RESOLUTION=2560x1440,CODECS="vp09.00.50.08,opus"', 'vp9.m3u8'],
    ]);
    expect(plan(await chooseHlsRendition(mixed)).video.playlistUrl).toMatch(/\/avc\.m3u8$/);
    const noAvc = { ...mixed, variants: mixed.variants.filter((v) => !v.uri.endsWith('avc.m3u8')) };
    expect(plan(await chooseHlsRendition(noAvc)).video).toMatchObject({ family: 'h265', width: 1920 });
    const vp9Only = { ...mixed, variants: mixed.variants.filter((v) => v.uri.endsWith('vp9.m3u8')) };
    expect(plan(await chooseHlsRendition(vp9Only))).toMatchObject({
      video: { family: 'vp9' },
      output: 'webm',
    });
  });

  it('skips renditions over 4096 px on the longer side (portrait too), and says so when all are', async () => {
    const p = plan(
      await chooseHlsRendition(
        master([
          ['BANDWIDTH=40000000,RESOLUTION=7680x4320,CODECS="avc1.640033"', '8k.m3u8'],
          ['BANDWIDTH=30000000,RESOLUTION=2160x4320,CODECS="avc1.640033"', 'tall.m3u8'],
          ['BANDWIDTH=20000000,RESOLUTION=4096x2160,CODECS="avc1.640033"', '4k.m3u8'],
        ]),
      ),
    );
    expect(p.video.playlistUrl).toMatch(/\/4k\.m3u8$/);
    const none = await chooseHlsRendition(
      master([['BANDWIDTH=1,RESOLUTION=8192x4320,CODECS="avc1.640033"', 'x.m3u8']]),
    );
    expect(none).toMatchObject({ ok: false, error: { code: 'unsupported_resolution' } });
    if (!none.ok) expect(none.error.message).toMatch(/4096 px.*download link/s);
  });

  it('breaks a resolution tie with the higher bandwidth', async () => {
    const p = plan(
      await chooseHlsRendition(
        master([
          ['BANDWIDTH=3000000,RESOLUTION=1280x720,CODECS="avc1.64001f"', 'low.m3u8'],
          ['BANDWIDTH=5000000,RESOLUTION=1280x720,CODECS="avc1.64001f"', 'high.m3u8'],
        ]),
      ),
    );
    expect(p.video.playlistUrl).toMatch(/\/high\.m3u8$/);
  });

  it('takes the DEFAULT=YES audio of the variant’s group, else the group’s first', async () => {
    const media = [
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="other",NAME="Wrong",DEFAULT=YES,URI="other/a.m3u8"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="fr",NAME="Français",DEFAULT=NO,URI="fr/a.m3u8"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="en",NAME="English",DEFAULT=YES,URI="en/a.m3u8"',
    ];
    const variants: [string, string][] = [
      ['BANDWIDTH=1,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aud"', 'v.m3u8'],
    ];
    expect(plan(await chooseHlsRendition(master(variants, media))).audio).toEqual({
      playlistUrl: 'https://cdn.example.com/show/en/a.m3u8',
      codec: 'mp4a.40.2',
      bandwidth: 0,
      name: 'English',
      language: 'en',
    });
    const noDefault = master(variants, [media[0], media[1]]);
    expect(plan(await chooseHlsRendition(noDefault)).audio).toMatchObject({ name: 'Français' });
  });

  it('treats a group rendition without URI as muxed, and no audio codec and no group as silent', async () => {
    const muxed = master(
      [['BANDWIDTH=1,RESOLUTION=640x360,CODECS="avc1.4d401e",AUDIO="a"', 'v.m3u8']],
      ['#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="main",DEFAULT=YES'],
    );
    expect(plan(await chooseHlsRendition(muxed)).audio).toBe('muxed');
    const silent = master([['BANDWIDTH=1,RESOLUTION=640x360,CODECS="avc1.4d401e"', 'v.m3u8']]);
    expect(plan(await chooseHlsRendition(silent)).audio).toBeUndefined();
  });

  it('assumes H.264 with muxed audio when no variant declares CODECS (pre-CODECS streams)', async () => {
    const p = plan(
      await chooseHlsRendition(
        master([
          ['BANDWIDTH=500000,RESOLUTION=640x360', 'lo.m3u8'],
          ['BANDWIDTH=1500000,RESOLUTION=1280x720', 'hi.m3u8'],
        ]),
      ),
    );
    expect(p).toMatchObject({
      video: { family: 'h264', codec: '', width: 1280 },
      audio: 'muxed',
      output: 'mp4',
    });
  });

  it('skips audio-only variants and refuses a stream with only codecs TikTok does not take', async () => {
    const p = plan(
      await chooseHlsRendition(
        master([
          ['BANDWIDTH=64000,CODECS="mp4a.40.5"', 'audio-only.m3u8'],
          ['BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"', 'v.m3u8'],
        ]),
      ),
    );
    expect(p.video.playlistUrl).toMatch(/\/v\.m3u8$/);
    const av1 = await chooseHlsRendition(
      master([['BANDWIDTH=1,RESOLUTION=1920x1080,CODECS="av01.0.08M.08,mp4a.40.2"', 'a.m3u8']]),
    );
    expect(av1).toMatchObject({ ok: false, error: { code: 'unsupported_codec' } });
    if (!av1.ok) expect(av1.error.message).toContain('av01.0.08M.08');
  });

  it('writes MP4 for VP9 whose muxed sound is AAC (WebM cannot hold AAC)', async () => {
    const p = plan(
      await chooseHlsRendition(
        master([['BANDWIDTH=1,RESOLUTION=1280x720,CODECS="vp09.00.40.08,mp4a.40.2"', 'v.m3u8']]),
      ),
    );
    expect(p).toMatchObject({ video: { family: 'vp9' }, output: 'mp4' });
  });

  it('with a loader, reads the chosen video and audio playlists only: duration, count, keys, live', async () => {
    const m = master(
      [
        ['BANDWIDTH=1,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="a"', 'lo/v.m3u8'],
        ['BANDWIDTH=2,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="a"', 'hi/v.m3u8'],
      ],
      [
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",DEFAULT=YES,URI="aud/a.m3u8"',
        '#EXT-X-SESSION-KEY:METHOD=AES-128,URI="https://keys.example.com/k"',
      ],
    );
    const key = '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k"';
    const playlists: Record<string, string> = {
      'https://cdn.example.com/show/hi/v.m3u8': `#EXTM3U\n${key}\n#EXTINF:4,\n0.ts\n#EXTINF:4,\n1.ts\n#EXTINF:2.5,\n2.ts\n#EXT-X-ENDLIST\n`,
      'https://cdn.example.com/show/aud/a.m3u8':
        '#EXTM3U\n#EXTINF:5,\na0.aac\n#EXTINF:5.5,\na1.aac\n#EXT-X-ENDLIST\n',
    };
    const loaded: string[] = [];
    const load = async (url: string): Promise<HlsMediaPlaylist> => {
      loaded.push(url);
      if (!playlists[url]) throw new Error(`unexpected load of ${url}`);
      return parseMediaPlaylist(playlists[url], url);
    };
    const p = plan(await chooseHlsRendition(m, load));
    expect(loaded).toEqual([
      'https://cdn.example.com/show/hi/v.m3u8',
      'https://cdn.example.com/show/aud/a.m3u8',
    ]);
    expect(p).toMatchObject({ duration: 10.5, segmentCount: 5, live: false });
    expect(p.hlsKeys.map((k) => k.method)).toEqual(['AES-128', 'AES-128']);

    // The same stream still being written (no ENDLIST on the audio) is live.
    playlists['https://cdn.example.com/show/aud/a.m3u8'] = '#EXTM3U\n#EXTINF:5,\na0.aac\n';
    expect(plan(await chooseHlsRendition(m, load)).live).toBe(true);
  });
});

describe('planFromHlsMediaPlaylist', () => {
  it('captures a lone media playlist at the element’s size, codec left to the remuxer', () => {
    const url = 'https://cdn.example.com/x/chunklist_w1.m3u8';
    const media = parseMediaPlaylist('#EXTM3U\n#EXTINF:6,\na.ts\n#EXTINF:6,\nb.ts\n#EXT-X-ENDLIST\n', url);
    expect(planFromHlsMediaPlaylist(media, url, { width: 854, height: 480 })).toMatchObject({
      kind: 'hls',
      video: { playlistUrl: url, codec: '', width: 854, height: 480 },
      audio: 'muxed',
      duration: 12,
      segmentCount: 2,
      live: false,
    });
  });
});

describe('chooseDashRendition', () => {
  const url = 'https://cdn.example.com/show/manifest.mpd';

  it("takes ffmpeg's 720p H.264 with its AAC adaptation set, segments expanded", () => {
    const p = plan(chooseDashRendition(parseDashManifest(FFMPEG_MPD, url)));
    expect(p.video).toMatchObject({ width: 1280, height: 720, family: 'h264', codec: 'avc1.64001f' });
    expect(p.video.initSegment).toEqual({ url: 'https://cdn.example.com/show/init-stream0.m4s' });
    expect(p.video.segments?.map((s) => s.url.split('/').pop())).toEqual([
      'chunk-stream0-00001.m4s',
      'chunk-stream0-00002.m4s',
      'chunk-stream0-00003.m4s',
      'chunk-stream0-00004.m4s',
      'chunk-stream0-00005.m4s',
    ]);
    expect(p.audio).toMatchObject({
      codec: 'mp4a.40.2',
      initSegment: { url: 'https://cdn.example.com/show/init-stream2.m4s' },
    });
    expect(p).toMatchObject({
      kind: 'dash',
      duration: 20,
      segmentCount: 10,
      output: 'mp4',
      live: false,
      protected: false,
    });
  });

  it('prefers 1080p H.264 (higher bandwidth of two) over 2160p HEVC; the best AAC over a richer E-AC-3', () => {
    const p = plan(chooseDashRendition(parseDashManifest(BITMOVIN_MPD, url)));
    expect(p.video).toMatchObject({ family: 'h264', width: 1920, bandwidth: 6000000 });
    expect(p.video.initSegment?.url).toBe('https://cdn.example.com/show/video/1080_avc_hi/init.mp4');
    expect(p.audio).toMatchObject({ codec: 'mp4a.40.2', bandwidth: 128000, language: 'en' });
    expect(p.segmentCount).toBe(16);
  });

  it('takes VP9 with Opus into WebM over a higher-bandwidth AAC', () => {
    const p = plan(chooseDashRendition(parseDashManifest(VP9_MPD, url)));
    expect(p).toMatchObject({
      video: { family: 'vp9', width: 1280 },
      audio: { codec: 'opus' },
      output: 'webm',
    });
    expect(p.video.segments?.[0]).toEqual({
      url: 'https://media.example.org/vp9/720.webm',
      duration: 4,
      byteRange: { offset: 300, length: 99700 },
    });
  });

  it('writes MP4 for VP9 when the only sound is AAC; takes an audio set without @codecs on trust', () => {
    const aacOnly = VP9_MPD.replace(/<AdaptationSet mimeType="audio\/webm"[\s\S]*?<\/AdaptationSet>/, '');
    expect(plan(chooseDashRendition(parseDashManifest(aacOnly, url)))).toMatchObject({
      video: { family: 'vp9' },
      audio: { codec: 'mp4a.40.2' },
      output: 'mp4',
    });
    const unlabelled = FFMPEG_MPD.replace('codecs="mp4a.40.2"', '');
    expect(plan(chooseDashRendition(parseDashManifest(unlabelled, url))).audio).toMatchObject({ codec: '' });
  });

  it('leaves the segment count open for SegmentBase until the sidx is read', () => {
    const p = plan(chooseDashRendition(parseDashManifest(SEGMENT_BASE_MPD, url)));
    expect(p.video.sidx).toEqual({
      url: 'https://cdn.example.com/show/h264_1080p.mp4',
      byteRange: { offset: 806, length: 72 },
    });
    expect(p.video.initSegment).toEqual({
      url: 'https://cdn.example.com/show/h264_1080p.mp4',
      byteRange: { offset: 0, length: 806 },
    });
    expect(p.segmentCount).toBeNull();
  });

  it('carries protection and liveness to the refusal step', () => {
    expect(plan(chooseDashRendition(parseDashManifest(WIDEVINE_MPD, url))).protected).toBe(true);
    expect(plan(chooseDashRendition(parseDashManifest(LIVE_MPD, url)))).toMatchObject({
      live: true,
      duration: null,
    });
  });

  it('refuses when no representation is H.264, H.265 or VP9', () => {
    const av1 = FFMPEG_MPD.replace(/avc1\.64001[fe]/g, 'av01.0.08M.08');
    expect(chooseDashRendition(parseDashManifest(av1, url))).toMatchObject({
      ok: false,
      error: { code: 'unsupported_codec' },
    });
  });
});
