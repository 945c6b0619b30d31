import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ErrorBanner } from '@/components/ErrorBanner';
import { ask, errorMessage } from '@/components/messaging';
import { buildConfig } from '@/utils/config';
import { checkSourceUrl } from '@/utils/url-safety';
import { candidateName, originPatterns, pageHost, parseCandidates, type Candidate } from './candidates';

const KIND_LABELS: Record<string, string> = {
  video: 'Video on the page',
  source: 'Video source',
  og: 'Page preview video',
  jsonld: 'Structured data',
  link: 'Link',
};

export function App() {
  const candidates = useMemo(() => parseCandidates(location.search), []);
  const host = useMemo(() => pageHost(location.search), []);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [granted, setGranted] = useState<ReadonlySet<string>>(new Set());
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();

  // Known before the click, so the click can ask for what is missing as its very first act.
  useEffect(() => {
    const patterns = originPatterns(candidates.map((c) => c.url));
    void Promise.all(
      patterns.map(async (pattern) =>
        (await browser.permissions.contains({ origins: [pattern] }).catch(() => false)) ? pattern : undefined,
      ),
    ).then((held) => setGranted(new Set(held.filter((p): p is string => Boolean(p)))));
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
        for (const url of urls) await ask({ type: 'job/start-url', url });
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
        <h1 class="app-title">Choose videos to send</h1>
      </header>
      {candidates.length === 0 ? (
        <p class="empty muted">No videos were found on this page.</p>
      ) : (
        <>
          <p class="muted">
            {host ? `The page on ${host}` : 'This page'} has {candidates.length} videos. Pick the ones to send
            to your TikTok drafts.
          </p>
          <ul class="candidates">
            {candidates.map((candidate, index) => (
              <CandidateRow
                key={candidate.url}
                candidate={candidate}
                index={index}
                checked={chosen.has(candidate.url)}
                onToggle={(on) => toggle(candidate.url, on)}
              />
            ))}
          </ul>
        </>
      )}
      {error && <ErrorBanner message={error} testId="chooser-error" onDismiss={() => setError(undefined)} />}
      <footer class="chooser-actions">
        <button type="button" class="button button-quiet" onClick={() => window.close()}>
          Cancel
        </button>
        <button
          type="button"
          class="button button-primary"
          data-testid="send-candidates"
          disabled={sending || chosen.size === 0}
          onClick={send}
        >
          {chosen.size > 1 ? `Send ${chosen.size} videos` : 'Send video'}
        </button>
      </footer>
    </main>
  );
}

interface RowProps {
  candidate: Candidate;
  index: number;
  checked: boolean;
  onToggle: (on: boolean) => void;
}

/** The whole row is the checkbox's label, so a click anywhere on it (preview included) toggles it. */
function CandidateRow({ candidate, index, checked, onToggle }: RowProps) {
  // No preview request to an address the extension would refuse to download from.
  const previewable = useMemo(
    () => checkSourceUrl(candidate.url, { allowLoopback: buildConfig.allowLoopback }).ok,
    [candidate.url],
  );
  const [previewFailed, setPreviewFailed] = useState(!previewable);
  const id = `candidate-${index}`;
  const name = candidateName(candidate);
  return (
    <li>
      <label
        class={`candidate${checked ? ' checked' : ''}`}
        data-testid="candidate"
        data-url={candidate.url}
        for={id}
      >
        <input
          id={id}
          type="checkbox"
          data-testid="candidate-checkbox"
          checked={checked}
          onChange={(event) => onToggle(event.currentTarget.checked)}
        />
        {previewFailed ? (
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
            {KIND_LABELS[candidate.kind] ?? candidate.kind} · {candidate.url}
          </span>
        </span>
      </label>
    </li>
  );
}
