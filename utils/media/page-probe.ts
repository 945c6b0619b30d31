// What the clicked frame knows about the <video> the user right-clicked, and two fetch helpers that
// run in that frame. The three functions are injected with `scripting.executeScript({ func, args })`,
// which serialises their source: no imports, no module constants, no closures over module scope.
// Their results cross into the background, which must not trust them: it parses them with the zod
// schemas below (a hostile page can shape whatever its frame returns).
import { z } from 'zod';

export interface ManifestHint {
  url: string;
  /** `xmlhttprequest`, `fetch`, … for resource entries; the element or attribute otherwise. */
  initiatorType: string;
  source: 'resource' | 'markup' | 'config';
}

export interface ProbeResult {
  found: boolean;
  currentSrc: string;
  isBlob: boolean;
  /** Seconds; null when unknown (NaN), 'live' when the element says Infinity. */
  duration: number | null | 'live';
  videoWidth: number;
  videoHeight: number;
  /** EME MediaKeys attached: the player decrypts with a CDM, i.e. DRM. */
  encrypted: boolean;
  /** Present when the blob: URL is a plain Blob (fetchable), absent for MediaSource URLs. */
  plainBlob?: { size: number; type: string };
  /** In resource-timing order (oldest first) within each source. */
  manifests: ManifestHint[];
  frameUrl: string;
}

const MAX_URL = 4096;
const url = z.string().max(MAX_URL);
export const probeResultSchema = z.object({
  found: z.boolean(),
  currentSrc: url,
  isBlob: z.boolean(),
  duration: z.union([z.number().nonnegative().finite(), z.null(), z.literal('live')]),
  videoWidth: z.number().int().nonnegative().max(100_000),
  videoHeight: z.number().int().nonnegative().max(100_000),
  encrypted: z.boolean(),
  plainBlob: z.object({ size: z.number().int().nonnegative(), type: z.string().max(200) }).optional(),
  manifests: z
    .array(
      z.object({
        url,
        initiatorType: z.string().max(64),
        source: z.enum(['resource', 'markup', 'config']),
      }),
    )
    .max(100),
  frameUrl: url,
});

