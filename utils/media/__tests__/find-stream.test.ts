import { describe, expect, it } from 'vitest';
import type { SegmentRef } from '../dash';
import { decideStream, MAX_MANIFEST_FETCHES, type StreamDeps, type TextAnswer } from '../find-stream';
import type { ManifestHint, ProbeResult } from '../page-probe';
import { fragmentedMp4, initSegmentOf } from './ffmpeg-media';
import { FFMPEG_MPD, WIDEVINE_MPD } from './mpd-samples';

const CDN = 'https://cdn.example.net';

function probe(over: Partial<ProbeResult> = {}, manifests: string[] = []): ProbeResult {
  return {
    found: true,
    currentSrc: 'blob:https://news.example.com/6a1f',
    isBlob: true,
    duration: 20.02,
    videoWidth: 1280,
    videoHeight: 720,
    encrypted: false,
    manifests: manifests.map((url): ManifestHint => ({
      url,
      initiatorType: 'xmlhttprequest',
      source: 'resource',
    })),
    frameUrl: 'https://news.example.com/story',
    ...over,
  };
}

/** A scripted frame: answers the URLs in `site`, 404 otherwise, and records what was asked. */
function frame(
  site: Record<string, string>,
  init?: Record<string, Uint8Array>,
): StreamDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async fetchText(url): Promise<TextAnswer> {
      asked.push(url);
      return url in site ? { ok: true, url, body: site[url] } : { ok: false, error: `HTTP 404 for ${url}` };
    },
    ...(init
      ? {
          async fetchBytes(ref: SegmentRef): Promise<Uint8Array> {
            asked.push(`bytes ${ref.url}`);
            return init[ref.url];
          },
        }
      : {}),
  };
}

const media = (seconds: number[], extra = '', end = '#EXT-X-ENDLIST'): string =>
  `#EXTM3U\n#EXT-X-TARGETDURATION:4\n${extra}\n${seconds.map((s, i) => `#EXTINF:${s},\nseg${i}.ts`).join('\n')}\n${end}\n`;

const MASTER = `#EXTM3U
#EXT-X-STREAM-INF:BANDWIDTH=2340800,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
v0/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=815100,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
v1/index.m3u8
`;

