// The unit project's browser is @webext-core/fake-browser, which leaves i18n unimplemented: this
// gives it the real English messages with Chrome's `$1`… substitution, so code under test speaks
// as it does in an English browser.
import { fakeBrowser } from 'wxt/testing';
import en from '../../public/_locales/en/messages.json';

const messages = en as Record<string, { message: string }>;

export function englishMessage(key: string, substitutions: string | string[] = []): string {
  const subs = Array.isArray(substitutions) ? substitutions : [substitutions];
  const text = messages[key]?.message ?? '';
  return text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

fakeBrowser.i18n.getMessage = englishMessage as typeof fakeBrowser.i18n.getMessage;
fakeBrowser.i18n.getUILanguage = () => 'en';
