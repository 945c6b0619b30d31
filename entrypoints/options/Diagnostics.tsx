// The diagnostics log, for a bug report: the background keeps the last 500 events (never a token,
// a code or a query string); this card shows them and copies them as text.
import { t } from '@/utils/i18n';
import { useEffect, useState } from 'preact/hooks';
import { ask, errorMessage } from '@/components/messaging';

export function Diagnostics() {
  const [text, setText] = useState<string>();
  const [note, setNote] = useState<string>();

  const load = () =>
    ask<{ text: string }>({ type: 'diagnostics/get' })
      .then((value) => setText(value.text))
      .catch((err) => setNote(t('diagnosticsReadFailed', errorMessage(err))));

  useEffect(() => void load(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text ?? '');
      setNote(t('copied'));
    } catch (err) {
      setNote(t('copyFailed', errorMessage(err)));
    }
  };

  const clear = async () => {
    await ask({ type: 'diagnostics/clear' }).catch(() => undefined);
    setNote(t('cleared'));
    await load();
  };

  return (
    <section class="card" aria-labelledby="diagnostics-heading">
      <h2 id="diagnostics-heading">{t('diagnosticsHeading')}</h2>
      <p class="muted">{t('diagnosticsHelp')}</p>
      <pre
        class="diagnostics"
        data-testid="diagnostics-log"
        tabIndex={0}
        aria-label={t('diagnosticsHeading')}
      >
        {text ?? t('loading')}
      </pre>
      <div class="save-row">
        <button type="button" class="button" data-testid="diagnostics-copy" onClick={() => void copy()}>
          {t('copy')}
        </button>
        <button type="button" class="button" data-testid="diagnostics-refresh" onClick={() => void load()}>
          {t('refresh')}
        </button>
        <button type="button" class="button" data-testid="diagnostics-clear" onClick={() => void clear()}>
          {t('clear')}
        </button>
        {note && (
          <span class="saved" role="status">
            {note}
          </span>
        )}
      </div>
    </section>
  );
}
