import { describe, expect, it } from 'vitest';
import { mayPreview, previewPattern } from '../preview';

const held = new Set(['https://cdn.example.com/*', 'http://127.0.0.1/*']);
const production = { allowLoopback: false };

describe('chooser previews', () => {
  it('previews a public host the extension already holds a permission for', () => {
    expect(mayPreview('https://cdn.example.com/v/a.mp4', held, production)).toBe(true);
  });

  it('shows no preview for a host the extension has not been granted', () => {
    expect(mayPreview('https://other.example.net/a.mp4', held, production)).toBe(false);
  });

  it('never previews private or local hosts, even when a permission covers them', () => {
    const wide = new Set(['http://192.168.1.1/*', 'http://127.0.0.1/*', 'http://router.local/*']);
    for (const url of ['http://192.168.1.1/a.mp4', 'http://127.0.0.1/a.mp4', 'http://router.local/a.mp4'])
      expect(mayPreview(url, wide, production), url).toBe(false);
  });

  it('previews loopback only in a loopback (test) build that holds it', () => {
    expect(mayPreview('http://127.0.0.1:18791/a.mp4', held, { allowLoopback: true })).toBe(true);
  });

  it('asks for the same pattern the send click asks for', () => {
    expect(previewPattern('https://cdn.example.com:8443/a.mp4?x=1', production)).toBe(
      'https://cdn.example.com/*',
    );
    expect(previewPattern('not a url', production)).toBeUndefined();
  });
});
