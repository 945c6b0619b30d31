import { describe, expect, it } from 'vitest';
import { candidateName, originPatterns, pageHost, parseCandidates } from '../candidates';

const query = (value: unknown) => `?candidates=${encodeURIComponent(JSON.stringify(value))}`;

describe('parseCandidates', () => {
  it('reads the list, drops malformed items and repeated URLs, keeps order', () => {
    const list = parseCandidates(
      query([
        { url: 'https://cdn.example.com/a.mp4', kind: 'video', title: 'A' },
        { url: 'https://cdn.example.com/a.mp4', kind: 'og' },
        { kind: 'video' },
        'junk',
        { url: 'https://cdn.example.com/b.webm', kind: 'jsonld' },
      ]),
    );
    expect(list.map((c) => c.url)).toEqual([
      'https://cdn.example.com/a.mp4',
      'https://cdn.example.com/b.webm',
    ]);
    expect(list[0].title).toBe('A');
  });

  it('returns nothing for a missing, non-JSON or non-array parameter', () => {
    expect(parseCandidates('')).toEqual([]);
    expect(parseCandidates('?candidates=%7Bnot')).toEqual([]);
    expect(parseCandidates(query({ url: 'x', kind: 'video' }))).toEqual([]);
  });
});

describe('candidateName', () => {
  it('prefers the title, then the file name, then the host', () => {
    expect(candidateName({ url: 'https://x.com/v/clip%201.mp4', kind: 'video', title: ' Nice ' })).toBe(
      'Nice',
    );
    expect(candidateName({ url: 'https://x.com/v/clip%201.mp4', kind: 'video' })).toBe('clip 1.mp4');
    expect(candidateName({ url: 'https://x.com/', kind: 'og' })).toBe('x.com');
  });
});

describe('originPatterns', () => {
  it('gives one pattern per http(s) host, without ports, and skips other schemes', () => {
    expect(
      originPatterns([
        'https://cdn.example.com/a.mp4',
        'https://cdn.example.com:8443/b.mp4',
        'http://127.0.0.1:8791/c.mp4',
        'blob:https://x.com/123',
        'nonsense',
      ]),
    ).toEqual(['https://cdn.example.com/*', 'http://127.0.0.1/*']);
  });
});

describe('pageHost', () => {
  it('names the page’s host, or nothing when absent or malformed', () => {
    expect(pageHost('?pageUrl=' + encodeURIComponent('https://blog.example.com:8080/p?q=1'))).toBe(
      'blog.example.com:8080',
    );
    expect(pageHost('')).toBeUndefined();
    expect(pageHost('?pageUrl=nope')).toBeUndefined();
  });
});
