// How much JavaScript each extension page loads, gzipped: what a user's browser parses every time
// the popup opens. A page's bundle is the script its HTML names, the chunks it modulepreloads, and
// every chunk those import statically (followed to the end); lazily imported chunks are left out.
// The background is its one background.js. Used by `npm run bench` and `npm run check:bundle`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  /** Paths relative to the build folder, entry first. */
  files: string[];
  bytes: number;
  gzipBytes: number;
}

export type BundleReport = Record<'popup' | 'chooser' | 'options' | 'background', BundleSize>;

/** The popup's budget (issue 9): 30 KB of gzipped JavaScript. */
export const POPUP_BUDGET_GZIP = 30 * 1024;

/** Absolute-from-root or relative script paths in a page's HTML: module scripts and modulepreloads. */
export function htmlScripts(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) found.push(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g))
    found.push(match[1]);
  return found;
}

/** Static imports of a built chunk (`import … from "./x.js"`, `import "./x.js"`), not `import()`. */
export function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"']+\.js)["']/g)) found.push(match[1]);
  return found;
}

async function measure(dir: string, entries: string[]): Promise<BundleSize> {
  const files: string[] = [];
  let bytes = 0;
  let gzipBytes = 0;
  const queue = entries.map((entry) => path.posix.normalize(entry.replace(/^\//, '')));
  while (queue.length) {
    const file = queue.shift()!;
    if (files.includes(file)) continue;
    files.push(file);
    const code = await readFile(path.join(dir, file));
    bytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
    for (const imported of staticImports(code.toString('utf8')))
      queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), imported)));
  }
  return { files, bytes, gzipBytes };
}

export async function pageBundle(dir: string, page: string): Promise<BundleSize> {
  const html = await readFile(path.join(dir, `${page}.html`), 'utf8');
  const scripts = htmlScripts(html);
  if (!scripts.length) throw new Error(`${page}.html in ${dir} names no script: is it a WXT build?`);
  return measure(dir, scripts);
}

export async function measureBundles(dir: string): Promise<BundleReport> {
  const [popup, chooser, options, background] = await Promise.all([
    pageBundle(dir, 'popup'),
    pageBundle(dir, 'chooser'),
    pageBundle(dir, 'options'),
    measure(dir, ['background.js']),
  ]);
  return { popup, chooser, options, background };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatBundles(report: BundleReport): string {
  return Object.entries(report)
    .map(
      ([name, size]) =>
        `${name.padEnd(10)} ${kb(size.gzipBytes).padStart(9)} gzipped  ${kb(size.bytes).padStart(9)} raw  (${size.files.length} files)`,
    )
    .join('\n');
}
