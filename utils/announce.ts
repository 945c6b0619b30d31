// What a screen reader hears when jobs move on: one short polite sentence per change, so a user
// who is not looking at the list learns that a video reached the drafts or failed, without the
// every-second progress updates being read out.
import type { Job, JobStatus } from './job';
import { statusLabel } from './job-view';

/** The statuses worth announcing: arrivals, failures and waits that need the user. */
const ANNOUNCED: readonly JobStatus[] = [
  'in_drafts',
  'published',
  'failed',
  'cancelled',
  'needs_auth',
  'needs_permission',
  'paused',
  'waiting_slot',
  'offline',
];

/**
 * The sentence for the jobs whose status changed since `previous` (id → status), or '' when none
 * did; jobs not seen before (the first render, a page of older ones) are not announced.
 */
export function announcement(previous: ReadonlyMap<string, JobStatus>, jobs: readonly Job[]): string {
  const parts: string[] = [];
  for (const job of jobs) {
    const before = previous.get(job.id);
    if (before === undefined || before === job.status || !ANNOUNCED.includes(job.status)) continue;
    parts.push(`${job.title}: ${statusLabel(job.status)}.`);
  }
  return parts.slice(0, 3).join(' ') + (parts.length > 3 ? ` And ${parts.length - 3} more.` : '');
}
