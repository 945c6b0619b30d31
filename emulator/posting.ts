/** The Content Posting API's drafts endpoints: inbox video init and status fetch. */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chunkPlanViolation, type ChunkPlan } from './chunk-rules';
import type { Ctx } from './context';
import {
  apiError,
  apiReply,
  bearer,
  BodyTooLarge,
  digits,
  mediaType,
  readSmallBody,
  token,
  type Reply,
} from './http';
import { authenticate, isGrant } from './oauth';
import { runPull } from './pull';
import type { Grant } from './state';
import { holdsPendingSlot, settle, type UploadRecord } from './uploads';
import { pullUrlVerified } from './url-ownership';

const CHUNK_SIZE_INVALID = 'The chunk size is invalid';

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; reply: Reply };

async function readJsonObject(ctx: Ctx): Promise<Parsed> {
  if (mediaType(ctx.req) !== 'application/json') {
    return { ok: false, reply: apiError(400, 'invalid_param', 'Content-Type must be application/json') };
  }
  let text: string;
  try {
    text = await readSmallBody(ctx.req);
  } catch (e) {
    if (e instanceof BodyTooLarge)
      return { ok: false, reply: apiError(400, 'invalid_param', 'Request body too large') };
    throw e;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { ok: true, value: value as Record<string, unknown> };
    }
  } catch {
    // falls through to the same answer as a non-object
  }
  return { ok: false, reply: apiError(400, 'invalid_param', 'The request body must be a JSON object') };
}

/**
 * Auth, then the window of this access token (TikTok documents its limits "per user access_token":
 * a second token, another account's or a refreshed one, has its own). Every authenticated request
 * counts, valid or not.
 */
