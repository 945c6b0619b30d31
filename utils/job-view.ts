// How a job reads in the pages: its status in words, its progress line, which buttons apply.
// Pure so the rules the popup's contract depends on (e.g. when Retry exists) are unit-tested.
import type { Job, JobStatus } from './job';
import { isTerminal } from './job';
import { clampFraction, formatBytes, formatPercent, formatWait } from './format';

export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Queued',
  needs_auth: 'Sign-in needed',
  needs_permission: 'Access needed',
  acquiring: 'Downloading',
  initializing: 'Starting upload',
  uploading: 'Uploading',
  processing: 'Processing',
  waiting_slot: 'Waiting for a slot',
  rate_limited: 'Rate limited',
  offline: 'Offline',
  paused: 'Paused',
  in_drafts: 'In drafts',
  published: 'Published',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Colour family of a status: what the user should feel, not which state it is. */
export type StatusTone = 'neutral' | 'active' | 'waiting' | 'success' | 'danger' | 'muted';

const TONES: Record<JobStatus, StatusTone> = {
  queued: 'neutral',
  needs_auth: 'waiting',
  needs_permission: 'waiting',
  acquiring: 'active',
  initializing: 'active',
  uploading: 'active',
  processing: 'active',
  waiting_slot: 'waiting',
  rate_limited: 'waiting',
  offline: 'waiting',
  paused: 'waiting',
  in_drafts: 'success',
  published: 'success',
  failed: 'danger',
  cancelled: 'muted',
};

export function statusLabel(status: JobStatus): string {
  return STATUS_LABELS[status];
}

export function statusTone(status: JobStatus): StatusTone {
  return TONES[status];
}

/** Statuses whose message the user must see: something went wrong or they are waited on. */
const ERROR_SHOWN: readonly JobStatus[] = [
  'failed',
  'paused',
  'needs_auth',
  'needs_permission',
  'waiting_slot',
  'rate_limited',
  'offline',
];

/**
 * Used when the background set no message of its own, so a waiting job still says what
 * ends the wait.
 */
const DEFAULT_MESSAGES: Partial<Record<JobStatus, string>> = {
  failed: 'The job failed. Press Retry to try again.',
  paused: 'Paused. Press Retry to continue.',
  needs_auth: 'Connect your TikTok account to continue.',
  needs_permission: 'Allow access to the site that serves this video to continue.',
  waiting_slot: 'TikTok holds 5 pending drafts at most; this one waits until one is posted or deleted.',
  rate_limited: 'TikTok asked to slow down; this job continues by itself.',
  offline: 'You are offline; this job continues when the connection is back.',
};

/** The `job-error` text, or undefined when the job's status shows none. */
export function jobErrorText(job: Job): string | undefined {
  if (!ERROR_SHOWN.includes(job.status)) return undefined;
  return job.error?.message || DEFAULT_MESSAGES[job.status];
}

export interface JobActions {
  cancel: boolean;
  retry: boolean;
  /** Ask for host access to the video's origin (needs a user gesture, so only pages can). */
  grant: boolean;
  /** Choose the local file again: its stored bytes are gone. */
  reselect: boolean;
  copyCaption: boolean;
  openTikTok: boolean;
}

export function jobActions(job: Job): JobActions {
  const finished = job.status === 'in_drafts' || job.status === 'published';
  return {
    cancel: !isTerminal(job.status),
    retry: job.status === 'failed' || job.status === 'cancelled' || job.status === 'paused',
    grant: job.status === 'needs_permission' && grantOrigins(job) !== undefined,
    reselect: job.status === 'paused' && job.source.kind === 'file',
    copyCaption: finished,
    openTikTok: job.status === 'in_drafts',
  };
}

/**
 * The match pattern to request for a job waiting on host access. The port is left out on
 * purpose: Chrome's match patterns ignore ports, and one grant per host is what the user sees.
 */
