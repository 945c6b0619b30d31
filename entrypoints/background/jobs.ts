// Creating, changing, cancelling and retrying jobs. Every status change is one IndexedDB
// transaction through the pure state machine; after each, open pages hear JOBS_CHANGED, the badge
// is recounted and a finished job is announced.
import { cancelMessage, canRetry, isFinalFailure, retryAsksStatus, transition } from '@/utils/job-machine';
import {
  isTerminal,
  type CaptureSource,
  type Job,
  type JobError,
  type JobSource,
  type JobStatus,
} from '@/utils/job';
import { checkSourceUrl } from '@/utils/url-safety';
import { updateBadge } from './badge';
import { broadcastJobsChanged } from './broadcast';
import { notifyJobEnded } from './notifications';
import { abortRunning } from './running';
import { deps } from './deps';
import { deleteSource } from './source-bytes';
import { t } from '@/utils/i18n';
import { armWatchdog } from './watchdog';

export { broadcastJobsChanged } from './broadcast';

async function announce(before: JobStatus | undefined, after: Job): Promise<void> {
  broadcastJobsChanged([after.id]);
  if (before !== after.status) {
    const why = after.error ? ` — ${after.error.code}: ${after.error.message}` : '';
    deps().note({ kind: 'job', jobId: after.id, text: `${before ?? 'new'} → ${after.status}${why}` });
    await updateBadge(await deps().store.list()).catch(() => undefined);
    if (isTerminal(after.status)) await notifyJobEnded(after);
    // Free the disk at once (a source may be up to 4 GB) when TikTok has the draft or the user
    // cancelled. Failed jobs keep their bytes for Retry, for 7 days at most (disk.ts).
    if (after.status === 'in_drafts' || after.status === 'published' || after.status === 'cancelled') {
      await deleteSource(after).catch(() => undefined);
    }
    // A cancelled capture is captured again on Retry: forget the deleted output's name.
    if (after.status === 'cancelled' && after.opfsFile) {
      const { store } = deps();
      await store.update(after.id, (job) => ({ ...job, opfsFile: undefined })).catch(() => undefined);
    }
  }
}

/** Moves a job to `to` (checked by the state machine) with `patch`, in one transaction. */
export async function setStatus(id: string, to: JobStatus, patch: Partial<Job> = {}): Promise<Job> {
  let before: JobStatus | undefined;
  const job = await deps().store.update(id, (current) => {
    before = current.status;
    return transition(current, to, patch, deps().now());
  });
  await announce(before, job);
  return job;
}

