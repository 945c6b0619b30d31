// How a job reads in the pages: its status in words, its progress line, which buttons apply.
// Pure so the rules the popup's contract depends on (e.g. when Retry exists) are unit-tested.
import { accessUrlFor } from './capture/frame-access';
import type { Job, JobStatus } from './job';
import { isTerminal } from './job';
import { t, type MessageKey } from './i18n';
import { isFinalFailure } from './job-machine';
import { captureProgressText } from './media/progress';
import { clampFraction, formatAgo, formatBytes, formatPercent, formatWait } from './format';

const STATUS_LABELS: Record<JobStatus, MessageKey> = {
  queued: 'statusQueued',
  needs_auth: 'statusNeedsAuth',
  needs_permission: 'statusNeedsPermission',
  acquiring: 'statusAcquiring',
  initializing: 'statusInitializing',
  uploading: 'statusUploading',
  processing: 'statusProcessing',
  waiting_slot: 'statusWaitingSlot',
  rate_limited: 'statusRateLimited',
  offline: 'statusOffline',
  paused: 'statusPaused',
  in_drafts: 'statusInDrafts',
  published: 'statusPublished',
  failed: 'statusFailed',
  cancelled: 'statusCancelled',
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
  return t(STATUS_LABELS[status]);
}

export function statusTone(status: JobStatus): StatusTone {
  return TONES[status];
}

/**
 * Statuses whose message the user must see: something went wrong or they are waited on. A
 * cancelled job's says whether TikTok may still deliver the draft.
 */
