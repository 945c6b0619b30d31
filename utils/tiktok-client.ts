// HTTP transport to TikTok's Content Posting API and user info. It only speaks HTTP: the verdict on
// an answer (ok, wait, re-auth, fail) comes from utils/answers.ts, and `fetch` is injected so tests
// hand it a scripted server. Network errors are thrown as they are; callers classify them.
import { z } from 'zod';
import { classifyApiAnswer, type ApiAnswer } from './answers';
import { t } from './i18n';

export type ApiVerdict<T> = ApiAnswer<T>;

export type SourceInfo =
  | { source: 'FILE_UPLOAD'; video_size: number; chunk_size: number; total_chunk_count: number }
  | { source: 'PULL_FROM_URL'; video_url: string };

const initData = z.object({ publish_id: z.string().min(1), upload_url: z.string().optional() });
export type InitData = z.infer<typeof initData>;

const statusData = z.object({
  status: z.string(),
  fail_reason: z.string().optional().nullable(),
  uploaded_bytes: z.number().optional().nullable(),
  downloaded_bytes: z.number().optional().nullable(),
});
export type StatusData = z.infer<typeof statusData>;

const userData = z.object({
  user: z.object({
    open_id: z.string(),
    display_name: z.string().optional().default(''),
    avatar_url: z.string().optional().default(''),
  }),
});
export type UserData = z.infer<typeof userData>;

export interface PutChunkRequest {
  url: string;
  body: Blob;
  /** Inclusive byte range, as Content-Range writes it. */
  first: number;
  last: number;
  total: number;
  mimeType: string;
  signal?: AbortSignal;
}

export interface PutChunkAnswer {
  status: number;
  contentRange: string | null;
}

export interface TikTokClient {
  initInboxVideo(token: string, sourceInfo: SourceInfo, signal?: AbortSignal): Promise<ApiVerdict<InitData>>;
  fetchStatus(token: string, publishId: string, signal?: AbortSignal): Promise<ApiVerdict<StatusData>>;
  userInfo(token: string, signal?: AbortSignal): Promise<ApiVerdict<UserData>>;
  putChunk(request: PutChunkRequest): Promise<PutChunkAnswer>;
}

export function createTikTokClient(options: {
  apiOrigin: string;
  fetch: typeof fetch;
  now?: () => number;
}): TikTokClient {
  const { apiOrigin, now = Date.now } = options;
  const doFetch = options.fetch;

  async function call<T>(
    request: { path: string; method: 'GET' | 'POST'; token: string; body?: unknown; signal?: AbortSignal },
    schema: z.ZodType<T>,
  ): Promise<ApiVerdict<T>> {
    const response = await doFetch(new URL(request.path, apiOrigin).toString(), {
      method: request.method,
      headers: {
        Authorization: `Bearer ${request.token}`,
        ...(request.body === undefined ? {} : { 'Content-Type': 'application/json; charset=UTF-8' }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      credentials: 'omit',
      // The bearer token goes to TikTok's API only, never to where a redirect points.
      redirect: 'error',
      signal: request.signal,
    });
    const text = await response.text();
    const verdict = classifyApiAnswer(response.status, text, response.headers.get('Retry-After'), now());
    if (verdict.kind !== 'ok') return verdict;
    const parsed = schema.safeParse(verdict.data);
    if (parsed.success) return { kind: 'ok', data: parsed.data };
    // A 200 whose data lacks what the endpoint promises: treat like a malformed answer, retryable.
    return {
      kind: 'retry',
      code: 'malformed_answer',
      message: t('answerIncomplete', request.path),
    };
  }

  return {
    initInboxVideo(token, sourceInfo, signal) {
      return call(
        {
          path: '/v2/post/publish/inbox/video/init/',
          method: 'POST',
          token,
          body: { source_info: sourceInfo },
          signal,
        },
        initData,
      );
    },
    fetchStatus(token, publishId, signal) {
      return call(
        {
          path: '/v2/post/publish/status/fetch/',
          method: 'POST',
          token,
          body: { publish_id: publishId },
          signal,
        },
        statusData,
      );
    },
    userInfo(token, signal) {
      return call(
        { path: '/v2/user/info/?fields=open_id,avatar_url,display_name', method: 'GET', token, signal },
        userData,
      );
    },
    async putChunk({ url, body, first, last, total, mimeType, signal }) {
      // Content-Length is set by fetch from the Blob; setting it by hand is forbidden anyway.
      const response = await doFetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': mimeType, 'Content-Range': `bytes ${first}-${last}/${total}` },
        body,
        credentials: 'omit',
        redirect: 'error',
        signal,
      });
      // The body is small (JSON or empty); read it so the connection is released.
      await response.text().catch(() => '');
      return { status: response.status, contentRange: response.headers.get('Content-Range') };
    },
  };
}
