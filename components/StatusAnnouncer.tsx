import { useEffect, useRef, useState } from 'preact/hooks';
import { announcement } from '@/utils/announce';
import type { Job, JobStatus } from '@/utils/job';

/** A polite live region that says which jobs reached the drafts, failed or wait for the user. */
export function StatusAnnouncer({ jobs }: { jobs?: Job[] }) {
  const seen = useRef<Map<string, JobStatus> | undefined>(undefined);
  const [text, setText] = useState('');
  useEffect(() => {
    if (!jobs) return;
    if (seen.current) {
      const said = announcement(seen.current, jobs);
      if (said) setText(said);
    }
    seen.current = new Map(jobs.map((job) => [job.id, job.status]));
  }, [jobs]);
  return (
    <div class="visually-hidden" aria-live="polite" role="status" data-testid="status-announcer">
      {text}
    </div>
  );
}
