import { describe, expect, it } from 'vitest';
import { validateBrokerUrl, validateVerifiedLines } from '../validate';

const prod = { allowLoopback: false };
const loopback = { allowLoopback: true };

describe('validateVerifiedLines', () => {
  it('keeps valid lines trimmed, skips blanks and repeats, and numbers bad lines as the user sees them', () => {
    const text =
      '  cdn.example.com \n\nhttps://media.example.org/videos/\nnot a domain\ncdn.example.com\nhttp://x.com/';
    const result = validateVerifiedLines(text, prod);
    expect(result.entries).toEqual(['cdn.example.com', 'https://media.example.org/videos/']);
    expect(result.problems.map((p) => [p.line, p.text])).toEqual([
      [4, 'not a domain'],
      [6, 'http://x.com/'],
    ]);
    expect(result.problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it('accepts loopback http prefixes only in loopback builds', () => {
    const line = 'http://127.0.0.1:8791/videos/';
    expect(validateVerifiedLines(line, loopback)).toEqual({ entries: [line], problems: [] });
    expect(validateVerifiedLines(line, prod).problems).toHaveLength(1);
  });

  it('treats an empty box as no entries', () => {
    expect(validateVerifiedLines(' \n \r\n', prod)).toEqual({ entries: [], problems: [] });
  });
});

describe('validateBrokerUrl', () => {
  it('allows empty (use the build default) and https', () => {
    expect(validateBrokerUrl('  ', prod)).toEqual({ ok: true, url: '' });
    expect(validateBrokerUrl(' https://broker.example.com ', prod)).toEqual({
      ok: true,
      url: 'https://broker.example.com',
    });
  });

  it('refuses plain http except to loopback in loopback builds', () => {
    expect(validateBrokerUrl('http://broker.example.com', prod).ok).toBe(false);
    expect(validateBrokerUrl('http://broker.example.com', loopback).ok).toBe(false);
    expect(validateBrokerUrl('http://127.0.0.1:8787', prod).ok).toBe(false);
    expect(validateBrokerUrl('http://127.0.0.1:8787', loopback)).toEqual({
      ok: true,
      url: 'http://127.0.0.1:8787',
    });
  });

  it('refuses what is not a URL or carries credentials or a query', () => {
    expect(validateBrokerUrl('broker.example.com', prod).ok).toBe(false);
    expect(validateBrokerUrl('https://u:p@broker.example.com', prod).ok).toBe(false);
    expect(validateBrokerUrl('https://broker.example.com/?x=1', prod).ok).toBe(false);
  });
});
