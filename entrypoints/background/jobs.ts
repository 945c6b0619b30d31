// Creating, changing, cancelling and retrying jobs. Every status change is one IndexedDB
// transaction through the pure state machine; after each, open pages hear JOBS_CHANGED, the badge
// is recounted and a finished job is announced.
import { browser } from 'wxt/browser';
import { canRetry, transition } from '@/utils/job-machine';
import { isTerminal, type Job, type JobError, type JobSource, type JobStatus } from '@/utils/job';
import { JOBS_CHANGED } from '@/utils/messages';
import { checkSourceUrl } from '@/utils/url-safety';
import { updateBadge } from './badge';
import { notifyJobEnded } from './notifications';
import { abortRunning } from './running';
import { store, urlOptions } from './services';

/** Tells open extension pages to re-read the job store; nobody listening is fine. */
export function broadcastJobsChanged(): void {
  browser.runtime.sendMessage({ type: JOBS_CHANGED }).catch(() => undefined);
}

async function announce(before: JobStatus | undefined, after: Job): Promise<void> {
  broadcastJobsChanged();
  if (before !== after.status) {
    await updateBadge(await store.list()).catch(() => undefined);
    if (isTerminal(after.status)) await notifyJobEnded(after);
    // TikTok holds the video now: free the disk (a source may be up to 4 GB). Failed and
    // cancelled jobs keep their bytes for Retry.
    if (after.status === 'in_drafts' || after.status === 'published') {
      await store.deleteBlob(after.id).catch(() => undefined);
    }
  }
}

/** Moves a job to `to` (checked by the state machine) with `patch`, in one transaction. */
export async function setStatus(id: string, to: JobStatus, patch: Partial<Job> = {}): Promise<Job> {
  let before: JobStatus | undefined;
  const job = await store.update(id, (current) => {
    before = current.status;
    return transition(current, to, patch, Date.now());
  });
  await announce(before, job);
  return job;
}

/** Fields that do not change the status (progress, the confirmed offset, a lease). */
export async function patchJob(id: string, patch: Partial<Omit<Job, 'status' | 'id'>>): Promise<Job> {
  const job = await store.update(id, (current) => ({ ...current, ...patch, updatedAt: Date.now() }));
  broadcastJobsChanged();
  return job;
}

export function failJob(id: string, error: JobError, patch: Partial<Job> = {}): Promise<Job> {
  return setStatus(id, 'failed', { ...patch, error, lease: undefined, notBefore: undefined });
}

/** A short name for the list: the file name, or the URL's last path segment. */
export function titleForUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const last = url.pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last).slice(0, 120) : url.hostname;
  } catch {
    return raw.slice(0, 120);
  }
}

function newJob(source: JobSource, id: string = crypto.randomUUID()): Job {
  const now = Date.now();
  return {
    id,
    createdAt: now,
    updatedAt: now,
    status: 'queued',
    source,
    title: source.kind === 'file' ? source.name : titleForUrl(source.url),
    progress: 0,
  };
}

/**
 * A job for a URL (menu or URL box). It is written before anything else; a URL that may never be
 * fetched ends `failed` with the reason at once, so a bad source is never a silent no-op.
 */
export async function createUrlJob(url: string, via: 'menu' | 'popup', pageUrl?: string): Promise<Job> {
  const job = newJob({ kind: 'url', url, via, ...(pageUrl ? { pageUrl } : {}) });
  await store.create(job);
  await announce(undefined, job);
  const check = checkSourceUrl(url, urlOptions);
  if (!check.ok) return failJob(job.id, { code: check.code, message: check.message });
  return job;
}

/** A job for a file the page already stored in the `blobs` store under `id`. */
export async function createFileJob(input: {
  id: string;
  name: string;
  size: number;
  type: string;
}): Promise<Job> {
  const stored = await store.getBlob(input.id);
  if (!stored) throw new Error('The file was not stored; choose it again.');
  const job: Job = {
    ...newJob({ kind: 'file', name: input.name, size: input.size, type: input.type }, input.id),
    route: 'FILE_UPLOAD',
    hasBlob: true,
    videoSize: stored.blob.size,
  };
  await store.create(job);
  await announce(undefined, job);
  return job;
}

/** A job that could not even start (e.g. no video on the page), so the user sees why. */
export async function createFailedJob(source: JobSource, error: JobError): Promise<Job> {
  const job = newJob(source);
  await store.create(job);
  await announce(undefined, job);
  return failJob(job.id, error);
}

export async function cancelJob(id: string): Promise<Job> {
  abortRunning(id);
  return setStatus(id, 'cancelled', {
    error: { code: 'cancelled', message: 'Cancelled. Press Retry to send it again.' },
    lease: undefined,
    notBefore: undefined,
  });
}

/** Upload URLs live one hour; resume on one only with time to spare. */
const UPLOAD_URL_MARGIN_MS = 2 * 60_000;

/**
 * Retry keeps the job id. If the upload URL is still valid the upload continues from the
 * server's offset (a 416 corrects it); otherwise the TikTok side starts over.
 */
/** Forgets TikTok's side of a transfer: the next init starts a new upload from byte 0. */
export const NO_UPLOAD_SESSION: Partial<Job> = {
  publishId: undefined,
  uploadUrl: undefined,
  uploadUrlExpiresAt: undefined,
  plan: undefined,
  serverOffset: undefined,
  progress: 0,
};

export async function retryJob(id: string): Promise<Job> {
  const job = await store.get(id);
  if (!job) throw new Error('That job no longer exists.');
  if (!canRetry(job.status))
    throw new Error(`A job that is ${job.status.replace('_', ' ')} cannot be retried.`);
  abortRunning(id);
  const resumable =
    job.route === 'FILE_UPLOAD' &&
    !!job.publishId &&
    !!job.uploadUrl &&
    !!job.plan &&
    (job.uploadUrlExpiresAt ?? 0) > Date.now() + UPLOAD_URL_MARGIN_MS &&
    job.tiktokStatus === undefined;
  const fresh: Partial<Job> = {
    ...NO_UPLOAD_SESSION,
    tiktokStatus: undefined,
    failReason: undefined,
    reinits: 0,
    nextPollAt: undefined,
    route: job.source.kind === 'file' ? 'FILE_UPLOAD' : undefined,
  };
  return setStatus(id, 'queued', {
    ...(resumable ? {} : fresh),
    attempts: 0,
    notBefore: undefined,
    lease: undefined,
    error: undefined,
    resumeStatus: undefined,
  });
}
