import { t } from '@/utils/i18n';
import { browser } from 'wxt/browser';

/** The build or settings cannot work (no client key, no broker): say so before anything fails. */
export function ConfigProblem({ problem }: { problem: string }) {
  return (
    <section class="banner banner-warning config-problem" role="alert" data-testid="config-problem">
      <strong>{t('setupNeeded')}</strong>
      <p>{problem}</p>
      <p class="hint">
        {t('setupHint')}{' '}
        <a
          href="#"
          onClick={(event) => {
            event.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          {t('optionsLink')}
        </a>
        .
      </p>
    </section>
  );
}
