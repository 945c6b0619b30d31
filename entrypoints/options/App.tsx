import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ErrorBanner } from '@/components/ErrorBanner';
import { ask, errorMessage } from '@/components/messaging';
import { buildConfig } from '@/utils/config';
import { fillSlots, SLOTS, t } from '@/utils/i18n';
import { brokerCallbackUrl, type RedirectSetting } from '@/utils/redirect-uri';
import { loadSettings, saveSettings, type Settings } from '@/utils/settings';
import { Diagnostics } from './Diagnostics';
import { validateBrokerUrl, validateVerifiedLines, type LineProblem } from './validate';

const opts = { allowLoopback: buildConfig.allowLoopback };

export function App() {
  const [settings, setSettings] = useState<Settings>();
  const [problems, setProblems] = useState<LineProblem[]>([]);
  const [brokerProblem, setBrokerProblem] = useState<string>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  // Uncontrolled fields, read on save: whatever put the text there (typing, paste, a script) counts.
  const prefixesField = useRef<HTMLTextAreaElement>(null);
  const brokerField = useRef<HTMLInputElement>(null);
  const historyField = useRef<HTMLInputElement>(null);
  const redirectField = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    loadSettings()
      .then(setSettings)
      .catch((err) => setError(t('optionsReadFailed', errorMessage(err))));
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    setError(undefined);
    const lines = validateVerifiedLines(prefixesField.current?.value ?? '', opts);
    const broker = validateBrokerUrl(brokerField.current?.value ?? '', opts);
    setProblems(lines.problems);
    setBrokerProblem(broker.ok ? undefined : broker.message);
    if (lines.problems.length || !broker.ok) return;

    setSaving(true);
    try {
      const days = Number(historyField.current?.value ?? settings?.historyDays ?? 30);
      const historyDays = Number.isInteger(days) && days >= 1 && days <= 3650 ? days : 30;
      const oauthRedirect = parseRedirectSetting(redirectField.current?.value);
      const next: Settings = {
        verifiedPrefixes: lines.entries,
        brokerUrl: broker.url,
        oauthRedirect,
        historyDays,
      };
      await saveSettings(next);
      setSaved(true);
      if (prefixesField.current) prefixesField.current.value = next.verifiedPrefixes.join('\n');
      if (brokerField.current) brokerField.current.value = next.brokerUrl;
      setSettings(next);
      await ask({ type: 'settings/changed' });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  if (!settings) {
    return (
      <main class="options">
        {error ? <ErrorBanner message={error} testId="options-error" /> : t('loading')}
      </main>
    );
  }

  return (
    <main class="options">
      <header class="options-header">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <div>
          <h1>{t('optionsTitle')}</h1>
          <p class="muted">{t('optionsSubtitle')}</p>
        </div>
      </header>

      <form class="options-form" onSubmit={save} onInput={() => setSaved(false)} noValidate>
        <section class="card">
          <h2>
            <label for="verified-prefixes">{t('optionsVerifiedHeading')}</label>
          </h2>
          <p class="muted" id="verified-help">
            {fillSlots(t('optionsVerifiedHelp', ...SLOTS), [
              <code key="domain">cdn.example.com</code>,
              <code key="slash">/</code>,
              <code key="prefix">https://cdn.example.com/videos/</code>,
            ])}
          </p>
          <textarea
            id="verified-prefixes"
            data-testid="verified-prefixes"
            rows={6}
            spellcheck={false}
            placeholder={'cdn.example.com\nhttps://media.example.org/videos/'}
            aria-describedby="verified-help"
            aria-invalid={problems.length > 0}
            defaultValue={settings.verifiedPrefixes.join('\n')}
            ref={prefixesField}
          />
          {problems.length > 0 && (
            <ul class="problems" role="alert" data-testid="invalid-lines">
              {problems.map((problem) => (
                <li key={problem.line}>{t('optionsLineProblem', problem.line, problem.message)}</li>
              ))}
            </ul>
          )}
        </section>

        <section class="card">
          <h2>
            <label for="broker-url">{t('optionsBrokerHeading')}</label>
          </h2>
          <p class="muted" id="broker-help">
            {t('optionsBrokerHelp')}{' '}
            {buildConfig.brokerUrl
              ? fillSlots(t('optionsBrokerBuiltIn', SLOTS[0]), [
                  <code key="url">{buildConfig.brokerUrl}</code>,
                ])
              : t('optionsBrokerNone')}
          </p>
          <input
            id="broker-url"
            type="text"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            data-testid="broker-url"
            placeholder="https://broker.example.com"
            aria-describedby="broker-help"
            aria-invalid={Boolean(brokerProblem)}
            defaultValue={settings.brokerUrl}
            ref={brokerField}
          />
          {brokerProblem && (
            <p class="problems" role="alert" data-testid="broker-url-error">
              {brokerProblem}
            </p>
          )}
        </section>

        <section class="card">
          <h2>
            <label for="oauth-redirect">{t('optionsRedirectHeading')}</label>
          </h2>
          <p class="muted" id="redirect-help">
            {fillSlots(t('optionsRedirectHelp', SLOTS[0]), [<code key="path">/oauth/callback</code>])}{' '}
            {buildConfig.oauthRedirect === 'broker'
              ? t('optionsRedirectBuiltBroker')
              : t('optionsRedirectBuiltDirect')}
          </p>
          <select
            id="oauth-redirect"
            data-testid="oauth-redirect"
            aria-describedby="redirect-help"
            defaultValue={settings.oauthRedirect}
            ref={redirectField}
          >
            <option value="">{t('optionsRedirectAsBuilt')}</option>
            <option value="direct">{t('optionsRedirectDirect')}</option>
            <option value="broker">{t('optionsRedirectBroker')}</option>
          </select>
        </section>

        <section class="card">
          <h2>
            <label for="history-days">{t('optionsHistoryHeading')}</label>
          </h2>
          <p class="muted" id="history-help">
            {t('optionsHistoryHelp')}
          </p>
          <input
            id="history-days"
            type="number"
            min={1}
            max={3650}
            step={1}
            data-testid="history-days"
            aria-describedby="history-help"
            defaultValue={String(settings.historyDays)}
            ref={historyField}
          />
        </section>

        <div class="save-row">
          <button type="submit" class="button button-primary" data-testid="save" disabled={saving}>
            {t('optionsSave')}
          </button>
          {saved && (
            <span class="saved" role="status" data-testid="saved">
              {t('optionsSaved')}
            </span>
          )}
        </div>
        {error && (
          <ErrorBanner message={error} testId="options-error" onDismiss={() => setError(undefined)} />
        )}
      </form>

      <Diagnostics />
      <BuildInfo settings={settings} />
    </main>
  );
}

/** What this build talks to, and the redirect URI a TikTok app must register for it. */
function BuildInfo({ settings }: { settings: Settings }) {
  let redirect = '';
  try {
    redirect = browser.identity.getRedirectURL();
  } catch {
    // identity is unavailable outside Chromium-based browsers' extension pages; the row is left out.
  }
  const broker = settings.brokerUrl || buildConfig.brokerUrl;
  if ((settings.oauthRedirect || buildConfig.oauthRedirect) === 'broker') {
    try {
      redirect = broker ? brokerCallbackUrl(broker) : '';
    } catch {
      redirect = '';
    }
  }
  return (
    <section class="card build-info" aria-labelledby="build-heading">
      <h2 id="build-heading">{t('buildHeading')}</h2>
      <dl>
        <dt>{t('buildApi')}</dt>
        <dd>
          <code>{buildConfig.apiOrigin}</code>
        </dd>
        <dt>{t('buildClientKey')}</dt>
        <dd>
          {buildConfig.clientKey ? (
            <code>{buildConfig.clientKey}</code>
          ) : (
            t('buildClientKeyMissing', 'WXT_TIKTOK_CLIENT_KEY')
          )}
        </dd>
        {redirect && (
          <>
            <dt>{t('buildRedirectUri')}</dt>
            <dd>
              <code data-testid="redirect-uri">{redirect}</code>{' '}
              <span class="muted">{t('buildRegisterIt')}</span>
            </dd>
          </>
        )}
        {buildConfig.allowLoopback && (
          <>
            <dt>{t('buildTest')}</dt>
            <dd>{t('buildLoopback')}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function parseRedirectSetting(value: string | undefined): RedirectSetting {
  return value === 'direct' || value === 'broker' ? value : '';
}
