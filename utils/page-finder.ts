// Finds the videos on the page the user right-clicked. Injected with
// `scripting.executeScript({ func: findVideoCandidates })`, which serialises the function's source
// into the page: it must not use imports, module constants or closures, only what it declares.

export interface VideoCandidate {
  url: string;
  kind: 'video' | 'source' | 'og' | 'jsonld';
  title?: string;
}

export function findVideoCandidates(): VideoCandidate[] {
  const found: VideoCandidate[] = [];
  const seen = new Set<string>();
  const pageTitle = (document.title || '').trim() || undefined;

  const add = (raw: unknown, kind: VideoCandidate['kind'], title?: string): void => {
    if (typeof raw !== 'string' || raw.trim() === '') return;
    let url: string;
    try {
      url = new URL(raw.trim(), document.baseURI).href;
    } catch {
      return;
    }
    // blob: (MediaSource) and data: URLs exist only inside the page; nothing can fetch them.
    if (!/^https?:/i.test(url) || seen.has(url)) return;
    seen.add(url);
    const name = (title ?? '').trim() || pageTitle;
    found.push(name ? { url, kind, title: name } : { url, kind });
  };

  for (const video of Array.from(document.querySelectorAll('video'))) {
    const title = video.getAttribute('title') || video.getAttribute('aria-label') || undefined;
    add(video.getAttribute('src'), 'video', title);
    // currentSrc is what the browser chose among the <source>s (empty outside a real browser).
    add((video as HTMLVideoElement).currentSrc, 'video', title);
    for (const source of Array.from(video.querySelectorAll('source')))
      add(source.getAttribute('src'), 'source', title);
  }

  const ogTitle = document.querySelector('meta[property="og:title"]')?.getAttribute('content') || undefined;
  for (const meta of Array.from(document.querySelectorAll('meta[property], meta[name]'))) {
    const key = (meta.getAttribute('property') || meta.getAttribute('name') || '').toLowerCase();
    if (key === 'og:video' || key === 'og:video:url' || key === 'og:video:secure_url') {
      add(meta.getAttribute('content'), 'og', ogTitle);
    }
  }

  // JSON-LD: VideoObject anywhere in the tree (@graph, arrays, nested properties).
  const visit = (node: unknown, depth: number): void => {
    if (depth > 20 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const type = record['@type'];
    const types = Array.isArray(type) ? type : [type];
    if (types.includes('VideoObject')) {
      const name = typeof record.name === 'string' ? record.name : undefined;
      const urls = Array.isArray(record.contentUrl) ? record.contentUrl : [record.contentUrl];
      for (const url of urls) add(url, 'jsonld', name);
    }
    for (const value of Object.values(record)) visit(value, depth + 1);
  };
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent || ''), 0);
    } catch {
      // A broken JSON-LD block on someone's page is not our failure.
    }
  }
  return found;
}
