// A Spanish browser: the failure words the background stores come from the Spanish file, with
// TikTok's technical tokens (codes, log_id) kept as TikTok sent them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import es from '../../public/_locales/es/messages.json';
import { englishMessage } from '../../tests/setup/i18n';
import { describeApiError, describeFailReason, slotWaitMessage } from '../describe';

const spanish = es as Record<string, { message: string }>;

function spanishMessage(key: string, substitutions: string | string[] = []): string {
  const subs = Array.isArray(substitutions) ? substitutions : [substitutions];
  return (spanish[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

describe('failure words in Spanish', () => {
  beforeEach(() => {
    fakeBrowser.i18n.getMessage = spanishMessage as typeof fakeBrowser.i18n.getMessage;
  });
  afterEach(() => {
    fakeBrowser.i18n.getMessage = englishMessage as typeof fakeBrowser.i18n.getMessage;
  });

  it('a known API error, with its log_id', () => {
    expect(describeApiError('rate_limit_exceeded', undefined, 'LOG123')).toBe(
      'TikTok ha pedido ir más despacio. El envío espera un minuto y sigue solo. (log_id de TikTok: LOG123)',
    );
  });

  it('an unknown code and fail reason keep the code as TikTok sent it', () => {
    expect(describeApiError('weird_code', 'Odd thing')).toMatch(
      /^TikTok ha rechazado la petición \(weird_code: Odd thing\)/,
    );
    expect(describeFailReason('')).toMatch(/\(sin motivo indicado\)/);
    expect(describeFailReason('constructor')).toMatch(/\(constructor\)/);
  });

  it('a slot wait names the account', () => {
    expect(slotWaitMessage('Ana', undefined)).toMatch(/^Ana tiene 5 borradores esperando/);
  });
});
