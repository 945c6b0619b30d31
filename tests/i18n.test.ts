// English and Spanish stay in step: the same keys, the same substitutions, a translation for each,
// and every key the code asks for exists.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../public/_locales/en/messages.json';
import es from '../public/_locales/es/messages.json';

type Messages = Record<string, { message: string; description?: string }>;
const EN = en as Messages;
const ES = es as Messages;
const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Every key the extension asks for, with the file that asks: `t('key'` (or `"key"`) in its
 * TypeScript, `__MSG_key__` in its manifest settings and pages. Keys chosen through a typed
 * map (`Record<…, MessageKey>`) are held by the typecheck instead.
 */
function keysUsed(root: string, dirs: string[], files: string[] = []): Map<string, string> {
  const used = new Map<string, string>();
  const scan = (full: string) => {
    const text = readFileSync(full, 'utf8');
    const calls = /\.(ts|tsx)$/.test(full) ? text.matchAll(/\bt\(\s*['"]([A-Za-z0-9_]+)['"]/g) : [];
    for (const m of [...calls, ...text.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)])
      used.set(m[1], path.relative(root, full));
  };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (name === 'node_modules' || name === '__tests__' || name.startsWith('.')) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|html)$/.test(name) && !/\.test\.ts$/.test(name)) scan(full);
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  for (const file of files) scan(path.join(root, file));
  return used;
}

const SOURCES = ['entrypoints', 'components', 'utils'];
const missingFrom = (messages: Messages, used: Map<string, string>) =>
  [...used].filter(([key]) => !(key in messages)).map(([key, file]) => `${key} (${file})`);

const substitutions = (text: string) => [...new Set(text.match(/\$\d/g) ?? [])].sort();

describe('languages', () => {
  it('English and Spanish have the same keys', () => {
    expect(Object.keys(ES).sort()).toEqual(Object.keys(EN).sort());
  });

  it('every message is translated, with the same substitutions', () => {
    for (const [key, { message }] of Object.entries(EN)) {
      expect(message.trim(), key).not.toBe('');
      expect(ES[key]?.message.trim(), `es: ${key}`).not.toBe('');
      expect(substitutions(ES[key].message), key).toEqual(substitutions(message));
    }
    // Copies of the English text are not translations (a few identical words may be).
    const same = Object.keys(EN).filter(
      (key) => EN[key].message === ES[key].message && /[a-z]{4}/.test(EN[key].message),
    );
    expect(same).toEqual([]);
  });

  it('every key the code, the manifest and the pages ask for exists', () => {
    const used = keysUsed(ROOT, SOURCES, ['wxt.config.ts']);
    expect(missingFrom(EN, used)).toEqual([]);
    // The scan sees the sources: calls in background, offscreen and pages, and the manifest's.
    for (const key of [
      'preflightTooLong',
      'acquireServerRefused',
      'streamDrm',
      'extDescription',
      'commandSendMain',
    ])
      expect(used.has(key), key).toBe(true);
  });

  it('the scan reports a call to a key that does not exist', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'i18n-scan-'));
    try {
      mkdirSync(path.join(dir, 'utils'));
      writeFileSync(
        path.join(dir, 'utils', 'words.ts'),
        "export const a = t('preflightTooLong', '11:00');\nexport const b = t(\n  'noSuchKeyAnywhere',\n);\n",
      );
      writeFileSync(path.join(dir, 'page.html'), '<title>__MSG_noSuchTitle__</title>');
      const used = keysUsed(dir, ['utils'], ['page.html']);
      expect(missingFrom(EN, used)).toEqual([
        'noSuchKeyAnywhere (utils/words.ts)',
        'noSuchTitle (page.html)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
