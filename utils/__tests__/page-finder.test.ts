import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { findVideoCandidates } from '../page-finder';

const realDocument = globalThis.document;

/** Runs the finder against `html` as if the page lived at `base`. */
function findIn(
  html: string,
  base = 'https://news.example.com/story/42',
): ReturnType<typeof findVideoCandidates> {
  const { document } = parseHTML(html);
  // linkedom has no URL of its own; document.baseURI is what the browser resolves against.
  const baseHref = document.querySelector('base')?.getAttribute('href');
  Object.defineProperty(document, 'baseURI', { value: new URL(baseHref ?? base, base).href });
  globalThis.document = document as unknown as Document;
  return findVideoCandidates();
}

afterEach(() => {
  globalThis.document = realDocument;
});

describe('findVideoCandidates', () => {
  it('finds <video src> and <source src>, resolved against the page', () => {
    const found = findIn(`<html><head><title>A story</title></head><body>
      <video src="/media/clip.mp4"></video>
      <video title="Second"><source src="two.webm" type="video/webm"><source src="https://cdn.example.net/two.mp4"></video>
    </body></html>`);
    expect(found).toEqual([
      { url: 'https://news.example.com/media/clip.mp4', kind: 'video', title: 'A story' },
      { url: 'https://news.example.com/story/two.webm', kind: 'source', title: 'Second' },
      { url: 'https://cdn.example.net/two.mp4', kind: 'source', title: 'Second' },
    ]);
  });

  it('honours <base href>', () => {
    const found = findIn(`<html><head><base href="https://static.example.org/v/"></head>
      <body><video src="a.mp4"></video></body></html>`);
    expect(found.map((c) => c.url)).toEqual(['https://static.example.org/v/a.mp4']);
  });

  it('reads og:video, og:video:url and og:video:secure_url', () => {
    const found = findIn(`<html><head>
      <meta property="og:title" content="OG title">
      <meta property="og:video" content="https://cdn.example.com/og.mp4">
      <meta property="og:video:url" content="https://cdn.example.com/og-url.mp4">
      <meta property="og:video:secure_url" content="https://cdn.example.com/og.mp4">
      <meta property="og:video:type" content="video/mp4">
      <meta property="og:image" content="https://cdn.example.com/poster.jpg">
    </head><body></body></html>`);
    expect(found).toEqual([
      { url: 'https://cdn.example.com/og.mp4', kind: 'og', title: 'OG title' },
      { url: 'https://cdn.example.com/og-url.mp4', kind: 'og', title: 'OG title' },
    ]);
  });

  it('reads JSON-LD VideoObjects, nested in @graph and arrays', () => {
    const found = findIn(`<html><head>
      <script type="application/ld+json">${JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebPage', name: 'Page' },
          { '@type': 'VideoObject', name: 'First clip', contentUrl: 'https://cdn.example.com/ld1.mp4' },
          {
            '@type': 'Article',
            video: [
              {
                '@type': ['VideoObject'],
                name: 'Nested',
                contentUrl: ['/ld2.mp4', 'https://cdn.example.com/ld1.mp4'],
              },
            ],
          },
        ],
      })}</script>
      <script type="application/ld+json">[{"@type":"VideoObject","contentUrl":"https://cdn.example.com/ld3.webm"}]</script>
      <script type="application/ld+json">{ broken json</script>
    </head><body></body></html>`);
    expect(found).toEqual([
      { url: 'https://cdn.example.com/ld1.mp4', kind: 'jsonld', title: 'First clip' },
      { url: 'https://news.example.com/ld2.mp4', kind: 'jsonld', title: 'Nested' },
      { url: 'https://cdn.example.com/ld3.webm', kind: 'jsonld' },
    ]);
  });

  it('skips blob:, data: and empty sources and dedupes across kinds', () => {
    const found = findIn(`<html><head>
      <meta property="og:video" content="https://cdn.example.com/same.mp4">
    </head><body>
      <video src="blob:https://news.example.com/1234-5678"></video>
      <video src="data:video/mp4;base64,AAAA"></video>
      <video src=""><source src="  "></video>
      <video src="https://cdn.example.com/same.mp4"></video>
    </body></html>`);
    expect(found).toEqual([{ url: 'https://cdn.example.com/same.mp4', kind: 'video' }]);
  });

  it('finds nothing on a page without videos', () => {
    expect(findIn('<html><body><p>No video here</p><img src="a.png"></body></html>')).toEqual([]);
  });

  it('is self-contained: its source runs on its own, as executeScript serialises it', () => {
    const { document } = parseHTML(
      '<html><body><video src="https://cdn.example.com/x.mp4"></video></body></html>',
    );
    Object.defineProperty(document, 'baseURI', { value: 'https://page.example.com/' });
    // Rebuild the function from its text alone, with no module scope around it.
    const rebuilt = new Function('document', `return (${findVideoCandidates.toString()})();`) as (
      d: unknown,
    ) => unknown;
    expect(rebuilt(document)).toEqual([{ url: 'https://cdn.example.com/x.mp4', kind: 'video' }]);
  });
});
