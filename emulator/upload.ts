/** The upload_url PUT: one planned chunk at a time, each checked against the plan and the progress. */
import { parseContentRange, plannedRange, progressRange } from './chunk-rules';
import type { Ctx } from './context';
import { truncateTo, writeStreamAt } from './disk';
import { checkVideoFile } from './format';
import { drain, logId, mediaType, type Reply } from './http';
import { startProcessing, type UploadRecord } from './uploads';

export const UPLOAD_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'];

function answer(status: number, upload: UploadRecord | undefined, code: string, message: string): Reply {
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8' };
  if (upload?.plan) headers['Content-Range'] = progressRange(upload.receivedBytes, upload.plan.videoSize);
  const body =
    status === 206 || status === 201 ? '' : JSON.stringify({ error: { code, message, log_id: logId() } });
  return { status, headers, body, errorCode: code === 'ok' ? undefined : code };
}

/** Finds the upload a PUT names; wrong or missing upload_token is as good as unknown. */
export function findUpload(ctx: Ctx): UploadRecord | undefined {
  const m = /^\/upload\/([^/]+)$/.exec(ctx.url.pathname);
  const publishId = m ? ctx.state.uploadIds.get(m[1]) : undefined;
  const upload = publishId ? ctx.state.uploads.get(publishId) : undefined;
  if (upload) ctx.note.publishId = upload.publishId;
  return upload && upload.uploadToken === ctx.url.searchParams.get('upload_token') ? upload : undefined;
}

/** Checks the headers against the plan; on success returns the range this body must fill. */
function checkHeaders(
  ctx: Ctx,
  upload: UploadRecord,
): Reply | { first: number; last: number; length: number } {
  const plan = upload.plan!;
  if (!UPLOAD_TYPES.includes(mediaType(ctx.req))) {
    return answer(400, upload, 'invalid_param', `Content-Type must be one of ${UPLOAD_TYPES.join(', ')}`);
  }
  const lengthHeader = ctx.req.headers['content-length'];
  if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader)) {
    return answer(400, upload, 'invalid_param', 'Content-Length is required');
  }
  const range = parseContentRange(ctx.req.headers['content-range']);
  if (!range) return answer(400, upload, 'invalid_param', 'Content-Range must be bytes FIRST-LAST/TOTAL');
  const length = Number(lengthHeader);
  if (length !== range.last - range.first + 1) {
    return answer(400, upload, 'invalid_param', 'Content-Length does not match Content-Range');
  }
  const next = plannedRange(plan, upload.chunksAccepted);
  const inOrder =
    upload.chunksAccepted < plan.totalChunkCount &&
    !upload.busy &&
    range.total === plan.videoSize &&
    range.first === next.first &&
    range.last === next.last;
  if (!inOrder)
    return answer(416, upload, 'range_not_satisfiable', 'Content-Range does not match the upload progress');
  return { first: range.first, last: range.last, length };
}

/**
 * Receives one chunk. A body that breaks off leaves the progress at the last complete chunk: the
 * partial bytes are cut from the file and the committed hash is untouched (the chunk used a copy).
 */
export async function putChunk(ctx: Ctx): Promise<Reply> {
  const { state } = ctx;
  const upload = findUpload(ctx);
  if (!upload || !upload.plan || !upload.hash) {
    await drain(ctx.req);
    return answer(404, undefined, 'not_found', 'No upload task for this upload_url');
  }
  upload.puts += 1;
  if (upload.uploadExpiresAt !== undefined && state.now() >= upload.uploadExpiresAt) {
    await drain(ctx.req);
    return answer(403, upload, 'upload_url_expired', 'The upload_url has expired');
  }
  const checked = checkHeaders(ctx, upload);
  if ('status' in checked) {
    await drain(ctx.req);
    return checked;
  }
  upload.busy = true;
  const chunkHash = upload.hash.copy();
  const start = upload.receivedBytes;
  let written: number;
  try {
    written = await writeStreamAt(ctx.req, upload.filePath, start, chunkHash);
  } catch {
    await truncateTo(upload.filePath, start);
    return answer(400, upload, 'invalid_param', 'The body ended before Content-Length bytes arrived');
  } finally {
    upload.busy = false;
  }
  if (written !== checked.length) {
    await truncateTo(upload.filePath, start);
    return answer(400, upload, 'invalid_param', 'The body length does not match Content-Length');
  }
  upload.hash = chunkHash;
  upload.receivedBytes = checked.last + 1;
  upload.chunksAccepted += 1;
  upload.contentType ??= mediaType(ctx.req);
  if (upload.chunksAccepted < upload.plan.totalChunkCount) return answer(206, upload, 'ok', '');

  upload.sha256 = chunkHash.digest('hex');
  // The Content-Type of the PUTs names the container: bytes of another (or unreadable) fail.
  const format = await checkVideoFile(upload.filePath, upload.contentType);
  if (format.ok) upload.contentType = format.container;
  else upload.formatProblem = format.problem;
  startProcessing(
    upload,
    state.now(),
    state.config.processingDelayMs,
    format.ok ? { ok: true } : { ok: false, reason: format.reason ?? 'file_format_check_failed' },
  );
  return answer(201, upload, 'ok', '');
}
