// The job state machine: every status change the background makes goes through `transition`, so
// an impossible move (a finished job starting again by itself, a cancelled job uploading) is an
// exception in a test rather than a confused job in a user's list. Pure and table-driven.
import { isTerminal, WAITING_STATUSES, type Job, type JobStatus } from './job';

export const RUNNING_STATUSES: readonly JobStatus[] = [
  'acquiring',
  'initializing',
  'uploading',
  'processing',
];

export class IllegalTransition extends Error {
  constructor(
    readonly from: JobStatus,
    readonly to: JobStatus,
    reason = 'not a legal move',
  ) {
    super(`Job cannot go from ${from} to ${to}: ${reason}.`);
    this.name = 'IllegalTransition';
  }
}

const WAITS = WAITING_STATUSES;
const END = ['failed', 'cancelled'] as const satisfies readonly JobStatus[];

// Where each status may go. Same-status moves are listed for the statuses that report progress or
// re-enter themselves (a re-init, a second wait); waits may go back to any running status here and
// `transition` narrows that to the one they left.
const TABLE: Record<JobStatus, readonly JobStatus[]> = {
  queued: ['queued', ...RUNNING_STATUSES, ...WAITS, ...END],
  acquiring: ['queued', 'acquiring', 'initializing', ...WAITS, ...END],
  initializing: ['queued', 'initializing', 'acquiring', 'uploading', 'processing', ...WAITS, ...END],
  uploading: ['queued', 'uploading', 'initializing', 'acquiring', 'processing', ...WAITS, ...END],
  processing: ['queued', 'processing', 'initializing', 'in_drafts', 'published', ...WAITS, ...END],
  needs_auth: ['queued', ...RUNNING_STATUSES, ...WAITS, ...END],
  needs_permission: ['queued', ...RUNNING_STATUSES, ...WAITS, ...END],
  waiting_slot: ['queued', ...RUNNING_STATUSES, ...WAITS, ...END],
  rate_limited: ['queued', ...RUNNING_STATUSES, ...WAITS, ...END],
  offline: ['queued', ...RUNNING_STATUSES, ...WAITS, ...END],
  paused: ['queued', ...RUNNING_STATUSES, ...WAITS, ...END],
  // A draft the creator then posts is reported as PUBLISH_COMPLETE.
  in_drafts: ['published'],
  published: [],
  // Retry.
  failed: ['queued'],
  cancelled: ['queued'],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TABLE[from].includes(to);
}

export function isWaiting(status: JobStatus): boolean {
  return WAITING_STATUSES.includes(status);
}

export function isRunning(status: JobStatus): boolean {
  return RUNNING_STATUSES.includes(status);
}

/** Cancel applies to any job not finished yet. */
export function canCancel(status: JobStatus): boolean {
  return canTransition(status, 'cancelled');
}

/**
 * Retry (the user's button) restarts failed, cancelled, paused and user-blocked jobs from `queued`,
 * and makes a `processing` job whose status checks keep failing ask again now.
 */
/**
 * Failures that trying again cannot change: what the video or its page is (DRM, a live stream, a
 * forbidden host, too long, a codec or size TikTok refuses) or a record that cannot be read. The
 * popup offers no Retry for them and the background refuses one.
 */
export const FINAL_ERROR_CODES: readonly string[] = [
  'blocked_host',
  'drm_protected',
  'live_stream',
  'too_long',
  'unsupported_codec',
  'unsupported_resolution',
  'unsupported_frame_rate',
  'unsupported_container',
  'not_playable',
  'damaged_record',
];

export function isFinalFailure(job: { status: JobStatus; error?: { code: string } }): boolean {
  return job.status === 'failed' && FINAL_ERROR_CODES.includes(job.error?.code ?? '');
}

export function canRetry(status: JobStatus): boolean {
  return ['failed', 'cancelled', 'paused', 'needs_auth', 'needs_permission', 'processing'].includes(status);
}

/**
 * TikTok holds this job's whole video (201, or an accepted pull) and has not reported it failed: a
 * Retry only asks for its status. Uploading it again would make a second draft and spend one more
 * of the creator's 5 pending-draft slots.
 */
export function retryAsksStatus(job: Job): boolean {
  return job.heldByTikTok === true && !!job.publishId && job.tiktokStatus !== 'FAILED';
}

export function transition(job: Job, to: JobStatus, patch: Partial<Job>, now: number): Job {
  const from = job.status;
  if (!canTransition(from, to)) throw new IllegalTransition(from, to);
  if (isWaiting(from) && isRunning(to) && job.resumeStatus !== undefined && to !== job.resumeStatus) {
    throw new IllegalTransition(from, to, `a wait returns to queued or to ${job.resumeStatus}`);
  }

  const next: Job = { ...job, ...patch, status: to, updatedAt: now };

  if (isWaiting(to)) {
    // Remember the running status to come back to; a wait entered from another wait keeps the
    // original one, and a wait entered from queued returns to queued (no resumeStatus).
    if (patch.resumeStatus === undefined) {
      next.resumeStatus = isRunning(from) ? from : isWaiting(from) ? job.resumeStatus : undefined;
    }
  } else if (!('resumeStatus' in patch)) {
    next.resumeStatus = undefined;
  }

  // A pending retry belongs to the step that failed; in another status it would be stale.
  if (from !== to && !('retry' in patch)) next.retry = undefined;

  // A wait keeps its explanation (it tells the user what to do); leaving it, the error is stale.
  if (!isWaiting(to) && patch.error === undefined) next.error = undefined;

  if (to === 'in_drafts' || to === 'published') next.progress = 1;
  return next;
}

/** Jobs still on their way: the badge count. */
export function activeCount(jobs: Job[]): number {
  return jobs.filter((job) => !isTerminal(job.status)).length;
}

/**
 * What a cancel says. Once TikTok has the whole video, cancelling cannot take it back: TikTok may
 * still put the draft in the inbox, and the words must say so.
 */
export function cancelMessage(job: Job | undefined): string {
  if (job && retryAsksStatus(job)) {
    return 'Cancelled, but TikTok already has the video and may still put it in your drafts: nothing more is sent, and a draft that arrives is yours to delete in TikTok. Press Retry to check its status.';
  }
  return 'Cancelled; its stored copy was deleted. Press Retry to send it again.';
}
