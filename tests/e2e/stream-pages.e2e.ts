// The stream world of issue 7 itself: every player page really plays its fixture in headless
// Chromium from a `blob:` URL (MediaSource for hls.js/dash.js, a plain Blob), the streams come
// through the page with its session cookie, and the fixtures are what they claim (ffprobe).
// When this fails, no capture result means anything.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type LaunchedExtension } from './harness/launch';
import { inspectMedia, probeMedia } from './harness/media';
import { fromBrowser, site, streamPageUrl, streams, type StreamPageKind } from './harness/site';
import { SITE_URL } from './harness/env';
import path from 'node:path';
import { waitFor } from './harness/wait';

/** Waits for the page's `data-playing`, failing early with the player's own error. */
async function waitPlaying(page: Page, frame = false): Promise<{ currentSrc: string; width: number }> {
  return waitFor(
    `${page.url()} to play`,
    async () => {
      const state = await page.evaluate((inFrame) => {
        const doc = inFrame
          ? (document.getElementById('player') as HTMLIFrameElement | null)?.contentDocument
          : document;
        const video = doc?.getElementById('v') as HTMLVideoElement | null;
        return {
          playing: doc?.body?.dataset.playing === '1',
          error: doc?.body?.dataset.playerError,
          currentSrc: video?.currentSrc ?? '',
          width: video?.videoWidth ?? 0,
        };
      }, frame);
      if (state.error) throw new Error(`player error: ${state.error}`);
      return state.playing && state;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  ).catch(async (error: Error) => {
    // The page's own last words beat a bare timeout.
    throw new Error(
      `${error.message} (${await page.evaluate(() => document.body.dataset.playerError ?? '')})`,
    );
  });
}

/** Opens `url` in a new tab, waits for it to play; how long that took (ms) and what it showed. */
async function play(ext: LaunchedExtension, url: string, frame = false) {
  const started = Date.now();
  const page = await ext.browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const state = await waitPlaying(page, frame);
    return { ...state, ms: Date.now() - started };
  } finally {
    await page.close();
  }
}

