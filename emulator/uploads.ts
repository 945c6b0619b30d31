/** A draft's life inside the emulator: its record, how its status moves on, what tests may read. */
import type { Hash } from 'node:crypto';
import type { ChunkPlan } from './chunk-rules';

export type UploadStatus =
  'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED';

export type DraftState = 'pending' | 'posted' | 'deleted';

export interface UploadRecord {
  publishId: string;
  openId: string;
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  status: UploadStatus;
  failReason?: string;
  state: DraftState;
  createdAt: number;
  filePath: string;
  /** Set once all bytes are in: when processing ends and how. */
  processingEndsAt?: number;
  processingOutcome?: { ok: true } | { ok: false; reason: string };
  sha256?: string;
  /** Type of the stored bytes, for serving them on the inbox page. */
  contentType?: string;
  /** Why the format check refused the bytes (file_format_check_failed), for the control API. */
  formatProblem?: string;
  // FILE_UPLOAD
  plan?: ChunkPlan;
  uploadId?: string;
  uploadToken?: string;
  uploadExpiresAt?: number;
  receivedBytes: number;
  puts: number;
  chunksAccepted: number;
  /** SHA-256 of the bytes committed so far; a failed chunk works on a copy. */
  hash?: Hash;
  /** A PUT is being received: chunks go one at a time. */
  busy: boolean;
  // PULL_FROM_URL
  videoUrl?: string;
  downloadedBytes: number;
}

/** The bytes are all in: processing starts and its outcome is fixed now, revealed after the delay. */
export function startProcessing(
  upload: UploadRecord,
  now: number,
  delayMs: number,
  outcome: { ok: true } | { ok: false; reason: string },
): void {
  upload.processingEndsAt = now + delayMs;
  upload.processingOutcome = outcome;
}

export function fail(upload: UploadRecord, reason: string): void {
  upload.status = 'FAILED';
  upload.failReason = reason;
}

/** Moves a record on to where time has taken it (processing is lazy: no timers to clean up). */
export function settle(upload: UploadRecord, now: number): UploadRecord {
  if (
    upload.status !== 'FAILED' &&
    upload.processingEndsAt !== undefined &&
    now >= upload.processingEndsAt &&
    upload.processingOutcome
  ) {
    const outcome = upload.processingOutcome;
    upload.processingEndsAt = undefined;
    upload.processingOutcome = undefined;
    if (outcome.ok) upload.status = 'SEND_TO_USER_INBOX';
    else fail(upload, outcome.reason);
  }
  if (upload.state === 'posted' && upload.status === 'SEND_TO_USER_INBOX') upload.status = 'PUBLISH_COMPLETE';
  return upload;
}

/**
 * TikTok: "at most 5 pending shares within 24 hours" — a draft counts from its init until the
 * creator posts or deletes it, or this long has passed, whichever comes first.
 */
export const PENDING_WINDOW_MS = 24 * 60 * 60_000;

/**
 * A draft holds one of the creator's pending slots from init until they post or delete it or 24 h
 * pass, unless it failed, or its upload URL lapsed before all bytes arrived (nothing will ever
 * reach the inbox).
 */
export function holdsPendingSlot(upload: UploadRecord, now: number): boolean {
  if (upload.state !== 'pending' || upload.status === 'FAILED') return false;
  if (now - upload.createdAt >= PENDING_WINDOW_MS) return false;
  const abandoned =
    upload.source === 'FILE_UPLOAD' &&
    upload.status === 'PROCESSING_UPLOAD' &&
    upload.processingEndsAt === undefined &&
    upload.uploadExpiresAt !== undefined &&
    now >= upload.uploadExpiresAt;
  return !abandoned;
}

export function isComplete(upload: UploadRecord): boolean {
  return upload.sha256 !== undefined;
}

/** What the control API shows (CONTRACT.md `Upload`). */
export function uploadView(upload: UploadRecord, baseUrl: string) {
  return {
    publishId: upload.publishId,
    openId: upload.openId,
    source: upload.source,
    status: upload.status,
    failReason: upload.failReason,
    formatProblem: upload.formatProblem,
    videoSize: upload.plan?.videoSize,
    chunkSize: upload.plan?.chunkSize,
    totalChunkCount: upload.plan?.totalChunkCount,
    receivedBytes: upload.source === 'FILE_UPLOAD' ? upload.receivedBytes : upload.downloadedBytes,
    downloadedBytes: upload.downloadedBytes,
    puts: upload.puts,
    chunksAccepted: upload.chunksAccepted,
    sha256: upload.sha256,
    videoUrl: upload.videoUrl,
    contentUrl: isComplete(upload)
      ? `${baseUrl}/inbox/${encodeURIComponent(upload.publishId)}/video`
      : undefined,
    inboxUrl: `${baseUrl}/inbox#${encodeURIComponent(upload.publishId)}`,
    uploadExpiresAt: upload.uploadExpiresAt,
    createdAt: upload.createdAt,
    state: upload.state,
  };
}
