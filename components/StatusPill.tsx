import type { JobStatus } from '@/utils/job';
import { statusLabel, statusTone } from '@/utils/job-view';

export function StatusPill({ status }: { status: JobStatus }) {
  return (
    <span class={`pill tone-${statusTone(status)}`} data-testid="job-status">
      {statusLabel(status)}
    </span>
  );
}
