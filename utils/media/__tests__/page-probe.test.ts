import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseHTML } from 'linkedom';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  frameFetch,
  frameFetchResultSchema,
  probeClickedVideo,
  probeResultSchema,
  readBlobChunk,
} from '../page-probe';

/**
 * executeScript serialises the function's source and runs it in the page: rebuilding it from its
 * text here proves it needs nothing from this module (an import or closure would throw).
 */
function isolated<T extends (...args: never[]) => unknown>(fn: T): T {
  return new Function(`return (${fn.toString()})`)() as T;
}
const probe = isolated(probeClickedVideo);

const realDocument = globalThis.document;
const hadLocation = 'location' in globalThis;

interface VideoState {
  currentSrc?: string;
  duration?: number;
  videoWidth?: number;
  videoHeight?: number;
  paused?: boolean;
  readyState?: number;
  mediaKeys?: object | null;
  area?: [number, number];
}

/** Loads `html` as the frame's document; `videos[i]` sets what the i-th <video> element reports. */
function page(
  html: string,
  videos: VideoState[] = [],
  frameUrl = 'https://player.example.net/embed/7',
): void {
  const { document } = parseHTML(html);
  Object.defineProperty(document, 'baseURI', { value: frameUrl });
  Array.from(document.querySelectorAll('video')).forEach((el, i) => {
    const s = videos[i] ?? {};
    const [w, h] = s.area ?? [640, 360];
    Object.assign(el, {
      currentSrc: s.currentSrc ?? '',
      duration: s.duration ?? NaN,
      videoWidth: s.videoWidth ?? 0,
      videoHeight: s.videoHeight ?? 0,
      paused: s.paused ?? true,
      ended: false,
      readyState: s.readyState ?? 0,
      mediaKeys: s.mediaKeys ?? null,
      getBoundingClientRect: () => ({ width: w, height: h }),
    });
  });
  globalThis.document = document as unknown as Document;
  Object.defineProperty(globalThis, 'location', { value: { href: frameUrl }, configurable: true });
}

function resources(...names: [string, string][]): void {
  vi.spyOn(performance, 'getEntriesByType').mockReturnValue(
    names.map(([name, initiatorType]) => ({ name, initiatorType }) as unknown as PerformanceEntry),
  );
}

afterEach(() => {
  globalThis.document = realDocument;
  if (!hadLocation) delete (globalThis as { location?: unknown }).location;
  vi.restoreAllMocks();
});

