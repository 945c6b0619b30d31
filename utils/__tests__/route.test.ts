import { describe, expect, it } from 'vitest';
import { chooseRoute, matchesVerified, parseVerifiedEntry } from '../route';

const prod = { allowLoopback: false };
const loop = { allowLoopback: true };

describe('parseVerifiedEntry', () => {
  it('reads domains and URL prefixes', () => {
    expect(parseVerifiedEntry('  CDN.Example.com ', prod)).toEqual({
      ok: true,
      entry: { kind: 'domain', domain: 'cdn.example.com' },
    });
    expect(parseVerifiedEntry('https://cdn.example.com/videos/', prod)).toEqual({
      ok: true,
      entry: { kind: 'prefix', prefix: 'https://cdn.example.com/videos/' },
    });
  });

  it.each([
    ['', 'empty'],
    ['http://cdn.example.com/videos/', 'https'],
    ['https://cdn.example.com/videos', 'end with'],
    ['https://93.184.216.34/videos/', 'IP'],
    ['93.184.216.34', 'IP'],
    ['https://cdn.example.com/videos/?a=1', 'query'],
    ['cdn.example.com/videos/', 'domain'],
    ['not a domain', 'domain'],
    ['localhost', 'localhost'],
  ])('refuses %j with a message', (line, words) => {
    const parsed = parseVerifiedEntry(line, prod);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(words);
  });

  it('accepts http loopback prefixes only in loopback builds', () => {
    expect(parseVerifiedEntry('http://127.0.0.1:8080/videos/', loop)).toEqual({
      ok: true,
      entry: { kind: 'prefix', prefix: 'http://127.0.0.1:8080/videos/' },
    });
    expect(parseVerifiedEntry('http://localhost:8080/v/', loop).ok).toBe(true);
    expect(parseVerifiedEntry('http://127.0.0.1:8080/videos/', prod).ok).toBe(false);
    expect(parseVerifiedEntry('http://192.168.1.2/videos/', loop).ok).toBe(false);
    expect(parseVerifiedEntry('http://cdn.example.com/videos/', loop).ok).toBe(false);
  });
});

describe('matchesVerified', () => {
  const entries = ['example.com', 'https://media.other.org/public/'];

  it('covers a domain and its subdomains, not look-alikes', () => {
    expect(matchesVerified('https://example.com/a.mp4', entries, prod)).toBe(true);
    expect(matchesVerified('https://cdn.eu.example.com/a.mp4', entries, prod)).toBe(true);
    expect(matchesVerified('https://notexample.com/a.mp4', entries, prod)).toBe(false);
    expect(matchesVerified('https://example.com.evil.net/a.mp4', entries, prod)).toBe(false);
  });

  it('matches a prefix exactly', () => {
    expect(matchesVerified('https://media.other.org/public/x/a.mp4', entries, prod)).toBe(true);
    expect(matchesVerified('https://media.other.org:443/public/a.mp4', entries, prod)).toBe(true);
    expect(matchesVerified('https://media.other.org/publicity/a.mp4', entries, prod)).toBe(false);
    expect(matchesVerified('https://media.other.org/PUBLIC/a.mp4', entries, prod)).toBe(false);
    expect(matchesVerified('https://sub.media.other.org/public/a.mp4', entries, prod)).toBe(false);
  });

  it('requires https (TikTok pulls https only), loopback http only in loopback builds', () => {
    expect(matchesVerified('http://example.com/a.mp4', entries, prod)).toBe(false);
    expect(matchesVerified('http://example.com/a.mp4', entries, loop)).toBe(false);
    const local = ['http://127.0.0.1:9000/v/'];
    expect(matchesVerified('http://127.0.0.1:9000/v/a.mp4', local, loop)).toBe(true);
    expect(matchesVerified('http://127.0.0.1:9000/v/a.mp4', local, prod)).toBe(false);
  });

  it('ignores invalid entries and invalid URLs', () => {
    expect(matchesVerified('https://example.com/a.mp4', ['', 'https://example.com/x'], prod)).toBe(false);
    expect(matchesVerified('not a url', entries, prod)).toBe(false);
  });
});

describe('chooseRoute', () => {
  const verified = ['cdn.example.com'];
  it('sends files by FILE_UPLOAD', () => {
    expect(chooseRoute({ kind: 'file', name: 'a.mp4', size: 10, type: 'video/mp4' }, verified, prod)).toBe(
      'FILE_UPLOAD',
    );
  });
  it('pulls verified URLs and uploads the rest', () => {
    const url = (u: string) => ({ kind: 'url' as const, url: u, via: 'menu' as const });
    expect(chooseRoute(url('https://cdn.example.com/v.mp4'), verified, prod)).toBe('PULL_FROM_URL');
    expect(chooseRoute(url('https://other.example.net/v.mp4'), verified, prod)).toBe('FILE_UPLOAD');
    expect(chooseRoute(url('http://cdn.example.com/v.mp4'), verified, prod)).toBe('FILE_UPLOAD');
    expect(chooseRoute(url('https://cdn.example.com/v.mp4'), [], prod)).toBe('FILE_UPLOAD');
  });
});