export function grantOrigins(job: Job): string[] | undefined {
  if (job.source.kind !== 'url') return undefined;
  let url: URL;
  try {
    url = new URL(job.source.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return [`${url.protocol}//${url.hostname}/*`];
}

/**
 * Why a re-chosen file cannot continue a paused job, if it cannot: TikTok already holds the first
 * bytes of the original, so a different file would splice two videos together.
 */
export function reselectProblem(job: Job, file: { name: string; size: number }): string | undefined {
  if (job.source.kind !== 'file' || file.size === job.source.size) return undefined;
  return (
    `“${file.name}” is ${formatBytes(file.size)}, but “${job.source.name}” was ${formatBytes(job.source.size)}: ` +
    'choose the same file, or cancel this job and send the new file on its own.'
  );
}

/** The `data-progress` attribute: 0–1, 1 once the video is in TikTok's hands. */
export function progressValue(job: Job): number {
  if (job.status === 'in_drafts' || job.status === 'published') return 1;
  return clampFraction(job.progress);
}

/** One line under the title: what is happening now, in the user's terms; none when the status pill says it all. */
export function progressText(job: Job, now: number): string | undefined {
  const fraction = progressValue(job);
  const amount = job.videoSize
    ? `${formatBytes(fraction * job.videoSize)} of ${formatBytes(job.videoSize)}`
    : formatPercent(fraction);
  const wait = job.notBefore && job.notBefore > now ? `, resumes ${formatWait(job.notBefore, now)}` : '';
  switch (job.status) {
    case 'queued':
      return 'Waiting to start';
    case 'acquiring':
      return `Downloading the video · ${amount}`;
    case 'initializing':
      return 'Asking TikTok for an upload slot';
    case 'uploading':
      return `Uploading to TikTok · ${amount}`;
    case 'processing':
      return job.route === 'PULL_FROM_URL' && fraction < 1
        ? `TikTok is fetching the video · ${formatPercent(fraction)}`
        : 'TikTok is processing the video';
    case 'needs_auth':
      return 'Waiting for you to connect TikTok';
    case 'needs_permission':
      return 'Waiting for access to the video’s site';
    case 'waiting_slot':
      return `Waiting for a free draft slot${wait}`;
    case 'rate_limited':
      return `Waiting for TikTok’s rate limit${wait}`;
    case 'offline':
      return 'Waiting for the network';
    case 'paused':
    case 'failed':
    case 'cancelled':
      return undefined;
    case 'in_drafts':
      return 'In your TikTok inbox: open TikTok to edit and post it';
    case 'published':
      return 'Posted on TikTok';
  }
}

/** A bar only while there is progress to show: a failed or cancelled job's bar would say nothing. */
export function showsProgressBar(job: Job): boolean {
  return job.status !== 'failed' && job.status !== 'cancelled';
}

/** Where the drafts route came from, in words, for a tooltip. */
export function routeLabel(job: Job): string | undefined {
  if (job.route === 'PULL_FROM_URL') return 'TikTok fetches the video from its URL';
  if (job.route === 'FILE_UPLOAD') return 'Uploaded from this browser';
  return undefined;
}

/**
 * The drafts endpoint takes no caption, so the user pastes one in TikTok's editor: the title,
 * and for web videos the page or URL it came from, to credit the source.
 */
export function captionFor(job: Job): string {
  const title = job.source.kind === 'file' ? stripExtension(job.title) : job.title;
  if (job.source.kind === 'url') {
    const from = job.source.pageUrl || job.source.url;
    return `${title}\n\nSource: ${from}`;
  }
  return title;
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The default API origin means the real TikTok; any other is the local emulator, which lists drafts at /inbox. */
export function tiktokInboxUrl(apiOrigin: string): string {
  if (apiOrigin === 'https://open.tiktokapis.com') return 'https://www.tiktok.com/';
  return new URL('/inbox', apiOrigin).href;
}

/** Newest first, the order the popup lists jobs in; ties broken by id so the order is stable. */
export function sortNewestFirst(jobs: readonly Job[]): Job[] {
  return [...jobs].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Jobs still moving or waiting: what the header counts. */
export function activeCount(jobs: readonly Job[]): number {
  return jobs.filter((job) => !isTerminal(job.status)).length;
}
