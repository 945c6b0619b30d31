import { browser } from 'wxt/browser';

/** The build or settings cannot work (no client key, no broker): say so before anything fails. */
export function ConfigProblem({ problem }: { problem: string }) {
  return (
    <section class="banner banner-warning config-problem" role="alert" data-testid="config-problem">
      <strong>Setup needed</strong>
      <p>{problem}</p>
      <p class="hint">
        A TikTok app’s client key and a token broker are set when the extension is built (
        <code>WXT_TIKTOK_CLIENT_KEY</code>, <code>WXT_BROKER_URL</code>); the broker URL can also be set in{' '}
        <a
          href="#"
          onClick={(event) => {
            event.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          Options
        </a>
        . The README explains both.
      </p>
    </section>
  );
}
