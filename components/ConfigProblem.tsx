import { browser } from 'wxt/browser';

/** The build or settings cannot work (no client key, no broker): say so before anything fails. */
export function ConfigProblem({ problem }: { problem: string }) {
  return (
    <section class="banner banner-warning config-problem" role="alert" data-testid="config-problem">
      <strong>Setup needed</strong>
      <p>{problem}</p>
      <p class="hint">
        The README shows how to set up a TikTok app and its token broker. The broker URL can also be set in{' '}
        <a
          href="#"
          onClick={(event) => {
            event.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          Options
        </a>
        .
      </p>
    </section>
  );
}
