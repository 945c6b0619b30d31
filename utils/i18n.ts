// The extension's words in the browser's language (English and Spanish, `public/_locales/`), through
// `browser.i18n`: Chrome and Firefox pick the locale, and fall back to English (`default_locale`).
// Keys are typed from the English file, so a misspelt key fails the typecheck; tests/i18n.test.ts
// fails when a key is missing in either language or a call names one that does not exist.
// A job's error is stored as words, in the language of the moment it failed: a browser switched to
// another language later shows old failures as they were written (codes stay in `error.code`).
import { browser } from 'wxt/browser';
import type en from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

export type MessageTable = Record<string, { message: string }>;

// Chrome's offscreen document has no `browser.i18n` (only `runtime`): it reads the locale file
// itself (utils/page-messages.ts) and hands it here.
let pageTable: MessageTable | undefined;

/** Words for a page without `browser.i18n`: `t()` reads them from this table instead. */
export function useMessageTable(table: MessageTable): void {
  pageTable = table;
}

/** Chrome's rule for a message: `$1`…`$9` are the substitutions, `$$` is a dollar sign. */
export function substitute(text: string, substitutions: readonly string[]): string {
  return text.replace(/\$(\$|\d)/g, (_, what: string) =>
    what === '$' ? '$' : (substitutions[Number(what) - 1] ?? ''),
  );
}

/** The message for `key`, with `$1`, `$2`… replaced by `substitutions` in order. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const subs = substitutions.map(String);
  let text: string;
  if ((browser as { i18n?: unknown } | undefined)?.i18n) {
    // Typed by MessageKey above; WXT's generated key list lags behind the locale files.
    const getMessage = browser.i18n.getMessage as (key: string, substitutions?: string[]) => string;
    text = getMessage(key, subs);
  } else {
    const entry = pageTable?.[key];
    text = entry ? substitute(entry.message, subs) : '';
  }
  // An empty answer means the key is missing from the build: show the key rather than nothing.
  return text || key;
}

/**
 * Stand in for markup inside a message (a `<code>`, a `<strong>`): pass them as the substitutions,
 * then `fillSlots` or `aroundSlot` put the markup where each language's sentence has it, so the
 * sentence stays one message. Private-use characters, which no message contains.
 */
export const SLOTS = ['\uE000', '\uE001', '\uE002'] as const;
export const SLOT = SLOTS[0];

/** The message's text with `SLOTS[i]` replaced by `items[i]`, as a list of pieces to render. */
export function fillSlots<T>(text: string, items: readonly T[]): (string | T)[] {
  // Split with a capture group: even pieces are text, odd pieces are the slot characters.
  return text
    .split(/([\uE000-\uE002])/u)
    .map((piece, i) => (i % 2 ? items[SLOTS.indexOf(piece as (typeof SLOTS)[number])] : piece))
    .filter((piece) => piece !== '');
}

/** The text before and after `SLOT` in a message (the whole text and '' when it has none). */
export function aroundSlot(text: string): [string, string] {
  const at = text.indexOf(SLOT);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + SLOT.length)];
}