describe('probeClickedVideo', () => {
  it('reports the clicked MediaSource video and every manifest the frame knows, as schema-valid JSON', async () => {
    page(
      `<html><body>
        <video id="ad" src="https://ads.example.com/ad.mp4"></video>
        <video id="main" data-hls="/streams/show/master.m3u8"></video>
        <script type="application/json">{"sources":[{"src":"https:\\/\\/cdn.example.net\\/show\\/manifest.mpd?sig=1"}]}</script>
        <script>player.load({ file: "https://cdn.example.net/backup/index.m3u8" });</script>
        <script src="/player.js"></script>
      </body></html>`,
      [
        { currentSrc: 'https://ads.example.com/ad.mp4', duration: 15, paused: false, readyState: 4 },
        {
          currentSrc: 'blob:https://player.example.net/0b5e',
          duration: 596.48,
          videoWidth: 1280,
          videoHeight: 720,
        },
      ],
    );
    resources(
      ['https://player.example.net/player.js', 'script'],
      ['https://cdn.example.net/show/master.m3u8', 'xmlhttprequest'],
      ['https://cdn.example.net/show/v0/index.m3u8', 'xmlhttprequest'],
      ['https://cdn.example.net/show/v0/seg0.ts', 'xmlhttprequest'],
      ['https://api.example.net/play?id=4&format=hls', 'fetch'],
    );
    const result = await probe('blob:https://player.example.net/0b5e');
    expect(result).toEqual({
      found: true,
      currentSrc: 'blob:https://player.example.net/0b5e',
      isBlob: true,
      duration: 596.48,
      videoWidth: 1280,
      videoHeight: 720,
      encrypted: false,
      // No plainBlob: nothing answers a fetch of that blob: URL, as with a MediaSource URL.
      manifests: [
        {
          url: 'https://cdn.example.net/show/master.m3u8',
          initiatorType: 'xmlhttprequest',
          source: 'resource',
        },
        {
          url: 'https://cdn.example.net/show/v0/index.m3u8',
          initiatorType: 'xmlhttprequest',
          source: 'resource',
        },
        { url: 'https://api.example.net/play?id=4&format=hls', initiatorType: 'fetch', source: 'resource' },
        {
          url: 'https://player.example.net/streams/show/master.m3u8',
          initiatorType: 'video',
          source: 'markup',
        },
        { url: 'https://cdn.example.net/show/manifest.mpd?sig=1', initiatorType: 'script', source: 'config' },
        { url: 'https://cdn.example.net/backup/index.m3u8', initiatorType: 'script', source: 'config' },
      ],
      frameUrl: 'https://player.example.net/embed/7',
    });
    expect(probeResultSchema.parse(result)).toEqual(result);
  });

  it('sees a plain Blob URL as fetchable, with its size and type', async () => {
    const url = URL.createObjectURL(new Blob([new Uint8Array(1234)], { type: 'video/mp4' }));
    try {
      page('<video></video>', [{ currentSrc: url, duration: 12 }]);
      resources();
      const result = await probe(url);
      expect(result).toMatchObject({
        isBlob: true,
        plainBlob: { size: 1234, type: 'video/mp4' },
        manifests: [],
      });
    } finally {
      URL.revokeObjectURL(url);
    }
  });

  it('without a srcUrl match takes the playing video, else the largest', async () => {
    const videos: VideoState[] = [
      { currentSrc: 'https://x.example/small.mp4', area: [100, 100] },
      { currentSrc: 'https://x.example/playing.mp4', paused: false, readyState: 4, area: [200, 100] },
      { currentSrc: 'https://x.example/large.mp4', area: [1000, 600] },
    ];
    page('<video></video><video></video><video></video>', videos);
    resources();
    expect((await probe(null)).currentSrc).toBe('https://x.example/playing.mp4');
    page('<video></video><video></video><video></video>', [
      videos[0],
      { ...videos[1], paused: true },
      videos[2],
    ]);
    expect((await probe('https://elsewhere.example/none')).currentSrc).toBe('https://x.example/large.mp4');
  });

  it('says live for an Infinity duration, null for NaN, and encrypted when MediaKeys are attached', async () => {
    page('<video></video><video></video>', [
      { currentSrc: 'blob:https://a.example/live', duration: Infinity, mediaKeys: {} },
      { currentSrc: 'blob:https://a.example/unknown' },
    ]);
    resources();
    expect(await probe('blob:https://a.example/live')).toMatchObject({ duration: 'live', encrypted: true });
    expect(await probe('blob:https://a.example/unknown')).toMatchObject({ duration: null, encrypted: false });
  });

  it('finds a video inside an open shadow root (web-component players)', async () => {
    page('<mux-player></mux-player><video></video>', [{ currentSrc: 'https://x.example/light.mp4' }]);
    const shadow = document.querySelector('mux-player')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div><video data-src="/hls/shadow.m3u8"></video></div>';
    Object.assign(shadow.querySelector('video')!, {
      currentSrc: 'blob:https://x.example/in-shadow',
      duration: 42,
      readyState: 4,
      paused: false,
      getBoundingClientRect: () => ({ width: 10, height: 10 }),
    });
    resources();
    expect(await probe('blob:https://x.example/in-shadow')).toMatchObject({
      found: true,
      duration: 42,
      manifests: [{ url: 'https://player.example.net/hls/shadow.m3u8', source: 'markup' }],
    });
  });

  it('reports found: false on a frame without a video', async () => {
    page('<p>No video here</p>');
    resources();
    expect(await probe(null)).toMatchObject({ found: false, currentSrc: '', manifests: [] });
  });

  it('bounds what a hostile page can make it return', async () => {
    const config = Array.from({ length: 100 }, (_, i) => `"https://cfg.example/${i}.mpd"`).join(',');
    page(`<video></video><script>var sources = [${config}];</script>`, [
      { currentSrc: 'https://x.example/v.mp4' },
    ]);
    const many: [string, string][] = Array.from({ length: 500 }, (_, i) => [
      `https://x.example/${i}.m3u8`,
      'fetch',
    ]);
    many.unshift([`https://x.example/${'a'.repeat(10_000)}.m3u8`, 'fetch']);
    resources(...many);
    const result = await probe(null);
    // The newest 40 resource entries, then the markup and config hints up to 60 in all.
    expect(result.manifests.filter((m) => m.source === 'resource').map((m) => m.url)).toEqual(
      many.slice(-40).map(([url]) => url),
    );
    expect(result.manifests.length).toBe(60);
    expect(result.manifests.at(-1)).toMatchObject({ url: 'https://cfg.example/19.mpd', source: 'config' });
    expect(result.manifests.every((m) => m.url.length < 100)).toBe(true);
    expect(() => probeResultSchema.parse(result)).not.toThrow();
  });
});

