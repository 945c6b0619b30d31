// The job record: one per video the user sends. It lives in IndexedDB (`jobs` store) and is the
// journal: every field needed to resume after the worker or the browser dies is in here.

export const JOB_STATUSES = [
  'queued',
  'needs_auth',
  'needs_permission',
  'acquiring',
  'initializing',
  'uploading',
  'processing',
  'waiting_slot',
  'rate_limited',
  'offline',
  'paused',
  'in_drafts',
  'published',
  'failed',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: readonly JobStatus[] = ['in_drafts', 'published', 'failed', 'cancelled'];
/** Waiting on the user or on the world; the job is not lost and resumes by itself or on a click. */
export const WAITING_STATUSES: readonly JobStatus[] = [
  'needs_auth',
  'needs_permission',
  'waiting_slot',
  'rate_limited',
  'offline',
  'paused',
];

export type Route = 'PULL_FROM_URL' | 'FILE_UPLOAD';

export type JobSource =
  /** A URL from the context menu or the popup's URL box. */
  | { kind: 'url'; url: string; pageUrl?: string; via: 'menu' | 'popup' }
  /** A local file the popup stored in the `blobs` store under the job's id. */
  | { kind: 'file'; name: string; size: number; type: string; lastModified?: number };

export interface ChunkPlanRecord {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

export interface JobError {
  /** Machine-readable cause, e.g. `url_ownership_unverified`, `not_a_video`, `storage_full`. */
  code: string;
  /** What happened and what the user can do, in words. */
  message: string;
}

export interface Job {
  id: string;
  createdAt: number;
  updatedAt: number;
  status: JobStatus;
  /** The status to return to when a wait (rate_limited, offline, …) ends. */
  resumeStatus?: JobStatus;
  source: JobSource;
  /** Short human name for the list: file name or the URL's last path segment. */
  title: string;
  route?: Route;
  /** 0–1: downloaded while acquiring, TikTok-confirmed while uploading/pulling, 1 when done. */
  progress: number;
  error?: JobError;

  /** Bytes of the video once known (Content-Length, file size, or the stored blob). */
  videoSize?: number;
  mimeType?: string;
  /** Source bytes are stored in the `blobs` store under the job id. */
  hasBlob?: boolean;

  // TikTok side: the journal of the transfer.
  publishId?: string;
  uploadUrl?: string;
  uploadUrlExpiresAt?: number;
  plan?: ChunkPlanRecord;
  /** Bytes TikTok has confirmed (from Content-Range, 416, or uploaded_bytes). Never a local count. */
  serverOffset?: number;
  tiktokStatus?: string;
  failReason?: string;
  /** Times the upload URL was re-initialised; bounded to avoid an init storm. */
  reinits?: number;
  /** Consecutive retryable failures without progress (reset when the offset moves). */
  attempts?: number;
  /** Earliest time the scheduler may run this job again (backoff, Retry-After, slot wait). */
  notBefore?: number;
  /** When a status poll is next due. */
  nextPollAt?: number;
  /** A lease so two contexts never work on the same job at once. */
  lease?: { owner: string; until: number };
}

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
