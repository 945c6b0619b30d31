import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AccountBar } from '@/components/AccountBar';
import { shownTarget } from '@/components/TargetAccount';
import { ConfigProblem } from '@/components/ConfigProblem';
import { ErrorBanner } from '@/components/ErrorBanner';
import { JobList } from '@/components/JobList';
import { SendPanel } from '@/components/SendPanel';
import { StatusAnnouncer } from '@/components/StatusAnnouncer';
import { StorageUsed } from '@/components/StorageUsed';
import { errorMessage } from '@/components/messaging';
import { startFileJob, startUrlJob } from '@/components/start-jobs';
import { useAuthStatus } from '@/components/use-auth-status';
import { useJobs } from '@/components/use-jobs';
import { t } from '@/utils/i18n';
import { isTerminal, type Job } from '@/utils/job';
import { activeCount } from '@/utils/job-view';
import { PAGE_SIZE, type JobFilter } from '@/utils/job-list';
import { useFileDrop } from './use-file-drop';

/**
 * Changes whenever the disk the jobs hold may have changed: a job came or went, or an active job
 * moved on (bytes are stored when a download ends, freed on arrival or cancel). Active jobs only,
 * so a long history costs nothing.
 */
function storageKey(jobs: Job[] | undefined, total: number | undefined): string | undefined {
  if (!jobs) return undefined;
  const active = jobs.filter((job) => !isTerminal(job.status));
  return `${total}:${activeCount(jobs)}:${active.map((job) => `${job.status}${job.hasBlob ? '+' : ''}`).join(',')}`;
}

/** Changes when a draft is sent or ends: the accounts' draft slots are asked for again then. */
function slotsKey(jobs: Job[] | undefined): string | undefined {
  return jobs
    ?.filter((job) => job.publishId)
    .map((job) => `${job.id}:${job.status}`)
    .join(',');
}

export function App() {
  const auth = useAuthStatus();
  const [filter, setFilter] = useState<JobFilter>('all');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const { jobs, counts, error: jobsError } = useJobs({ filter, limit });
  const chooseFilter = useCallback((next: JobFilter) => {
    setFilter(next);
    setLimit(PAGE_SIZE);
  }, []);
  const showOlder = useCallback(() => setLimit((n) => n + PAGE_SIZE), []);
  const slots = slotsKey(jobs);
  const refreshAuth = auth.refresh;
  useEffect(() => {
    if (slots !== undefined) void refreshAuth();
  }, [slots, refreshAuth]);
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

  // The account the page shows as the target goes with each job, so a job sent right after the
  // choice goes where the user saw it would.
  const [chosen, setChosen] = useState<string>();
  const target = shownTarget(auth.status, chosen);
  const sendFiles = useCallback(
    async (files: File[]) => {
      setError(undefined);
      // One after another: each file's bytes are stored before its job is announced.
      for (const file of files) {
        try {
          await startFileJob(file, target);
        } catch (err) {
          report(err);
        }
      }
    },
    [report, target],
  );

  const sendUrl = useCallback(
    async (url: string) => {
      setError(undefined);
      try {
        await startUrlJob(url, target);
      } catch (err) {
        report(err);
        throw err;
      }
    },
    [report, target],
  );

  const dragging = useFileDrop(sendFiles);
  const shownError = [error, auth.error, jobsError].find((message) => message && message !== dismissed);

  return (
    <div class={`popup${dragging ? ' dragging' : ''}`}>
      <header class="topbar">
        <img class="logo" src="/icon/32.png" alt="" width={20} height={20} />
        <h1 class="app-title">{t('popupTitle')}</h1>
        {!inTab && (
          <button
            type="button"
            class="icon-button"
            title={t('popupOpenInTab')}
            aria-label={t('popupOpenInTab')}
            onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/popup.html') })}
          >
            ↗
          </button>
        )}
        <button
          type="button"
          class="icon-button"
          title={t('popupOptions')}
          aria-label={t('popupOptions')}
          onClick={() => void browser.runtime.openOptionsPage()}
        >
          ⚙
        </button>
      </header>
      <main class="popup-main">
        <AccountBar
          status={auth.status}
          onChanged={auth.refresh}
          onError={report}
          onChoose={setChosen}
          target={target}
        />
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
        <JobList
          jobs={jobs}
          counts={counts}
          filter={filter}
          limit={limit}
          onFilter={chooseFilter}
          onShowOlder={showOlder}
          onError={report}
        />
        <StorageUsed jobsVersion={storageKey(jobs, counts?.total)} active={!!jobs && activeCount(jobs) > 0} />
        <StatusAnnouncer jobs={jobs} />
      </main>
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          {t('popupDropOverlay')}
        </div>
      )}
    </div>
  );
}
