import { describe, expect, it } from 'vitest';
import {
  isHlsPlaylist,
  isMasterPlaylist,
  parseAttributes,
  parseMasterPlaylist,
  parseMediaPlaylist,
} from '../hls';

// What ffmpeg writes for `-f hls -master_pl_name master.m3u8 -var_stream_map "v:0,a:0 v:1,a:1"`.
const FFMPEG_MASTER = `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-STREAM-INF:BANDWIDTH=2340800,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
v0/index.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=815100,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
v1/index.m3u8
`;

// Apple's advanced example: alternate audio groups, I-frame playlists, HEVC next to AVC, CRLF lines.
const APPLE_MASTER = [
  '#EXTM3U',
  '#EXT-X-VERSION:6',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud1",LANGUAGE="en",NAME="English",AUTOSELECT=YES,DEFAULT=YES,CHANNELS="2",URI="a1/prog_index.m3u8"',
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud1",LANGUAGE="fr",NAME="Français",AUTOSELECT=YES,DEFAULT=NO,CHANNELS="2",URI="a1fr/prog_index.m3u8"',
  '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="sub1",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,URI="s1/en/prog_index.m3u8"',
  '#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=2168183,BANDWIDTH=2177116,CODECS="avc1.640020,mp4a.40.2",RESOLUTION=960x540,FRAME-RATE=60.000,CLOSED-CAPTIONS="cc1",AUDIO="aud1",SUBTITLES="sub1"',
  'v5/prog_index.m3u8',
  '#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=7968416,BANDWIDTH=8001098,CODECS="hvc1.2.4.L123.B0,mp4a.40.2",RESOLUTION=1920x1080,FRAME-RATE=60.000,AUDIO="aud1"',
  'https://cdn2.example.net/hevc/v9/prog_index.m3u8',
  '#EXT-X-I-FRAME-STREAM-INF:AVERAGE-BANDWIDTH=186522,BANDWIDTH=187068,CODECS="avc1.64002a",RESOLUTION=1920x1080,URI="v7/iframe_index.m3u8"',
  '#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key42",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"',
].join('\r\n');

describe('isMasterPlaylist / isHlsPlaylist', () => {
  it('tells a master from a media playlist and HLS from anything else', () => {
    expect(isMasterPlaylist(FFMPEG_MASTER)).toBe(true);
    expect(isMasterPlaylist('#EXTM3U\n#EXTINF:4,\na.ts\n#EXT-X-ENDLIST\n')).toBe(false);
    expect(isHlsPlaylist('\uFEFF#EXTM3U\n')).toBe(true);
    expect(isHlsPlaylist('<MPD></MPD>')).toBe(false);
  });
});

describe('parseAttributes', () => {
  it('keeps commas inside quotes and trims bare values', () => {
    expect(parseAttributes('BANDWIDTH=1,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=1x2')).toEqual({
      BANDWIDTH: '1',
      CODECS: 'avc1.4d401f,mp4a.40.2',
      RESOLUTION: '1x2',
    });
  });
});

describe('parseMasterPlaylist', () => {
  it("reads ffmpeg's master: variants resolved against the playlist URL, codecs split", () => {
    const m = parseMasterPlaylist(FFMPEG_MASTER, 'https://media.example.com/show/ep1/master.m3u8?token=abc');
    expect(m.variants).toEqual([
      {
        uri: 'https://media.example.com/show/ep1/v0/index.m3u8',
        bandwidth: 2340800,
        resolution: { width: 1280, height: 720 },
        codecs: ['avc1.64001f', 'mp4a.40.2'],
      },
      {
        uri: 'https://media.example.com/show/ep1/v1/index.m3u8',
        bandwidth: 815100,
        resolution: { width: 640, height: 360 },
        codecs: ['avc1.64001e', 'mp4a.40.2'],
      },
    ]);
    expect(m.audio).toEqual([]);
    expect(m.sessionKeys).toEqual([]);
  });

  it("reads Apple's: audio renditions only (not subtitles), I-frame playlists skipped, session keys", () => {
    const m = parseMasterPlaylist(APPLE_MASTER, 'https://devstreaming.example.com/bipbop/master.m3u8');
    expect(m.variants.map((v) => v.uri)).toEqual([
      'https://devstreaming.example.com/bipbop/v5/prog_index.m3u8',
      'https://cdn2.example.net/hevc/v9/prog_index.m3u8',
    ]);
    expect(m.variants[0]).toMatchObject({
      averageBandwidth: 2168183,
      frameRate: 60,
      audioGroup: 'aud1',
      codecs: ['avc1.640020', 'mp4a.40.2'],
    });
    expect(m.audio).toEqual([
      {
        groupId: 'aud1',
        name: 'English',
        uri: 'https://devstreaming.example.com/bipbop/a1/prog_index.m3u8',
        default: true,
        autoselect: true,
        language: 'en',
        channels: '2',
      },
      {
        groupId: 'aud1',
        name: 'Français',
        uri: 'https://devstreaming.example.com/bipbop/a1fr/prog_index.m3u8',
        default: false,
        autoselect: true,
        language: 'fr',
        channels: '2',
      },
    ]);
    expect(m.sessionKeys).toEqual([
      { method: 'SAMPLE-AES', uri: 'skd://key42', keyformat: 'com.apple.streamingkeydelivery' },
    ]);
  });

  it('marks an audio rendition without URI as muxed (uri undefined)', () => {
    const m = parseMasterPlaylist(
      '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="main",DEFAULT=YES\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"\nv.m3u8\n',
      'https://x.example/m.m3u8',
    );
    expect(m.audio[0].uri).toBeUndefined();
    expect(m.variants[0].codecs).toEqual([]);
  });
});

