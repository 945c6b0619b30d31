import { memo } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { buildConfig } from '@/utils/config';
import { formatBytes } from '@/utils/format';
import { t } from '@/utils/i18n';
import { isTerminal, type Job, type JobStatus } from '@/utils/job';
import {
  captionFor,
  grantOrigins,
  jobActions,
  jobErrorText,
  progressText,
  progressValue,
  reselectProblem,
  routeLabel,
  showsProgressBar,
  statusTone,
  tiktokInboxUrl,
} from '@/utils/job-view';
import { ask } from './messaging';
import { JobPreview } from './JobPreview';
import { ProgressBar } from './ProgressBar';
import { StatusPill } from './StatusPill';
import { storeFileFor, VIDEO_ACCEPT } from './start-jobs';

interface Props {
  job: Job;
  onError: (error: unknown) => void;
}

/** A row whose words depend on the clock ("resumes in 40 s", "retrying in 5 s", "last tried …"). */
function showsTime(job: Job): boolean {
  return !isTerminal(job.status) && Boolean(job.notBefore || job.retry);
}

/** The time, ticking each second only in a row that shows a countdown; other rows never re-render. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return ticking ? now : Date.now();
}

function sourceLine(job: Job): string {
  const size = job.videoSize ?? (job.source.kind === 'file' ? job.source.size : undefined);
  let where = t('jobLocalFile');
  if (job.source.kind === 'capture') {
    try {
      where = new URL(job.source.pageUrl).host || job.source.pageUrl;
    } catch {
      where = job.source.pageUrl;
    }
  } else if (job.source.kind === 'url') {
    try {
      where = new URL(job.source.url).host || job.source.url;
    } catch {
      where = job.source.url;
    }
  }
  return size ? `${where} · ${formatBytes(size)}` : where;
}

/** Statuses where work goes on even when the number stands still: the bar moves. */
const BUSY_STATUSES: ReadonlySet<JobStatus> = new Set([
  'acquiring',
  'initializing',
  'uploading',
  'processing',
]);

/** Memoized: the list keeps unchanged jobs' objects, so an update re-renders one row. */
export const JobItem = memo(function JobItem({ job, onError }: Props) {
  const now = useNow(showsTime(job));
  const actions = jobActions(job);
  const errorText = jobErrorText(job);
  const tone = statusTone(job.status);
  const line = progressText(job, now);
  const [pending, setPending] = useState<string>();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const act = async (name: string, work: () => Promise<unknown>) => {
    setPending(name);
    try {
      await work();
    } catch (error) {
      onError(error);
    } finally {
      setPending(undefined);
    }
  };

  const grant = () => {
    const origins = grantOrigins(job);
    if (!origins) return;
    // The request must be the click's first act: Chrome honours it only inside the user gesture.
    const request = browser.permissions.request({ origins });
    void act('grant', async () => {
      if (!(await request)) throw new Error(t('jobAccessDenied', origins[0]));
      await ask({ type: 'permissions/granted' });
    });
  };

  const reselect = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    void act('reselect', async () => {
      const problem = reselectProblem(job, file);
      if (problem) throw new Error(problem);
      await storeFileFor(job.id, file);
      await ask({ type: 'job/reselected', jobId: job.id });
    });
  };

  const copyCaption = () =>
    void act('copy', async () => {
      await navigator.clipboard.writeText(captionFor(job));
      setCopied(true);
    });

  const sourceUrl = job.source.kind === 'url' ? job.source.url : undefined;

  return (
    <li
      class={`job tone-${tone}`}
      data-testid="job"
      data-job-id={job.id}
      data-account-id={job.accountId}
      data-status={job.status}
      data-route={job.route}
      data-progress={String(progressValue(job))}
      data-error-code={job.error?.code}
    >
      <div class="job-head">
        <span class="job-title" title={sourceUrl ?? job.title}>
          {job.title || t('jobUntitled')}
        </span>
        <StatusPill status={job.status} />
      </div>
      <div class="job-meta">
        <span class="job-source">{sourceLine(job)}</span>
        {job.route && (
          <span class="job-route" title={routeLabel(job)}>
            {job.route === 'PULL_FROM_URL' ? t('jobViaPull') : t('jobViaUpload')}
          </span>
        )}
      </div>
      <JobPreview job={job} />
      {showsProgressBar(job) && (
        <ProgressBar
          value={progressValue(job)}
          tone={tone}
          busy={BUSY_STATUSES.has(job.status)}
          label={t('jobProgressLabel', job.title)}
        />
      )}
      {line && (
        <div class="job-progress-text" data-testid="job-progress-text">
          {line}
        </div>
      )}
      {errorText && (
        <p class={`job-error tone-${tone}`} data-testid="job-error">
          {errorText}
        </p>
      )}
      <div class="job-actions">
        {actions.grant && (
          <button
            type="button"
            class="button button-primary button-small"
            data-testid="job-grant"
            disabled={pending === 'grant'}
            onClick={grant}
          >
            {t('jobAllowAccess')}
          </button>
        )}
        {actions.reselect && (
          <label class="button button-primary button-small file-button">
            {t('jobReselect')}
            <input
              type="file"
              accept={VIDEO_ACCEPT}
              class="visually-hidden"
              data-testid="job-reselect"
              disabled={pending === 'reselect'}
              onChange={(event) => reselect(event.currentTarget)}
            />
          </label>
        )}
        {actions.retry && (
          <button
            type="button"
            class="button button-small"
            data-testid="job-retry"
            disabled={pending === 'retry'}
            onClick={() => void act('retry', () => ask({ type: 'job/retry', jobId: job.id }))}
          >
            {t('jobRetry')}
          </button>
        )}
        {actions.openTikTok && (
          <a
            class="button button-primary button-small"
            data-testid="open-tiktok"
            href={tiktokInboxUrl(buildConfig.apiOrigin)}
            target="_blank"
            rel="noreferrer"
          >
            {t('jobOpenTikTok')}
          </a>
        )}
        {actions.copyCaption && (
          <button type="button" class="button button-small" data-testid="copy-caption" onClick={copyCaption}>
            {copied ? t('jobCaptionCopied') : t('jobCopyCaption')}
          </button>
        )}
        {actions.remove && (
          <button
            type="button"
            class="button button-quiet button-small"
            data-testid="job-remove"
            title={t('jobRemoveTitle')}
            disabled={pending === 'remove'}
            onClick={() => void act('remove', () => ask({ type: 'job/remove', jobId: job.id }))}
          >
            {t('jobRemove')}
          </button>
        )}
        {actions.cancel && (
          <button
            type="button"
            class="button button-quiet button-small"
            data-testid="job-cancel"
            disabled={pending === 'cancel'}
            onClick={() => void act('cancel', () => ask({ type: 'job/cancel', jobId: job.id }))}
          >
            {t('jobCancel')}
          </button>
        )}
      </div>
    </li>
  );
});
