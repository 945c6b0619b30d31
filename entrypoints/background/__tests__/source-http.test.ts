import { describe, expect, it } from 'vitest';
import { SourceError } from '@/utils/chunk-feed';
import { openingOf } from '../source-http';

const body = () => new Uint8Array([1, 2, 3, 4]);

function kind(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SourceError ? err.kind : 'other';
  }
  return undefined;
}

describe('openingOf (an HTTP answer as the chunk feed sees it)', () => {
  it('reads a 206’s Content-Range, the length and the validators, then the body', async () => {
    const opening = openingOf(
      new Response(body(), {
        status: 206,
        headers: {
          'Content-Range': 'bytes 10-13/14',
          'Content-Length': '4',
          ETag: '"a"',
          'Last-Modified': 'Thu, 01 Jan 2026 00:00:00 GMT',
        },
      }),
      10,
    );
    expect(opening).toMatchObject({
      status: 206,
      range: { start: 10, total: 14 },
      length: 4,
      validators: { etag: '"a"', lastModified: 'Thu, 01 Jan 2026 00:00:00 GMT' },
    });
    expect(Array.from((await opening.read())!)).toEqual([1, 2, 3, 4]);
    expect(await opening.read()).toBeUndefined();
  });

  it('a 206 without a readable Content-Range says so (null), a 200 has none', () => {
    expect(openingOf(new Response(body(), { status: 206 })).range).toBeNull();
    expect(
      openingOf(new Response(body(), { status: 206, headers: { 'Content-Range': 'bytes */14' } })).range,
    ).toBeNull();
    expect(openingOf(new Response(body(), { status: 200 })).range).toBeUndefined();
  });

  it('sorts the other answers: 416 changed, 5xx/429 retry, 404 fatal', () => {
    expect(kind(() => openingOf(new Response(null, { status: 416 }), 5))).toBe('changed');
    expect(kind(() => openingOf(new Response(null, { status: 503 })))).toBe('retry');
    expect(kind(() => openingOf(new Response(null, { status: 429 })))).toBe('retry');
    expect(kind(() => openingOf(new Response(null, { status: 404 })))).toBe('fatal');
  });
});