describe('probeResultSchema', () => {
  const good = {
    found: true,
    currentSrc: 'blob:https://a.example/x',
    isBlob: true,
    duration: 10,
    videoWidth: 640,
    videoHeight: 360,
    encrypted: false,
    manifests: [],
    frameUrl: 'https://a.example/',
  };
  it('rejects shapes a page could forge', () => {
    expect(probeResultSchema.safeParse(good).success).toBe(true);
    for (const bad of [
      { ...good, duration: Infinity },
      { ...good, duration: -1 },
      { ...good, currentSrc: 'x'.repeat(5000) },
      { ...good, videoWidth: 1.5 },
      {
        ...good,
        manifests: Array.from({ length: 101 }, () => ({
          url: 'https://a/x.m3u8',
          initiatorType: 'x',
          source: 'resource',
        })),
      },
      { ...good, manifests: [{ url: 'https://a/x.m3u8', initiatorType: 'x', source: 'elsewhere' }] },
      { ...good, encrypted: 'no' },
    ]) {
      expect(probeResultSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 120)).toBe(false);
    }
  });
});

describe('readBlobChunk', () => {
  it('returns [start, end) of a plain Blob as base64, piece by piece', async () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff);
    const url = URL.createObjectURL(new Blob([bytes]));
    const read = isolated(readBlobChunk);
    try {
      const pieces = [await read(url, 0, 65_536), await read(url, 65_536, 100_000)];
      const back = Buffer.concat(pieces.map((p) => Buffer.from(p, 'base64')));
      expect(back.equals(Buffer.from(bytes))).toBe(true);
    } finally {
      URL.revokeObjectURL(url);
    }
  });
});

describe('frameFetch', () => {
  let server: Server;
  let base = '';
  const seen: { url?: string; range?: string }[] = [];
  const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i & 0xff));
  const fetchIn = isolated(frameFetch);

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, range: req.headers.range });
      if (req.url === '/m.m3u8') {
        res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
        res.end('#EXTM3U\n#EXT-X-ENDLIST\n');
      } else if (req.url === '/seg.ts') {
        const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
        const slice = m ? body.subarray(Number(m[1]), Number(m[2]) + 1) : body;
        res.writeHead(m ? 206 : 200, {
          'content-type': 'video/mp2t',
          'content-length': String(slice.length),
        });
        res.end(slice);
      } else if (req.url === '/moved') {
        res.writeHead(302, { location: '/m.m3u8' });
        res.end();
      } else {
        res.writeHead(404);
        res.end('nope');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches text and follows redirects, reporting the final URL', async () => {
    const result = frameFetchResultSchema.parse(await fetchIn(`${base}/moved`, { as: 'text' }));
    expect(result).toEqual({
      ok: true,
      status: 200,
      url: `${base}/m.m3u8`,
      contentType: 'application/vnd.apple.mpegurl',
      contentLength: null,
      body: '#EXTM3U\n#EXT-X-ENDLIST\n',
    });
  });

  it('asks for an inclusive byte range and returns those bytes base64', async () => {
    const result = frameFetchResultSchema.parse(
      await fetchIn(`${base}/seg.ts`, { range: [100, 299], as: 'base64' }),
    );
    expect(seen.at(-1)).toEqual({ url: '/seg.ts', range: 'bytes=100-299' });
    expect(result).toMatchObject({ ok: true, status: 206, contentLength: 200 });
    if (result.ok) expect(Buffer.from(result.body, 'base64').equals(body.subarray(100, 300))).toBe(true);
  });

  it('fails with the status, the size limit or the network error named', async () => {
    expect(await fetchIn(`${base}/missing`, { as: 'text' })).toMatchObject({
      ok: false,
      status: 404,
      error: `HTTP 404 for ${base}/missing`,
    });
    expect(await fetchIn(`${base}/seg.ts`, { as: 'base64', maxBytes: 999 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/1000 bytes, over 999/),
    });
    const refused = await fetchIn('http://127.0.0.1:1/x', { as: 'text' });
    expect(refused).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Could not fetch http:\/\/127\.0\.0\.1:1\/x/),
    });
    expect(frameFetchResultSchema.safeParse(refused).success).toBe(true);
  });
});
