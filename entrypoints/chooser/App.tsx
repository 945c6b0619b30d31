import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ErrorBanner } from '@/components/ErrorBanner';
import { shownTarget, TargetAccount } from '@/components/TargetAccount';
import { useAuthStatus } from '@/components/use-auth-status';
import { ask, errorMessage } from '@/components/messaging';
import { buildConfig } from '@/utils/config';
import { t } from '@/utils/i18n';
import { candidateName, originPatterns, pageHost, parseCandidates, type Candidate } from './candidates';
import { mayPreview } from './preview';

/** Where on the page a candidate was found, in words (a kind this page does not know shows as is). */
function kindLabel(kind: string): string {
  switch (kind) {
    case 'video':
      return t('chooserKindVideo');
    case 'source':
      return t('chooserKindSource');
    case 'og':
      return t('chooserKindOg');
    case 'jsonld':
      return t('chooserKindJsonld');
    case 'link':
      return t('chooserKindLink');
    default:
      return kind;
  }
}

export function App() {
  const candidates = useMemo(() => parseCandidates(location.search), []);
  const host = useMemo(() => pageHost(location.search), []);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [granted, setGranted] = useState<ReadonlySet<string>>(new Set());
  /** Set once the permission check is done: no preview loads before it. */
  const [permissionsKnown, setPermissionsKnown] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const auth = useAuthStatus();
  const [chosenAccount, setChosenAccount] = useState<string>();

  // Known before the click, so the click can ask for what is missing as its very first act.
  useEffect(() => {
    const patterns = originPatterns(candidates.map((c) => c.url));
    void Promise.all(
      patterns.map(async (pattern) =>
        (await browser.permissions.contains({ origins: [pattern] }).catch(() => false)) ? pattern : undefined,
      ),
    ).then((held) => {
      setGranted(new Set(held.filter((p): p is string => Boolean(p))));
      setPermissionsKnown(true);
    });
  }, [candidates]);

  const toggle = (url: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(url);
    else next.delete(url);
    setChosen(next);
  };

  const send = () => {
    const urls = candidates.filter((c) => chosen.has(c.url)).map((c) => c.url);
    if (!urls.length) return;
    // The videos usually live on a CDN the page's activeTab grant does not cover. Chrome only
    // honours a permission request inside the click, so it is made before anything is awaited.
    const missing = originPatterns(urls).filter((p) => !granted.has(p));
    const permission = missing.length
      ? browser.permissions.request({ origins: missing }).catch(() => false)
      : Promise.resolve(false);
    setSending(true);
    setError(undefined);
    void (async () => {
      try {
        for (const url of urls)
          await ask({ type: 'job/start-url', url, accountId: shownTarget(auth.status, chosenAccount) });
        if (await permission) await ask({ type: 'permissions/granted' });
        window.close();
      } catch (err) {
        setError(errorMessage(err));
        setSending(false);
      }
    })();
  };

  return (
    <main class="chooser">
      <header class="topbar">
        <img class="logo" src="/icon/32.png" alt="" width={20} height={20} />
        <h1 class="app-title">{t('chooserTitle')}</h1>
      </header>
      {candidates.length === 0 ? (
        <p class="empty muted">{t('chooserNone')}</p>
      ) : (
        <>
          <p class="muted">
            {host ? t('chooserCountOnHost', host, candidates.length) : t('chooserCount', candidates.length)}{' '}
            {t('chooserPick')}
          </p>
          <ul class="candidates">
            {candidates.map((candidate, index) => (
              <CandidateRow
                key={candidate.url}
                candidate={candidate}
                index={index}
                checked={chosen.has(candidate.url)}
                previewable={permissionsKnown && mayPreview(candidate.url, granted, previewOptions)}
                onToggle={(on) => toggle(candidate.url, on)}
              />
            ))}
          </ul>
        </>
      )}
      <TargetAccount
        status={auth.status}
        onChanged={auth.refresh}
        onError={(e) => setError(errorMessage(e))}
        onChoose={setChosenAccount}
        value={shownTarget(auth.status, chosenAccount)}
      />
      {error && <ErrorBanner message={error} testId="chooser-error" onDismiss={() => setError(undefined)} />}
      <footer class="chooser-actions">
        <button type="button" class="button button-quiet" onClick={() => window.close()}>
          {t('chooserCancel')}
        </button>
        <button
          type="button"
          class="button button-primary"
          data-testid="send-candidates"
          disabled={sending || chosen.size === 0}
          onClick={send}
        >
          {chosen.size > 1 ? t('chooserSendMany', chosen.size) : t('chooserSendOne')}
        </button>
      </footer>
    </main>
  );
}

const previewOptions = { allowLoopback: buildConfig.allowLoopback };

interface RowProps {
  candidate: Candidate;
  index: number;
  checked: boolean;
  /** A host the extension already reaches, and not a private one (./preview.ts). */
  previewable: boolean;
  onToggle: (on: boolean) => void;
}

/** The whole row is the checkbox's label, so a click anywhere on it (preview included) toggles it. */
function CandidateRow({ candidate, index, checked, previewable, onToggle }: RowProps) {
  const [previewFailed, setPreviewFailed] = useState(false);
  const showVideo = previewable && !previewFailed;
  const id = `candidate-${index}`;
  const name = candidateName(candidate);
  return (
    <li>
      <label
        class={`candidate${checked ? ' checked' : ''}`}
        data-testid="candidate"
        data-url={candidate.url}
        data-preview={!previewable ? 'none' : previewFailed ? 'failed' : 'video'}
        for={id}
      >
        <input
          id={id}
          type="checkbox"
          data-testid="candidate-checkbox"
          checked={checked}
          onChange={(event) => onToggle(event.currentTarget.checked)}
        />
        {!showVideo ? (
          <span class="preview preview-missing" aria-hidden="true">
            ▶
          </span>
        ) : (
          // Metadata only, and without cookies (crossorigin): a preview must not cost a download
          // or tell the video's host who is looking. Hosts without CORS get the placeholder.
          <video
            class="preview"
            src={`${candidate.url}#t=0.1`}
            preload="metadata"
            muted
            playsInline
            crossOrigin="anonymous"
            aria-hidden="true"
            onError={() => setPreviewFailed(true)}
          />
        )}
        <span class="candidate-text">
          <span class="candidate-name">{name}</span>
          <span class="muted small candidate-url" title={candidate.url}>
            {kindLabel(candidate.kind)} · {candidate.url}
          </span>
        </span>
      </label>
    </li>
  );
}
