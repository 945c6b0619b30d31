// The job record: one per video the user sends. It lives in IndexedDB (`jobs` store) and is the
// journal: every field needed to resume after the worker or the browser dies is in here.
import type { VideoMetadata } from './media/preflight';

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
  /** A URL from the context menu, the popup's URL box or the keyboard shortcut. */
  | { kind: 'url'; url: string; pageUrl?: string; via: 'menu' | 'popup' | 'shortcut' }
  /** A local file the popup stored in the `blobs` store under the job's id. */
  | { kind: 'file'; name: string; size: number; type: string; lastModified?: number }
  /** The video a page is playing from a `blob:` URL, read or captured through the page's frame. */
  | CaptureSource;

/**
 * What capture needs to find the video again: the tab and frame it plays in (fetches go through
 * that frame, so the page's cookies, Referer and CORS apply), the `blob:` URL the `<video>` played,
 * and for a Media Source player the manifest the probe found.
 */
export interface CaptureSource {
  kind: 'capture';
  mode: 'blob' | 'hls' | 'dash';
  pageUrl: string;
  tabId: number;
  frameId: number;
  frameUrl: string;
  /** The `<video>`'s `currentSrc` (a `blob:` URL) at the click. */
  srcUrl: string;
  manifestUrl?: string;
  /** Seconds, from the `<video>` at the click. */
  duration?: number;
  /**
   * The click was in a cross-origin frame the extension could not read yet: `mode` is a
   * placeholder until the frame's origin is granted, then the frame is probed and decided.
   */
  undecided?: boolean;
}

/**
 * What the pre-flight read from the video before the init (issue 10), shown on the job's row:
 * the container and codecs, the picture, the frame rate and the duration, one frame as a small
 * JPEG, and a warning that does not stop the job (over 3 minutes).
 */
export interface JobPreflight extends VideoMetadata {
  /** `data:image/jpeg;base64,…`, ~160 px wide. */
  thumbnail?: string;
  warning?: string;
  /** The container the file came in when it was remuxed into an MP4 before sending. */
  remuxedFrom?: string;
}

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

/** A retry the job is waiting for after a failed request: shown as "retrying in 40 s (connection dropped)". */
export interface PendingRetry {
  /** When the next try is due. */
  at: number;
  /** The failure in words: "connection dropped", "timed out", "TikTok answered 503". */
  cause: string;
  /** When the failed try happened. */
  triedAt: number;
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
  /**
   * TikTok's open_id of the account the draft goes to (utils/accounts.ts). Unset only for a job
   * made while no account was connected: it takes the target account when it first runs.
   */
  accountId?: string;
  /** When TikTok accepted the init: the draft holds one of the account's 5 slots for 24 h from here. */
  sentAt?: number;
  /** 0–1: downloaded while acquiring, TikTok-confirmed while uploading/pulling, 1 when done. */
  progress: number;
  error?: JobError;

  /** Bytes of the video once known (Content-Length, file size, or the stored blob). */
  videoSize?: number;
  mimeType?: string;
  /** Source bytes are stored in the `blobs` store under the job id. */
  hasBlob?: boolean;
  /**
   * Set when a URL source is piped into the upload (no stored copy): the validators its first
   * answer carried, which every later `Range` request must match.
   */
  piped?: { etag?: string; lastModified?: string };
  /** Source bytes are in the origin-private file system under this name (a captured stream). */
  opfsFile?: string;
  /** Set once the pre-flight passed (a refused video fails instead); absent: not checked yet. */
  preflight?: JobPreflight;
  /** While a stream is captured: segments fetched and their total, for "12 of 40 segments". */
  capture?: { done: number; total: number };
  /**
   * While a stored file is converted to MP4 before its init (an MKV, FLV, …): `progress` is then
   * the share converted, shown as "Converting to MP4 · 40%".
   */
  converting?: boolean;

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
  /**
   * When the job last made progress (TikTok confirmed bytes, a step succeeded), or when the
   * failures since began: the retry budget is the time since then, kept here so it survives
   * worker restarts.
   */
  lastProgressAt?: number;
  /** The retry being waited for, if the last request failed; cleared by the next success. */
  retry?: PendingRetry;
  /**
   * TikTok holds the whole video (the last chunk's 201, or an accepted pull init): from here on the
   * job only asks for its status, and a Retry asks again instead of uploading a second draft.
   */
  heldByTikTok?: boolean;
  /** Earliest time the scheduler may run this job again (backoff, Retry-After, slot wait). */
  notBefore?: number;
  /** When a status poll is next due. */
  nextPollAt?: number;
  /** A lease so two contexts never work on the same job at once. */
  lease?: { owner: string; until: number; at?: number };
}

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
