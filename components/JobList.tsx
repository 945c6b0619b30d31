import { t, type MessageKey } from '@/utils/i18n';
import { memo } from 'preact/compat';
import { useMemo, useState } from 'preact/hooks';
import type { Job } from '@/utils/job';
import { activeCount } from '@/utils/job-view';
import { finishedCount, JOB_FILTERS, visibleRows, type JobFilter, type StatusCounts } from '@/utils/job-list';
import { JobItem } from './JobItem';
import { ask } from './messaging';

interface Props {
  /** The page's window of jobs (components/use-jobs.ts), not the whole history. */
  jobs?: Job[];
  counts?: StatusCounts;
  filter: JobFilter;
  limit: number;
  onFilter: (filter: JobFilter) => void;
  onShowOlder: () => void;
  onError: (error: unknown) => void;
}

const FILTER_LABELS: Record<JobFilter, MessageKey> = {
  all: 'filterAll',
  active: 'filterActive',
  in_drafts: 'filterInDrafts',
  failed: 'filterFailed',
};

/**
 * Newest first, a page of 50 at a time ("Show older" adds the next), active jobs always shown.
 * Rows are keyed by job id and memoized, so a progress update re-renders one row.
 */
export const JobList = memo(function JobList({
  jobs,
  counts,
  filter,
  limit,
  onFilter,
  onShowOlder,
  onError,
}: Props) {
  const [clearing, setClearing] = useState(false);
  const view = useMemo(
    () => (jobs ? visibleRows(jobs, filter, limit, counts) : undefined),
    [jobs, filter, limit, counts],
  );
  if (!jobs || !counts || !view) return <p class="empty muted">{t('loading')}</p>;
  const active = activeCount(jobs);
  const finished = finishedCount(counts);
  const clear = async () => {
    setClearing(true);
    try {
      await ask({ type: 'jobs/clear-finished' });
    } catch (error) {
      onError(error);
    } finally {
      setClearing(false);
    }
  };
  return (
    <section class="jobs" aria-labelledby="jobs-heading">
      <h2 id="jobs-heading" class="section-title">
        {t('videosHeading')} {active > 0 && <span class="muted count">{t('inProgressCount', active)}</span>}
        {finished > 0 && (
          <button
            type="button"
            class="button button-quiet button-small clear-finished"
            data-testid="clear-finished"
            title={t('clearFinishedTitle')}
            disabled={clearing}
            onClick={() => void clear()}
          >
            {t('clearFinished')}
          </button>
        )}
      </h2>
      {counts.total > 0 && (
        <label class="job-filter muted">
          {t('filterShow')}{' '}
          <select
            data-testid="job-filter"
            value={filter}
            onChange={(event) => onFilter(event.currentTarget.value as JobFilter)}
          >
            {JOB_FILTERS.map((value) => (
              <option key={value} value={value}>
                {t(FILTER_LABELS[value])}
              </option>
            ))}
          </select>
        </label>
      )}
      {counts.total === 0 ? (
        <p class="empty muted">{t('emptyList')}</p>
      ) : view.rows.length === 0 ? (
        <p class="empty muted">{t('emptyFilter')}</p>
      ) : (
        <ul class="job-list">
          {view.rows.map((job) => (
            <JobItem key={job.id} job={job} onError={onError} />
          ))}
        </ul>
      )}
      {view.hidden > 0 && (
        <button
          type="button"
          class="button button-quiet button-small show-older"
          data-testid="show-older"
          data-hidden={String(view.hidden)}
          onClick={onShowOlder}
        >
          {t('showOlder', view.hidden)}
        </button>
      )}
    </section>
  );
});