/** Fields that do not change the status (progress, the confirmed offset, a lease). */
export async function patchJob(id: string, patch: Partial<Omit<Job, 'status' | 'id'>>): Promise<Job> {
  const job = await deps().store.update(id, (current) => ({ ...current, ...patch, updatedAt: deps().now() }));
  broadcastJobsChanged([id]);
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

/**
 * The account a new job goes to: the one the page showed as the target (it must still be
 * connected), else the target account, or none yet (it takes one when it runs).
 */
async function accountForNewJob(chosen: string | undefined): Promise<string | undefined> {
  if (chosen === undefined) return (await deps().accounts.target())?.openId;
  if (!(await deps().accounts.find(chosen))) throw new Error(t('jobsAccountGone'));
  return chosen;
}

async function newJob(source: JobSource, id: string = crypto.randomUUID(), chosen?: string): Promise<Job> {
  const now = deps().now();
  const accountId = await accountForNewJob(chosen);
  return {
    id,
    ...(accountId ? { accountId } : {}),
    createdAt: now,
    updatedAt: now,
    status: 'queued',
    source,
    title:
      source.kind === 'file'
        ? source.name
        : titleForUrl(source.kind === 'capture' ? source.pageUrl : source.url),
    progress: 0,
  };
}

/** Writes a new job, the scheduler's alarm armed first (watchdog.ts). */
async function storeNewJob(job: Job): Promise<void> {
  await armWatchdog();
  await deps().store.create(job);
}

/**
 * A job for a URL (menu or URL box). It is written before anything else; a URL that may never be
 * fetched ends `failed` with the reason at once, so a bad source is never a silent no-op.
 */
export async function createUrlJob(
  url: string,
  via: 'menu' | 'popup' | 'shortcut',
  pageUrl?: string,
  accountId?: string,
): Promise<Job> {
  const job = await newJob({ kind: 'url', url, via, ...(pageUrl ? { pageUrl } : {}) }, undefined, accountId);
  await storeNewJob(job);
  await announce(undefined, job);
  const check = checkSourceUrl(url, deps().urlOptions);
  if (!check.ok) return failJob(job.id, { code: check.code, message: check.message });
  return job;
}

/** A job for the video a page plays from a `blob:` URL, titled after the page. */
export async function createCaptureJob(source: CaptureSource, title: string): Promise<Job> {
  const job: Job = { ...(await newJob(source)), route: 'FILE_UPLOAD' };
  if (title.trim()) job.title = title.trim().slice(0, 120);
  await storeNewJob(job);
  await announce(undefined, job);
  return job;
}

/** A job for a file the page already stored in the `blobs` store under `id`. */
export async function createFileJob(input: {
  id: string;
  name: string;
  size: number;
  type: string;
  accountId?: string;
}): Promise<Job> {
  const stored = await deps().store.getBlob(input.id);
  if (!stored) throw new Error(t('fileNotStored'));
  const job: Job = {
    ...(await newJob(
      { kind: 'file', name: input.name, size: input.size, type: input.type },
      input.id,
      input.accountId,
    )),
    route: 'FILE_UPLOAD',
    hasBlob: true,
    videoSize: stored.blob.size,
  };
  await storeNewJob(job);
  await announce(undefined, job);
  return job;
}

/** A job that could not even start (e.g. no video on the page), so the user sees why. */
export async function createFailedJob(source: JobSource, error: JobError): Promise<Job> {
  const job = await newJob(source);
  await storeNewJob(job);
  await announce(undefined, job);
  return failJob(job.id, error);
}

export async function cancelJob(id: string): Promise<Job> {
  abortRunning(id);
  const job = await deps().store.get(id);
  return setStatus(id, 'cancelled', {
    error: { code: 'cancelled', message: cancelMessage(job) },
    lease: undefined,
    notBefore: undefined,
    hasBlob: false,
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
  heldByTikTok: undefined,
  publishId: undefined,
  uploadUrl: undefined,
  uploadUrlExpiresAt: undefined,
  plan: undefined,
  serverOffset: undefined,
  progress: 0,
};

export async function retryJob(id: string): Promise<Job> {
  const job = await deps().store.get(id);
  if (!job) throw new Error(t('jobGone'));
  if (!canRetry(job.status)) throw new Error(t('jobNotRetriable', job.status.replace('_', ' ')));
  if (isFinalFailure(job)) throw new Error(t('jobFinalFailure'));
  if (job.status === 'processing') {
    // TikTok has the video and the status checks keep failing: ask again now, upload nothing.
    return patchJob(id, { nextPollAt: deps().now() });
  }
  abortRunning(id);
  if (retryAsksStatus(job)) {
    // TikTok holds the video: prepare() sends the job back to asking for its status.
    return setStatus(id, 'queued', {
      attempts: 0,
      notBefore: undefined,
      nextPollAt: undefined,
      lease: undefined,
      error: undefined,
      resumeStatus: undefined,
    });
  }
  const resumable =
    job.route === 'FILE_UPLOAD' &&
    !!job.publishId &&
    !!job.uploadUrl &&
    !!job.plan &&
    (job.uploadUrlExpiresAt ?? 0) > deps().now() + UPLOAD_URL_MARGIN_MS &&
    job.tiktokStatus === undefined;
  const fresh: Partial<Job> = {
    ...NO_UPLOAD_SESSION,
    tiktokStatus: undefined,
    failReason: undefined,
    reinits: 0,
    nextPollAt: undefined,
    route: job.source.kind === 'url' ? undefined : 'FILE_UPLOAD',
    // Checked again: a refused video's facts were kept for its row, not as a pass.
    preflight: undefined,
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