describe('decideStream', () => {
  it('skips the ad whose length differs and plans the programme the video plays', async () => {
    const deps = frame({
      [`${CDN}/ads/master.m3u8`]: MASTER,
      [`${CDN}/ads/v0/index.m3u8`]: media([4, 4, 4, 3]),
      [`${CDN}/show/master.m3u8`]: MASTER,
      [`${CDN}/show/v0/index.m3u8`]: media([4, 4, 4, 4, 4]),
    });
    // Resource timing order: the programme's master first, the ad's later (newest first wins ties).
    const decision = await decideStream(
      probe({}, [
        `${CDN}/show/master.m3u8`,
        `${CDN}/show/v0/index.m3u8`,
        `${CDN}/ads/master.m3u8`,
        `${CDN}/ads/v0/index.m3u8`,
      ]),
      { pageUrl: 'https://news.example.com/story' },
      deps,
    );
    expect(decision).toMatchObject({
      kind: 'stream',
      manifestUrl: `${CDN}/show/master.m3u8`,
      plan: {
        kind: 'hls',
        duration: 20,
        segmentCount: 5,
        video: { playlistUrl: `${CDN}/show/v0/index.m3u8` },
      },
    });
    // The ad's variant playlist was covered by its master: never fetched as a candidate of its own.
    expect(deps.asked).toEqual([
      `${CDN}/ads/master.m3u8`,
      `${CDN}/ads/v0/index.m3u8`,
      `${CDN}/show/master.m3u8`,
      `${CDN}/show/v0/index.m3u8`,
    ]);
  });

  it('plans DASH and clear AES-128 HLS; refuses SAMPLE-AES and ContentProtection', async () => {
    const dash = await decideStream(
      probe({}, [`${CDN}/d/manifest.mpd`]),
      {},
      frame({ [`${CDN}/d/manifest.mpd`]: FFMPEG_MPD }),
    );
    expect(dash).toMatchObject({ kind: 'stream', plan: { kind: 'dash', segmentCount: 10 } });

    const clearKey = '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.net/k"';
    const aes = await decideStream(
      probe({}, [`${CDN}/a/master.m3u8`]),
      {},
      frame({
        [`${CDN}/a/master.m3u8`]: MASTER,
        [`${CDN}/a/v0/index.m3u8`]: media([4, 4, 4, 4, 4], clearKey),
      }),
    );
    expect(aes).toMatchObject({ kind: 'stream', plan: { hlsKeys: [{ method: 'AES-128' }] } });

    const fairplay = '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k",KEYFORMAT="com.apple.streamingkeydelivery"';
    const drm = await decideStream(
      probe({}, [`${CDN}/f/master.m3u8`]),
      {},
      frame({
        [`${CDN}/f/master.m3u8`]: MASTER,
        [`${CDN}/f/v0/index.m3u8`]: media([4, 4, 4, 4, 4], fairplay),
      }),
    );
    expect(drm).toMatchObject({ kind: 'refused', error: { code: 'drm_protected' } });

    const widevine = await decideStream(
      probe({ duration: 10 }, [`${CDN}/w/manifest.mpd`]),
      {},
      frame({ [`${CDN}/w/manifest.mpd`]: WIDEVINE_MPD }),
    );
    expect(widevine).toMatchObject({ kind: 'refused', error: { code: 'drm_protected' } });
  });

  it('reads the init segments and refuses an encrypted one before any media is copied', async () => {
    const fmp4 = (extra: string): string =>
      `#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n${media([4, 4, 4, 4, 4]).replace('#EXTM3U\n', extra)}`;
    const cenc = initSegmentOf(
      fragmentedMp4({
        extra: [
          ...['-encryption_scheme', 'cenc-aes-ctr'],
          ...['-encryption_key', '00112233445566778899aabbccddeeff'],
          ...['-encryption_kid', 'ffeeddccbbaa99887766554433221100'],
        ],
      }),
    );
    const deps = frame(
      { [`${CDN}/e/master.m3u8`]: MASTER, [`${CDN}/e/v0/index.m3u8`]: fmp4('') },
      { [`${CDN}/e/v0/init.mp4`]: cenc },
    );
    const decision = await decideStream(probe({}, [`${CDN}/e/master.m3u8`]), {}, deps);
    expect(decision).toMatchObject({ kind: 'refused', error: { code: 'drm_protected' } });
    expect(deps.asked.at(-1)).toBe(`bytes ${CDN}/e/v0/init.mp4`);

    const clear = frame(
      { [`${CDN}/e/master.m3u8`]: MASTER, [`${CDN}/e/v0/index.m3u8`]: fmp4('') },
      { [`${CDN}/e/v0/init.mp4`]: initSegmentOf(fragmentedMp4()) },
    );
    expect(await decideStream(probe({}, [`${CDN}/e/master.m3u8`]), {}, clear)).toMatchObject({
      kind: 'stream',
      plan: { video: { initSegment: { url: `${CDN}/e/v0/init.mp4` } } },
    });
  });

  it('refuses before fetching anything: blocked hosts, MediaKeys, live, too long, no video', async () => {
    const cases: [Partial<ProbeResult>, { pageUrl?: string }, string][] = [
      [{}, { pageUrl: 'https://www.youtube.com/watch?v=1' }, 'blocked_host'],
      [{ frameUrl: 'https://www.youtube-nocookie.com/embed/1' }, {}, 'blocked_host'],
      [{ encrypted: true }, {}, 'drm_protected'],
      [{ duration: 'live' }, {}, 'live_stream'],
      [{ duration: 3600 }, {}, 'too_long'],
      // The element gone is not "no stream": the advice differs (play it, right-click again).
      [{ found: false }, {}, 'video_not_found'],
      [{ found: false }, { pageUrl: 'https://m.youtube.com/watch?v=1' }, 'blocked_host'],
    ];
    for (const [over, context, code] of cases) {
      const deps = frame({ [`${CDN}/x.m3u8`]: MASTER });
      const decision = await decideStream(probe(over, [`${CDN}/x.m3u8`]), context, deps);
      expect(decision, code).toMatchObject({ kind: 'refused', error: { code } });
      expect(deps.asked, code).toEqual([]);
    }
  });

  it('refuses a live playlist found behind a finite element duration (no ENDLIST)', async () => {
    const decision = await decideStream(
      probe({}, [`${CDN}/l/master.m3u8`]),
      {},
      frame({ [`${CDN}/l/master.m3u8`]: MASTER, [`${CDN}/l/v0/index.m3u8`]: media([4, 4, 4, 4, 4], '', '') }),
    );
    expect(decision).toMatchObject({ kind: 'refused', error: { code: 'live_stream' } });
  });

  it('copies a plain Blob directly and hands an ordinary URL to the URL flow', async () => {
    const blob = await decideStream(
      probe({ plainBlob: { size: 5_000_000, type: 'video/mp4' } }),
      {},
      frame({}),
    );
    expect(blob).toEqual({
      kind: 'blob',
      blobUrl: 'blob:https://news.example.com/6a1f',
      size: 5_000_000,
      type: 'video/mp4',
    });
    for (const [size, code] of [
      [0, 'empty'],
      [4_000_000_001, 'too_large'],
    ] as const) {
      const refusal = await decideStream(probe({ plainBlob: { size, type: 'video/mp4' } }), {}, frame({}));
      expect(refusal).toMatchObject({ kind: 'refused', error: { code } });
    }
    const direct = await decideStream(probe({ isBlob: false, currentSrc: `${CDN}/v.mp4` }), {}, frame({}));
    expect(direct).toEqual({ kind: 'direct', url: `${CDN}/v.mp4` });
  });

  it('says the stream was not found, with what was tried, when nothing matches or loads', async () => {
    const decision = await decideStream(
      probe({}, [`${CDN}/gone.m3u8`, `${CDN}/short/master.m3u8`, `${CDN}/page.mpd`]),
      {},
      frame({
        [`${CDN}/short/master.m3u8`]: MASTER,
        [`${CDN}/short/v0/index.m3u8`]: media([4, 2]),
        [`${CDN}/page.mpd`]: '<html>login required</html>',
      }),
    );
    expect(decision).toMatchObject({ kind: 'refused', error: { code: 'stream_not_found' } });
    if (decision.kind === 'refused') {
      expect(decision.error.message).toMatch(/download or share link/);
      expect(decision.error.message).toContain(`neither an HLS playlist nor a DASH manifest`);
      expect(decision.error.message).toContain(`lasts 6 s, the video 20.02 s`);
      expect(decision.error.message).toContain(`HTTP 404 for ${CDN}/gone.m3u8`);
    }
    expect(await decideStream(probe(), {}, frame({}))).toMatchObject({ error: { code: 'stream_not_found' } });
  });

  it('names an unsupported codec rather than "not found", and a blocked manifest host it would not fetch', async () => {
    const av1 = MASTER.replace(/avc1\.64001[fe]/g, 'av01.0.08M.08');
    expect(
      await decideStream(
        probe({}, [`${CDN}/av1/master.m3u8`]),
        {},
        frame({ [`${CDN}/av1/master.m3u8`]: av1 }),
      ),
    ).toMatchObject({ kind: 'refused', error: { code: 'unsupported_codec' } });
    const google = 'https://rr1---sn-x.googlevideo.com/manifest/hls_variant/id/1/index.m3u8';
    const deps = frame({ [google]: MASTER });
    expect(await decideStream(probe({}, [google]), {}, deps)).toMatchObject({
      error: { code: 'blocked_host' },
    });
    expect(deps.asked).toEqual([]);
  });

  it(`fetches at most ${MAX_MANIFEST_FETCHES} manifests per click`, async () => {
    const urls = Array.from({ length: 30 }, (_, i) => `${CDN}/p${i}/x.m3u8`);
    const deps = frame({});
    await decideStream(probe({}, urls), {}, deps);
    expect(deps.asked).toHaveLength(MAX_MANIFEST_FETCHES);
  });
});
