// The bundle measure (tests/bench/bundles.ts) on a small built-like folder: what a page loads is
// its script, its modulepreloads and their static imports, never a lazily imported chunk.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { pageBundle } from './bench/bundles';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('pageBundle', () => {
  it('sums the gzipped size of the page script, its preloads and their static imports', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bundles-'));
    await mkdir(path.join(dir, 'chunks'));
    const files: Record<string, string> = {
      'popup.html':
        '<script type="module" crossorigin src="/chunks/popup-a.js"></script>' +
        '<link rel="modulepreload" crossorigin href="/chunks/shared-b.js">',
      'chunks/popup-a.js':
        'import{x}from"./shared-b.js";import"./side-c.js";const l=()=>import("./lazy-d.js");x(l)',
      'chunks/shared-b.js': 'import{y}from"./deep-e.js";export const x=y;'.repeat(20),
      'chunks/side-c.js': 'console.log("side")',
      'chunks/deep-e.js': 'export const y=(f)=>f;',
      'chunks/lazy-d.js': 'export default "never loaded with the page"'.repeat(50),
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);

    const bundle = await pageBundle(dir, 'popup');
    const loaded = ['chunks/popup-a.js', 'chunks/shared-b.js', 'chunks/side-c.js', 'chunks/deep-e.js'];
    expect([...bundle.files].sort()).toEqual([...loaded].sort());
    expect(bundle.bytes).toBe(loaded.reduce((sum, f) => sum + Buffer.byteLength(files[f]), 0));
    expect(bundle.gzipBytes).toBe(
      loaded.reduce((sum, f) => sum + gzipSync(Buffer.from(files[f]), { level: 9 }).length, 0),
    );
  });
});