/** Runs in the clicked frame. `srcUrl` is the context menu's `info.srcUrl` (may be absent). */
export async function probeClickedVideo(srcUrl: string | null): Promise<ProbeResult> {
  const MAX_MANIFESTS = 60;
  const MAX_LEN = 4096;
  const manifestRe = /\.(m3u8|mpd)(?:[?#]|$)/i;
  // Players also load manifests from extension-less URLs that say what they are in the query.
  const hintRe =
    /[?&](?:format|type|manifest|output)=(?:m3u8|hls|mpd|dash)\b|\/(?:manifest|master)(?:\(|\/|\?|$)/i;
  const clip = (s: string): string => (s.length > MAX_LEN ? s.slice(0, MAX_LEN) : s);

  // Web-component players (mux-player, media-chrome, …) keep their <video> in an open shadow root.
  const videos: HTMLVideoElement[] = [];
  const roots: ParentNode[] = [document];
  let scannedElements = 0;
  for (let r = 0; r < roots.length && videos.length < 50; r++) {
    const root = roots[r];
    videos.push(...Array.from(root.querySelectorAll('video')));
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (++scannedElements > 20_000) break;
      if (el.shadowRoot) roots.push(el.shadowRoot);
    }
  }
  const area = (v: HTMLVideoElement): number => {
    const r = v.getBoundingClientRect();
    return r.width * r.height;
  };
  const video =
    (srcUrl ? videos.find((v) => v.currentSrc === srcUrl || v.src === srcUrl) : undefined) ??
    videos.find((v) => !v.paused && !v.ended && v.readyState > 2) ??
    videos.slice().sort((a, b) => area(b) - area(a))[0];

  const manifests: ManifestHint[] = [];
  const seen = new Set<string>();
  const add = (raw: unknown, initiatorType: string, source: ManifestHint['source']): void => {
    if (manifests.length >= MAX_MANIFESTS || typeof raw !== 'string' || raw.length > MAX_LEN) return;
    let abs: string;
    try {
      abs = new URL(raw.trim(), document.baseURI).href;
    } catch {
      return;
    }
    if (!/^https?:/i.test(abs) || seen.has(abs)) return;
    if (!manifestRe.test(abs) && !hintRe.test(abs)) return;
    seen.add(abs);
    manifests.push({ url: abs, initiatorType: clip(initiatorType).slice(0, 64), source });
  };

  try {
    // Oldest first; when there are too many, the newest (the clicked player's, likely) are kept.
    const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
      (e) => typeof e.name === 'string' && (manifestRe.test(e.name) || hintRe.test(e.name)),
    );
    for (const e of entries.slice(-40)) add(e.name, e.initiatorType || 'other', 'resource');
  } catch {
    // No resource timing (cleared or blocked): the markup and config may still tell.
  }
  const markup = roots.flatMap((root) =>
    Array.from(root.querySelectorAll('video, source, [data-src], [data-hls], [data-dash]')),
  );
  for (const el of markup) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.name === 'src' || attr.name.startsWith('data-'))
        add(attr.value, el.tagName.toLowerCase(), 'markup');
    }
  }
  // Player configs: JSON blocks and inline scripts naming a manifest URL.
  const urlRe =
    /https?:\\?\/\\?\/[^\s"'<>`]+?\.(?:m3u8|mpd)(?:\?[^\s"'<>`]*)?|[^\s"'<>`:]+?\.(?:m3u8|mpd)(?=["'`?])/gi;
  let scanned = 0;
  for (const script of Array.from(document.querySelectorAll('script:not([src])'))) {
    const text = (script.textContent || '').slice(0, 500_000);
    scanned += text.length;
    if (scanned > 2_000_000) break;
    for (const m of text.match(urlRe) ?? []) add(m.replace(/\\\//g, '/'), 'script', 'config');
  }

  const currentSrc = video ? clip(video.currentSrc || video.src || '') : '';
  const isBlob = currentSrc.startsWith('blob:');
  let plainBlob: ProbeResult['plainBlob'];
  if (isBlob) {
    // A plain Blob URL answers fetch; a MediaSource URL fails ("Failed to fetch"). Headers suffice.
    try {
      const res = await fetch(currentSrc);
      const size = Number(res.headers.get('content-length'));
      plainBlob = {
        size: Number.isFinite(size) && size >= 0 ? size : 0,
        type: res.headers.get('content-type') || '',
      };
      await res.body?.cancel();
    } catch {
      plainBlob = undefined;
    }
  }
  const d = video ? video.duration : NaN;
  return {
    found: !!video,
    currentSrc,
    isBlob,
    duration: d === Infinity ? 'live' : Number.isFinite(d) && d >= 0 ? d : null,
    videoWidth: video ? video.videoWidth | 0 : 0,
    videoHeight: video ? video.videoHeight | 0 : 0,
    encrypted: !!video?.mediaKeys,
    ...(plainBlob ? { plainBlob } : {}),
    manifests,
    frameUrl: clip(location.href),
  };
}

/** Runs in the frame: `[start, end)` of a plain Blob URL, base64. The page's Blob never leaves it whole. */
export async function readBlobChunk(blobUrl: string, start: number, end: number): Promise<string> {
  const blob = await (await fetch(blobUrl)).blob();
  const bytes = new Uint8Array(await blob.slice(start, end).arrayBuffer());
  let binary = '';
  // String.fromCharCode over the whole array overflows the argument stack; go in 32 KiB steps.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export type FrameFetchResult =
  | { ok: true; status: number; url: string; contentType: string; contentLength: number | null; body: string }
  | { ok: false; status?: number; url?: string; error: string };

export const frameFetchResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    status: z.number().int().min(100).max(599),
    url,
    contentType: z.string().max(200),
    contentLength: z.number().int().nonnegative().nullable(),
    body: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    status: z.number().int().min(0).max(599).optional(),
    url: url.optional(),
    error: z.string().max(1000),
  }),
]);

/**
 * Runs in the frame: fetches as the page does (its cookies, Referer and CORS standing), so CDNs that
 * only serve the player's origin serve us. `range` is inclusive, as in the HTTP Range header. A
 * non-2xx answer is `ok: false` with the status, so the caller can say which request failed.
 */
export async function frameFetch(
  url: string,
  opts: { range?: [number, number]; as: 'text' | 'base64'; maxBytes?: number },
): Promise<FrameFetchResult> {
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  try {
    const headers: Record<string, string> = {};
    if (opts.range) headers.Range = `bytes=${opts.range[0]}-${opts.range[1]}`;
    const res = await fetch(url, { credentials: 'include', headers });
    if (!res.ok) {
      await res.body?.cancel();
      return { ok: false, status: res.status, url: res.url, error: `HTTP ${res.status} for ${url}` };
    }
    const lengthHeader = res.headers.get('content-length');
    const contentLength = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
    if (contentLength !== null && contentLength > maxBytes) {
      await res.body?.cancel();
      return {
        ok: false,
        status: res.status,
        url: res.url,
        error: `${url} is ${contentLength} bytes, over ${maxBytes}`,
      };
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length > maxBytes) {
      return { ok: false, status: res.status, url: res.url, error: `${url} is over ${maxBytes} bytes` };
    }
    let body: string;
    if (opts.as === 'text') {
      body = new TextDecoder().decode(bytes);
    } else {
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      body = btoa(binary);
    }
    return {
      ok: true,
      status: res.status,
      url: res.url || url,
      contentType: res.headers.get('content-type') || '',
      contentLength,
      body,
    };
  } catch (cause) {
    return { ok: false, url, error: `Could not fetch ${url}: ${(cause as Error)?.message || String(cause)}` };
  }
}
