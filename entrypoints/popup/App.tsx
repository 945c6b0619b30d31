import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AccountBar } from '@/components/AccountBar';
import { ConfigProblem } from '@/components/ConfigProblem';
import { ErrorBanner } from '@/components/ErrorBanner';
import { JobList } from '@/components/JobList';
import { SendPanel } from '@/components/SendPanel';
import { errorMessage } from '@/components/messaging';
import { startFileJob, startUrlJob } from '@/components/start-jobs';
import { useAuthStatus } from '@/components/use-auth-status';
import { useJobs } from '@/components/use-jobs';
import { useFileDrop } from './use-file-drop';

export function App() {
  const auth = useAuthStatus();
  const { jobs, now, error: jobsError } = useJobs();
  const [error, setError] = useState<string>();
  const [inTab, setInTab] = useState(true);

  // Errors from polling come back every tick; a dismissed message stays hidden until it changes
  // or an action of the user's fails with it again.
  const [dismissed, setDismissed] = useState<string>();
  const report = useCallback((err: unknown) => {
    setError(errorMessage(err));
    setDismissed(undefined);
  }, []);

  // As the action popup the page has no tab; then offer a tab, where a file dialog cannot close it.
  useEffect(() => {
    browser.tabs
      .getCurrent()
      .then((tab) => setInTab(Boolean(tab)))
      .catch(() => setInTab(true));
  }, []);

  const sendFiles = useCallback(
    async (files: File[]) => {
      setError(undefined);
      // One after another: each file's bytes are stored before its job is announced.
      for (const file of files) {
        try {
          await startFileJob(file);
        } catch (err) {
          report(err);
        }
      }
    },
    [report],
  );

  const sendUrl = useCallback(
    async (url: string) => {
      setError(undefined);
      try {
        await startUrlJob(url);
      } catch (err) {
        report(err);
        throw err;
      }
    },
    [report],
  );

  const dragging = useFileDrop(sendFiles);
  const shownError = [error, auth.error, jobsError].find((message) => message && message !== dismissed);

  return (
    <div class={`popup${dragging ? ' dragging' : ''}`}>
      <header class="topbar">
        <img class="logo" src="/icon/32.png" alt="" width={20} height={20} />
        <h1 class="app-title">TikTok Drafts</h1>
        {!inTab && (
          <button
            type="button"
            class="icon-button"
            title="Open in a tab"
            aria-label="Open in a tab"
            onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/popup.html') })}
          >
            ↗
          </button>
        )}
        <button
          type="button"
          class="icon-button"
          title="Options"
          aria-label="Options"
          onClick={() => void browser.runtime.openOptionsPage()}
        >
          ⚙
        </button>
      </header>
      <AccountBar status={auth.status} onChanged={auth.refresh} onError={report} />
      {auth.status?.configProblem && <ConfigProblem problem={auth.status.configProblem} />}
      {shownError && (
        <ErrorBanner
          message={shownError}
          testId="popup-error"
          onDismiss={() => {
            setDismissed(shownError);
            setError(undefined);
          }}
        />
      )}
      <SendPanel onFiles={sendFiles} onUrl={sendUrl} />
      <JobList jobs={jobs} now={now} onError={report} />
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          Drop to send to TikTok
        </div>
      )}
    </div>
  );
}