function admit(ctx: Ctx, scopes: string[], kind: 'init' | 'status'): Grant | Reply {
  const grant = authenticate(ctx, scopes);
  if (!isGrant(grant)) return grant;
  const { config } = ctx.state;
  const [windows, limit] =
    kind === 'init'
      ? [ctx.state.initWindows, config.initPerMinute]
      : [ctx.state.statusWindows, config.statusPerMinute];
  const admission = windows.admit(bearer(ctx.req) ?? grant.openId, limit, ctx.state.now());
  if (!admission.ok) {
    return apiError(429, 'rate_limit_exceeded', 'The API rate limit was exceeded. Please try again later.', {
      'Retry-After': String(admission.retryAfterSec),
    });
  }
  return grant;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

type SourceCheck =
  | { ok: true; source: 'FILE_UPLOAD'; plan: ChunkPlan }
  | { ok: true; source: 'PULL_FROM_URL'; url: URL }
  | { ok: false; reply: Reply };

/** Validates `source_info`: shapes first (invalid_param), then the chunk rules (invalid_params). */
export function checkSourceInfo(body: Record<string, unknown>): SourceCheck {
  const info = body.source_info;
  if (typeof info !== 'object' || info === null || Array.isArray(info)) {
    return { ok: false, reply: apiError(400, 'invalid_param', 'source_info is required') };
  }
  const s = info as Record<string, unknown>;
  if (s.source === 'FILE_UPLOAD') {
    const { video_size, chunk_size, total_chunk_count } = s;
    if (!isCount(video_size) || !isCount(chunk_size) || !isCount(total_chunk_count)) {
      return {
        ok: false,
        reply: apiError(
          400,
          'invalid_param',
          'video_size, chunk_size and total_chunk_count must be positive integers',
        ),
      };
    }
    const plan = { videoSize: video_size, chunkSize: chunk_size, totalChunkCount: total_chunk_count };
    if (chunkPlanViolation(plan))
      return { ok: false, reply: apiError(400, 'invalid_params', CHUNK_SIZE_INVALID) };
    return { ok: true, source: 'FILE_UPLOAD', plan };
  }
  if (s.source === 'PULL_FROM_URL') {
    if (typeof s.video_url !== 'string' || !URL.canParse(s.video_url)) {
      return { ok: false, reply: apiError(400, 'invalid_param', 'video_url must be a URL') };
    }
    return { ok: true, source: 'PULL_FROM_URL', url: new URL(s.video_url) };
  }
  return { ok: false, reply: apiError(400, 'invalid_param', 'source must be FILE_UPLOAD or PULL_FROM_URL') };
}

let publishSeq = 0;

function newPublishId(kind: 'file' | 'url'): string {
  publishSeq = (publishSeq + 1) % 1000;
  return `v_inbox_${kind}~v2.${Date.now()}${String(publishSeq).padStart(3, '0')}${digits(4)}`;
}

export async function initInbox(ctx: Ctx): Promise<Reply> {
  const grant = admit(ctx, ['video.upload'], 'init');
  if (!isGrant(grant)) return grant;
  const body = await readJsonObject(ctx);
  if (!body.ok) return body.reply;
  const source = checkSourceInfo(body.value);
  if (!source.ok) return source.reply;

  const { state } = ctx;
  const now = state.now();
  const pending = [...state.uploads.values()].filter(
    (u) => u.openId === grant.openId && holdsPendingSlot(settle(u, now), now),
  ).length;
  if (pending >= state.config.pendingDraftCap) {
    return apiError(
      403,
      'spam_risk_too_many_pending_share',
      'The user has too many pending shares. They must post or delete drafts in the TikTok app first.',
    );
  }
  if (source.source === 'PULL_FROM_URL' && !pullUrlVerified(source.url, state.config)) {
    return apiError(
      403,
      'url_ownership_unverified',
      'The domain or URL prefix of video_url is not verified.',
    );
  }

  const publishId = newPublishId(source.source === 'FILE_UPLOAD' ? 'file' : 'url');
  const upload: UploadRecord = {
    publishId,
    openId: grant.openId,
    source: source.source,
    status: source.source === 'FILE_UPLOAD' ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
    state: 'pending',
    createdAt: now,
    filePath: join(state.dataDir, `${publishId.replace(/[^\w.-]/g, '_')}.bin`),
    receivedBytes: 0,
    puts: 0,
    chunksAccepted: 0,
    busy: false,
    downloadedBytes: 0,
  };
  await writeFile(upload.filePath, '');
  state.uploads.set(publishId, upload);
  ctx.note.publishId = publishId;

  if (source.source === 'PULL_FROM_URL') {
    upload.videoUrl = source.url.href;
    void runPull(state, upload, source.url);
    return apiReply(200, { publish_id: publishId });
  }
  const uploadId = digits(12);
  upload.plan = source.plan;
  upload.uploadId = uploadId;
  upload.uploadToken = token('', 18);
  upload.uploadExpiresAt = now + state.config.uploadUrlTtlSec * 1000;
  upload.hash = createHash('sha256');
  state.uploadIds.set(uploadId, publishId);
  const uploadUrl = `${ctx.baseUrl}/upload/${uploadId}?upload_token=${upload.uploadToken}`;
  return apiReply(200, { publish_id: publishId, upload_url: uploadUrl });
}

export async function fetchStatus(ctx: Ctx): Promise<Reply> {
  const grant = admit(ctx, ['video.upload', 'video.publish'], 'status');
  if (!isGrant(grant)) return grant;
  const body = await readJsonObject(ctx);
  if (!body.ok) return body.reply;
  const publishId = body.value.publish_id;
  if (typeof publishId !== 'string' || publishId === '') {
    return apiError(400, 'invalid_param', 'publish_id is required');
  }
  const upload = ctx.state.uploads.get(publishId);
  if (!upload) return apiError(400, 'invalid_publish_id', 'The publish_id does not exist.');
  ctx.note.publishId = publishId;
  if (upload.openId !== grant.openId) {
    return apiError(
      403,
      'token_not_authorized_for_specified_publish_id',
      'The access token is not authorized for this publish_id.',
    );
  }
  settle(upload, ctx.state.now());
  return apiReply(200, {
    status: upload.status,
    ...(upload.failReason ? { fail_reason: upload.failReason } : {}),
    publicaly_available_post_id: [],
    uploaded_bytes: upload.receivedBytes,
    downloaded_bytes: upload.downloadedBytes,
  });
}