describe('stream pages', () => {
  // One browser for the page tests: a launch costs more than a page.
  let ext: LaunchedExtension;
  beforeAll(async () => {
    ext = await launchWithExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('play HLS (TS, fMP4 with a separate audio rendition, AES-128, live), DASH and a Blob from blob: URLs', async () => {
    const cases: [StreamPageKind, string][] = [
      ['hls', streams.hlsTs.path],
      ['hls', streams.hlsFmp4.path],
      ['hls', streams.hlsAes.path],
      ['hls', streams.hlsLive.path],
      ['dash', streams.dash.path],
      ['blob', streams.blob.path],
    ];
    // All at once, as tabs: each page is independent, and the wall time is the slowest one's.
    const results = await Promise.all(
      cases.map(([kind, fixture]) => play(ext, streamPageUrl(kind, fixture))),
    );
    results.forEach((state, i) => {
      const what = cases[i].join(' ');
      expect(state.currentSrc, what).toMatch(/^blob:http:\/\/127\.0\.0\.1:18791\//);
      expect(state.width, what).toBeGreaterThan(0);
    });
    console.log(
      'stream pages: ms to play',
      Object.fromEntries(cases.map((c, i) => [c.join(' '), results[i].ms])),
    );
  });

  it('fetch /streams-auth/ through the page with its session cookie, also from a same-origin frame', async () => {
    const fixture = streams.hlsTs.path.replace('/streams/', '/streams-auth/');
    // Without the page's cookie the protected copy is refused: a capture that fetched it from
    // the extension instead of the page would see this 403.
    expect((await fetch(SITE_URL + fixture)).status).toBe(403);
    await site.reset();
    await play(ext, streamPageUrl('hls', fixture, { frame: true }), true);
    const segments = (await site.log()).filter(
      (r) => fromBrowser(r) && /^\/streams-auth\/.*\.ts$/.test(r.path),
    );
    expect(segments.length).toBeGreaterThan(0);
    for (const request of segments) {
      expect(request).toMatchObject({ cookie: true, status: 200, secFetchSite: 'same-origin' });
    }
    expect(segments[0].referer).toContain('/pages/hls.html');
  });

  it('serve fixtures that are what they claim', async () => {
    const clip = await inspectMedia(path.join(streams.dir, 'blob/clip.mp4'));
    expect(clip).toMatchObject({
      container: 'progressive-mp4',
      faststart: true,
      width: 640,
      height: 360,
      videoStreams: 1,
      audioStreams: 1,
      videoCodec: 'h264',
      audioCodec: 'aac',
      decodeErrors: '',
    });
    expect(clip.duration).toBeCloseTo(streams.blob.duration, 0);
    const [hd, sd] = await Promise.all([
      probeMedia(path.join(streams.dir, 'hls-ts/v0/seg0.ts')),
      probeMedia(path.join(streams.dir, 'dash/init-1.mp4')),
    ]);
    expect(hd.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1280, height: 720 });
    expect(sd.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 640, height: 360 });

    const text = async (p: string): Promise<{ type: string | null; body: string }> => {
      const response = await fetch(SITE_URL + p);
      return { type: response.headers.get('content-type'), body: await response.text() };
    };
    // fMP4 HLS: picture-only variants and one separate audio rendition.
    const fmp4 = await text(streams.hlsFmp4.path);
    expect(fmp4.body).toMatch(/#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",.*URI="audio\/index\.m3u8"/);
    // Each rendition's init segment, named by its playlist's EXT-X-MAP.
    const init = async (rendition: string) => {
      const playlist = await text(streams.hlsFmp4.path.replace('master.m3u8', `${rendition}/index.m3u8`));
      const uri = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist.body)?.[1] ?? 'missing';
      return probeMedia(path.join(streams.dir, 'hls-fmp4', rendition, uri));
    };
    const [picture, sound] = await Promise.all([init('720p'), init('audio')]);
    expect(picture.streams.map((s) => s.codec_type)).toEqual(['video']);
    expect(sound.streams.map((s) => s.codec_type)).toEqual(['audio']);
    // AES-128: the segments are ciphertext (no TS sync byte), the key is 16 bytes from the site.
    const key = await fetch(SITE_URL + streams.hlsAes.path.replace('master.m3u8', 'enc.key'));
    expect(key.headers.get('content-type')).toBe('application/octet-stream');
    expect((await key.arrayBuffer()).byteLength).toBe(16);
    const sealed = Buffer.from(
      await (await fetch(SITE_URL + streams.hlsAes.path.replace('master.m3u8', 'v0/seg0.ts'))).arrayBuffer(),
    );
    expect(sealed[0]).not.toBe(0x47);
    expect((await text(streams.hlsAes.path.replace('master.m3u8', 'v0/index.m3u8'))).body).toContain(
      '#EXT-X-KEY:METHOD=AES-128,URI="../enc.key"',
    );
    const drm = await text(streams.hlsDrm.path.replace('master.m3u8', 'v0/index.m3u8'));
    expect(drm.type).toBe('application/vnd.apple.mpegurl');
    expect(drm.body).toMatch(/#EXT-X-KEY:METHOD=SAMPLE-AES,.*KEYFORMAT="com\.apple\.streamingkeydelivery"/);
    const live = await text(streams.hlsLive.path.replace('master.m3u8', 'v0/index.m3u8'));
    expect(live.body).not.toContain('#EXT-X-ENDLIST');
    const long = await text(streams.hlsLong.path.replace('master.m3u8', 'v0/index.m3u8'));
    expect(long.body.match(/#EXTINF:2\.0+,/g)).toHaveLength(330);
    expect(long.body).toContain('#EXT-X-ENDLIST');
    expect((await text(streams.dashDrm.path)).body).toContain('<ContentProtection');
    expect((await text(streams.dashLive.path)).body).toContain('type="dynamic"');
    expect((await text(streams.dash.path)).type).toBe('application/dash+xml');

    // Range answers, as a CDN gives them.
    const ranged = await fetch(SITE_URL + streams.blob.path, { headers: { range: 'bytes=4-11' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toMatch(/^bytes 4-11\/\d+$/);
    expect(Buffer.from(await ranged.arrayBuffer()).toString('latin1')).toBe('ftypisom');
  });
});