describe('parseMediaPlaylist', () => {
  it("reads ffmpeg's VOD TS playlist: durations, total, ENDLIST, type", () => {
    const p = parseMediaPlaylist(
      `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXTINF:2.000000,
index0.ts
#EXTINF:2.000000,
index1.ts
#EXTINF:0.100000,
index2.ts
#EXT-X-ENDLIST
`,
      'http://127.0.0.1:8080/hls/v0/index.m3u8',
    );
    expect(p.segments.map((s) => [s.uri, s.duration, s.sequence])).toEqual([
      ['http://127.0.0.1:8080/hls/v0/index0.ts', 2, 0],
      ['http://127.0.0.1:8080/hls/v0/index1.ts', 2, 1],
      ['http://127.0.0.1:8080/hls/v0/index2.ts', 0.1, 2],
    ]);
    expect(p.totalDuration).toBe(4.1);
    expect(p).toMatchObject({ endList: true, playlistType: 'VOD', targetDuration: 2, mediaSequence: 0 });
    expect(p.segments[0].key).toBeUndefined();
  });

  it('reads fMP4 with EXT-X-MAP and AES-128 keys that change mid-playlist, then METHOD=NONE', () => {
    const p = parseMediaPlaylist(
      `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:10
#EXT-X-MAP:URI="init.mp4"
#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k1",IV=0x00000000000000000000000000000001
#EXTINF:4.004,
seg10.m4s
#EXT-X-KEY:METHOD=AES-128,URI="/k2"
#EXTINF:4.004,
seg11.m4s
#EXT-X-KEY:METHOD=NONE
#EXT-X-DISCONTINUITY
#EXTINF:3.5,
seg12.m4s
#EXT-X-ENDLIST`,
      'https://cdn.example.com/vod/1080/playlist.m3u8',
    );
    const [a, b, c] = p.segments;
    expect(a.map).toEqual({ uri: 'https://cdn.example.com/vod/1080/init.mp4' });
    expect(a.key).toEqual({
      method: 'AES-128',
      uri: 'https://keys.example.com/k1',
      iv: '0x00000000000000000000000000000001',
    });
    expect(b.key).toEqual({ method: 'AES-128', uri: 'https://cdn.example.com/k2' });
    expect(b.sequence).toBe(11);
    expect(c.key).toBeUndefined();
    expect(c.discontinuity).toBe(true);
    expect(b.discontinuity).toBe(false);
    expect(p.keys.map((k) => k.method)).toEqual(['AES-128', 'AES-128', 'NONE']);
    expect(p.totalDuration).toBe(11.508);
  });

  it("reads Apple's single-file BYTERANGE playlist: offsets continue when omitted, per URI", () => {
    const p = parseMediaPlaylist(
      `#EXTM3U
#EXT-X-TARGETDURATION:10
#EXT-X-VERSION:4
#EXT-X-MAP:URI="main.mp4",BYTERANGE="720@0"
#EXTINF:10.0,
#EXT-X-BYTERANGE:75232@720
main.mp4
#EXTINF:10.0,
#EXT-X-BYTERANGE:82112
main.mp4
#EXTINF:10.0,
#EXT-X-BYTERANGE:69864
main.mp4
#EXT-X-ENDLIST`,
      'https://example.com/a/b.m3u8',
    );
    expect(p.segments[0].map).toEqual({
      uri: 'https://example.com/a/main.mp4',
      byteRange: { offset: 0, length: 720 },
    });
    expect(p.segments.map((s) => s.byteRange)).toEqual([
      { offset: 720, length: 75232 },
      { offset: 75952, length: 82112 },
      { offset: 158064, length: 69864 },
    ]);
  });

  it('a live (sliding window) playlist has no ENDLIST; an EVENT playlist says so', () => {
    const live = parseMediaPlaylist(
      '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:2680\n#EXTINF:6.0,\nfileSequence2680.ts\n#EXTINF:6.0,\nfileSequence2681.ts\n',
      'https://live.example.com/stream.m3u8',
    );
    expect(live.endList).toBe(false);
    expect(live.segments[1].sequence).toBe(2681);
    const event = parseMediaPlaylist(
      '#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:6,\na.ts\n',
      'https://live.example.com/e.m3u8',
    );
    expect(event).toMatchObject({ playlistType: 'EVENT', endList: false });
  });

  it('reads SAMPLE-AES keys with their KEYFORMAT (for the DRM refusal)', () => {
    const p = parseMediaPlaylist(
      '#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://abc",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"\n#EXTINF:6,\na.ts\n#EXT-X-ENDLIST\n',
      'https://x.example/p.m3u8',
    );
    expect(p.segments[0].key).toEqual({
      method: 'SAMPLE-AES',
      uri: 'skd://abc',
      keyformat: 'com.apple.streamingkeydelivery',
    });
  });
});