const ERROR_SHOWN: readonly JobStatus[] = [
  'failed',
  'cancelled',
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
const DEFAULT_MESSAGES: Partial<Record<JobStatus, MessageKey>> = {
  failed: 'defaultFailed',
  cancelled: 'defaultCancelled',
  paused: 'defaultPaused',
  needs_auth: 'defaultNeedsAuth',
  needs_permission: 'defaultNeedsPermission',
  waiting_slot: 'defaultWaitingSlot',
  rate_limited: 'defaultRateLimited',
  offline: 'defaultOffline',
};

/** The `job-error` text, or undefined when the job's status shows none. */
export function jobErrorText(job: Job): string | undefined {
  if (!ERROR_SHOWN.includes(job.status)) return undefined;
  const fallback = DEFAULT_MESSAGES[job.status];
  return job.error?.message || (fallback && t(fallback));
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
  /** Delete the finished job and its stored bytes. */
  remove: boolean;
}

export function jobActions(job: Job): JobActions {
  const finished = job.status === 'in_drafts' || job.status === 'published';
  return {
    cancel: !isTerminal(job.status),
    // A processing job whose status checks keep failing may be told to ask again now.
    retry:
      (job.status === 'failed' && !isFinalFailure(job)) ||
      job.status === 'cancelled' ||
      job.status === 'paused' ||
      (job.status === 'processing' && job.retry !== undefined),
    grant: job.status === 'needs_permission' && grantOrigins(job) !== undefined,
    reselect: job.status === 'paused' && job.source.kind === 'file',
    copyCaption: finished,
    openTikTok: job.status === 'in_drafts',
    remove: isTerminal(job.status),
  };
}

/** " · retrying in 40 s (connection dropped)" while a failed request waits to be tried again. */
export function retryNote(job: Job, now: number): string {
  if (!job.retry) return '';
  return ` · ${t('retryNote', formatWait(job.retry.at, now), job.retry.cause)}`;
}

/**
 * The match pattern to request for a job waiting on host access. The port is left out on
 * purpose: Chrome's match patterns ignore ports, and one grant per host is what the user sees.
 */
export function grantOrigins(job: Job): string[] | undefined {
  const url = accessUrlFor(job);
  return url ? [`${url.protocol}//${url.hostname}/*`] : undefined;
}

/**
 * Why a re-chosen file cannot continue a paused job, if it cannot: TikTok already holds the first
 * bytes of the original, so a different file would splice two videos together.
 */
export function reselectProblem(job: Job, file: { name: string; size: number }): string | undefined {
  if (job.source.kind !== 'file' || file.size === job.source.size) return undefined;
  return t(
    'reselectDifferent',
    file.name,
    formatBytes(file.size),
    job.source.name,
    formatBytes(job.source.size),
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
    ? t('amountOf', formatBytes(fraction * job.videoSize), formatBytes(job.videoSize))
    : formatPercent(fraction);
  const wait =
    job.notBefore && job.notBefore > now ? `, ${t('resumesNote', formatWait(job.notBefore, now))}` : '';
  switch (job.status) {
    case 'queued':
      return t('progressQueued');
    case 'acquiring':
      if (job.source.kind === 'capture' && job.source.mode !== 'blob') {
        return `${captureProgressText(job.capture ?? { done: 0, total: null })}${retryNote(job, now)}`;
      }
      if (job.source.kind === 'capture') return t('progressReadingPage', amount);
      return `${t('progressDownloading', amount)}${retryNote(job, now)}`;
    case 'initializing':
      // A local MKV/FLV/… is copied into an MP4 before TikTok is asked for a slot.
      if (job.converting) return t('progressConverting', formatPercent(fraction));
      return `${t('progressInitializing')}${retryNote(job, now)}`;
    case 'uploading':
      return `${t('progressUploading', amount)}${retryNote(job, now)}`;
    case 'processing':
      if (job.retry) {
        return t('progressProcessingRetry', formatAgo(job.retry.triedAt, now), job.retry.cause);
      }
      return job.route === 'PULL_FROM_URL' && fraction < 1
        ? t('progressPulling', formatPercent(fraction))
        : t('progressProcessing');
    case 'needs_auth':
      return t('progressNeedsAuth');
    case 'needs_permission':
      return t('progressNeedsPermission');
    case 'waiting_slot':
      return `${t('progressWaitingSlot')}${wait}`;
    case 'rate_limited':
      return `${t('progressRateLimited')}${wait}`;
    case 'offline':
      return t('progressOffline');
    case 'paused':
    case 'failed':
    case 'cancelled':
      return undefined;
    case 'in_drafts':
      return t('progressInDrafts');
    case 'published':
      return t('progressPublished');
  }
}

/** A bar only while there is progress to show: a failed or cancelled job's bar would say nothing. */
export function showsProgressBar(job: Job): boolean {
  return job.status !== 'failed' && job.status !== 'cancelled';
}

/** Where the drafts route came from, in words, for a tooltip. */
export function routeLabel(job: Job): string | undefined {
  if (job.route === 'PULL_FROM_URL') return t('routePull');
  if (job.route === 'FILE_UPLOAD') return t('routeUpload');
  return undefined;
}

/**
 * The drafts endpoint takes no caption, so the user pastes one in TikTok's editor: the title,
 * and for web videos the page or URL it came from, to credit the source.
 */
export function captionFor(job: Job): string {
  const title = job.source.kind === 'file' ? stripExtension(job.title) : job.title;
  if (job.source.kind === 'capture') return `${title}\n\n${t('captionSource', job.source.pageUrl)}`;
  if (job.source.kind === 'url') {
    const from = job.source.pageUrl || job.source.url;
    return `${title}\n\n${t('captionSource', from)}`;
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

/** Above this the popup says how much disk the extension holds (the user may want it back). */
export const STORAGE_NOTICE_BYTES = 100_000_000;

/** The `storage-used` line, or undefined while the extension holds little. */
export function storageNotice(usage: number | undefined): string | undefined {
  if (usage === undefined || !(usage > STORAGE_NOTICE_BYTES)) return undefined;
  return t('storageNotice', formatBytes(usage));
}

/** Jobs still moving or waiting: what the header counts. */
export function activeCount(jobs: readonly Job[]): number {
  return jobs.filter((job) => !isTerminal(job.status)).length;
}
