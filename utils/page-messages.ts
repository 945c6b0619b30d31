// The extension's words for a page that has no `browser.i18n`: Chrome gives its offscreen document
// only `runtime`. Reads the locale file Chrome would pick for the browser's language (`es-ES` →
// `es`, else the default `en`) from the extension's own files and hands it to `t()`.
import { useMessageTable, type MessageTable } from './i18n';

export const DEFAULT_LOCALE = 'en';

/** Locale folder names to try, best first: `es-ES` gives `es_ES`, then `es`; `en` comes last. */
export function localeCandidates(languages: readonly string[]): string[] {
  const names: string[] = [];
  for (const language of languages) {
    const [lang, region] = language.split(/[-_]/);
    if (!lang) continue;
    if (region) names.push(`${lang.toLowerCase()}_${region.toUpperCase()}`);
    names.push(lang.toLowerCase());
  }
  names.push(DEFAULT_LOCALE);
  return [...new Set(names)];
}

/**
 * Loads the first locale file that exists among the candidates for `languages` and makes `t()`
 * use it. `fetchFile(path)` answers the file's JSON, or undefined when the extension has no such
 * locale. Returns the locale used.
 */
export async function loadPageMessages(
  languages: readonly string[],
  fetchFile: (path: string) => Promise<unknown>,
): Promise<string | undefined> {
  for (const locale of localeCandidates(languages)) {
    const table = await fetchFile(`/_locales/${locale}/messages.json`).catch(() => undefined);
    if (table && typeof table === 'object') {
      useMessageTable(table as MessageTable);
      return locale;
    }
  }
  return undefined;
}
