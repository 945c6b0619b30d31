import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ErrorBanner } from '@/components/ErrorBanner';
import { ask, errorMessage } from '@/components/messaging';
import { buildConfig } from '@/utils/config';
import { loadSettings, saveSettings, type Settings } from '@/utils/settings';
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

  useEffect(() => {
    loadSettings()
      .then(setSettings)
      .catch((err) => setError(`Could not read the settings: ${errorMessage(err)}`));
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
      const next: Settings = { verifiedPrefixes: lines.entries, brokerUrl: broker.url };
      await saveSettings(next);
      setSaved(true);
      if (prefixesField.current) prefixesField.current.value = next.verifiedPrefixes.join('\n');
      if (brokerField.current) brokerField.current.value = next.brokerUrl;
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
        {error ? <ErrorBanner message={error} testId="options-error" /> : 'Loading…'}
      </main>
    );
  }

  return (
    <main class="options">
      <header class="options-header">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <div>
          <h1>Send to TikTok Drafts</h1>
          <p class="muted">Options</p>
        </div>
      </header>

      <form class="options-form" onSubmit={save} onInput={() => setSaved(false)} noValidate>
        <section class="card">
          <h2>
            <label for="verified-prefixes">Verified domains and URL prefixes</label>
          </h2>
          <p class="muted" id="verified-help">
            TikTok fetches a video itself, without it passing through this computer, when its URL is under a
            domain or URL prefix your TikTok app verified in TikTok’s developer portal. List them here, one
            per line: a domain such as <code>cdn.example.com</code> (its subdomains too) or a URL prefix
            ending in <code>/</code> such as <code>https://cdn.example.com/videos/</code>. Every other video
            is uploaded from this browser.
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
                <li key={problem.line}>
                  Line {problem.line}: {problem.message}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section class="card">
          <h2>
            <label for="broker-url">Token broker URL</label>
          </h2>
          <p class="muted" id="broker-help">
            The small server that adds your TikTok app’s secret to sign-in and token refresh. Leave empty to
            use the one this extension was built with
            {buildConfig.brokerUrl ? (
              <>
                : <code>{buildConfig.brokerUrl}</code>
              </>
            ) : (
              ' (none)'
            )}
            .
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

        <div class="save-row">
          <button type="submit" class="button button-primary" data-testid="save" disabled={saving}>
            Save
          </button>
          {saved && (
            <span class="saved" role="status" data-testid="saved">
              ✓ Saved
            </span>
          )}
        </div>
        {error && (
          <ErrorBanner message={error} testId="options-error" onDismiss={() => setError(undefined)} />
        )}
      </form>

      <BuildInfo />
    </main>
  );
}

/** What this build talks to, and the redirect URI a TikTok app must register for it. */
function BuildInfo() {
  let redirect = '';
  try {
    redirect = browser.identity.getRedirectURL();
  } catch {
    // identity is unavailable outside Chromium-based browsers' extension pages; the row is left out.
  }
  return (
    <section class="card build-info" aria-labelledby="build-heading">
      <h2 id="build-heading">This build</h2>
      <dl>
        <dt>TikTok API</dt>
        <dd>
          <code>{buildConfig.apiOrigin}</code>
        </dd>
        <dt>Client key</dt>
        <dd>
          {buildConfig.clientKey ? <code>{buildConfig.clientKey}</code> : 'not set (WXT_TIKTOK_CLIENT_KEY)'}
        </dd>
        {redirect && (
          <>
            <dt>Redirect URI</dt>
            <dd>
              <code>{redirect}</code> <span class="muted">register it in your TikTok app</span>
            </dd>
          </>
        )}
        {buildConfig.allowLoopback && (
          <>
            <dt>Test build</dt>
            <dd>loopback sources allowed</dd>
          </>
        )}
      </dl>
    </section>
  );
}
