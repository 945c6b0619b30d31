import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { buildConfig } from '@/utils/config';
import { formatBytes } from '@/utils/format';
import type { Job, JobStatus } from '@/utils/job';
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
import { ProgressBar } from './ProgressBar';
import { StatusPill } from './StatusPill';
import { storeFileFor } from './start-jobs';

interface Props {
  job: Job;
  now: number;
  onError: (error: unknown) => void;
}

function sourceLine(job: Job): string {
  const size = job.videoSize ?? (job.source.kind === 'file' ? job.source.size : undefined);
  let where = 'Local file';
  if (job.source.kind === 'url') {
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

export function JobItem({ job, now, onError }: Props) {
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
      if (!(await request))
        throw new Error(`Access to ${origins[0]} was not granted, so this video cannot be fetched.`);
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
      data-status={job.status}
      data-route={job.route}
      data-progress={String(progressValue(job))}
    >
      <div class="job-head">
        <span class="job-title" title={sourceUrl ?? job.title}>
          {job.title || 'Untitled video'}
        </span>
        <StatusPill status={job.status} />
      </div>
      <div class="job-meta">
        <span class="job-source">{sourceLine(job)}</span>
        {job.route && (
          <span class="job-route" title={routeLabel(job)}>
            {job.route === 'PULL_FROM_URL' ? 'via TikTok pull' : 'via upload'}
          </span>
        )}
      </div>
      {showsProgressBar(job) && (
        <ProgressBar
          value={progressValue(job)}
          tone={tone}
          busy={BUSY_STATUSES.has(job.status)}
          label={`${job.title}: progress`}
        />
      )}
      {line && <div class="job-progress-text">{line}</div>}
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
            Allow access
          </button>
        )}
        {actions.reselect && (
          <label class="button button-primary button-small file-button">
            Choose the file again
            <input
              type="file"
              accept="video/*"
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
            Retry
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
            Open TikTok
          </a>
        )}
        {actions.copyCaption && (
          <button type="button" class="button button-small" data-testid="copy-caption" onClick={copyCaption}>
            {copied ? 'Copied' : 'Copy caption'}
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
            Cancel
          </button>
        )}
      </div>
    </li>
  );
}
