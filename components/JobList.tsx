import type { Job } from '@/utils/job';
import { activeCount } from '@/utils/job-view';
import { JobItem } from './JobItem';

interface Props {
  jobs?: Job[];
  now: number;
  onError: (error: unknown) => void;
}

/** Newest first, as the store's index returns them reversed. */
export function JobList({ jobs, now, onError }: Props) {
  if (!jobs) return <p class="empty muted">Loading…</p>;
  const active = activeCount(jobs);
  return (
    <section class="jobs" aria-labelledby="jobs-heading">
      <h2 id="jobs-heading" class="section-title">
        Videos {active > 0 && <span class="muted count">{active} in progress</span>}
      </h2>
      {jobs.length === 0 ? (
        <p class="empty muted">
          Nothing sent yet. Choose a file, paste a link, or right-click a video on any page.
        </p>
      ) : (
        <ul class="job-list">
          {jobs.map((job) => (
            <JobItem key={job.id} job={job} now={now} onError={onError} />
          ))}
        </ul>
      )}
    </section>
  );
}
