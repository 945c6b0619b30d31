// The `acquiring` step (FILE_UPLOAD from a URL): download the video into the `blobs` store.
// No cookies go with the request, only http(s) public hosts are fetched (DNR rules block private
// ones even after a redirect), the first bytes must look like a video container, and the size must
// stay within 1 B – 4,000,000,000 B: Content-Length first, then the running count.
import { MAX_VIDEO_SIZE } from '@/utils/chunk-plan';
import type { Job, JobError } from '@/utils/job';
import { SNIFF_BYTES, sniffVideo } from '@/utils/media-sniff';
import { checkSourceUrl } from '@/utils/url-safety';
import { acquireCapture } from './capture';
import { failJob, patchJob, setStatus } from './jobs';
import { retryLater } from './outcome';
import { ensureNetworkGuard } from './network-guard';
import { hasHostPermission, permissionMessage } from './permissions';
import { startPipe } from './pipe-start';
import { deps } from './deps';
import { t } from '@/utils/i18n';

export class SourceError extends Error {
  constructor(readonly error: JobError) {
    super(error.message);
    this.name = 'SourceError';
  }
}

export const NOT_A_VIDEO: JobError = {
  code: 'not_a_video',
  message: t('acquireNotVideo'),
};

function tooLarge(size: number): JobError {
  return {
    code: 'too_large',
    message: t('acquireTooLarge', size.toLocaleString('en')),
  };
}

export function truncated(declared: number, received?: number): SourceError {
  return new SourceError({
    code: 'truncated',
    message:
      received === undefined
        ? t('acquireTruncated', declared.toLocaleString('en'))
        : t('acquireTruncatedGot', declared.toLocaleString('en'), received.toLocaleString('en')),
  });
}

const EMPTY: JobError = {
  code: 'empty',
  message: t('acquireEmpty'),
};

/**
 * Counts bytes as they pass, refuses non-video starts and sizes over the limit, reports progress.
 * The reason for a refusal is kept in `failure`: the stream consumer only sees a generic error.
 */
function guard(onCount: (count: number) => void) {
  const state: { count: number; failure?: SourceError } = { count: 0 };
  let head = new Uint8Array(0);
  const refuse = (error: JobError) => {
    state.failure = new SourceError(error);
    throw state.failure;
  };
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      state.count += chunk.byteLength;
      if (state.count > MAX_VIDEO_SIZE) refuse(tooLarge(state.count));
      if (head.length < SNIFF_BYTES) {
        const joined = new Uint8Array(head.length + chunk.byteLength);
        joined.set(head);
        joined.set(chunk, head.length);
        head = joined.slice(0, SNIFF_BYTES);
        // Stop as soon as the start is known not to be a video, instead of downloading it all.
        if (head.length >= SNIFF_BYTES && !sniffVideo(head)) refuse(NOT_A_VIDEO);
      }
      onCount(state.count);
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

const PROGRESS_EVERY_MS = 500;

export async function acquire(job: Job, signal: AbortSignal): Promise<void> {
  if (job.source.kind === 'capture') {
    await acquireCapture(job, job.source, signal);
    return;
  }
  // A file job never gets here: prepare() sends it to initializing, and a file whose stored copy
  // is gone is paused by sourceGone() (initialize.ts). Only URL and capture jobs are acquired.
  if (job.source.kind !== 'url') throw new Error(`A ${job.source.kind} job cannot be downloaded.`);
  const check = checkSourceUrl(job.source.url, deps().urlOptions);
  if (!check.ok) {
    await failJob(job.id, { code: check.code, message: check.message });
    return;
  }
  if (!(await hasHostPermission(check.url))) {
    await setStatus(job.id, 'needs_permission', {
      error: { code: 'needs_permission', message: permissionMessage(check.url) },
    });
    return;
  }

  let response: Response;
  try {
    await ensureNetworkGuard();
    response = await download(check.url, signal);
  } catch (err) {
    if (signal.aborted) return;
    if (err instanceof SourceError) {
      await failJob(job.id, err.error);
      return;
    }
    await retryLater(job, 'download_failed', t('acquireDownloadFailed', (err as Error).message));
    return;
  }
  try {
    await receive(job, response, signal);
  } catch (err) {
    if (signal.aborted) return;
    if (err instanceof SourceError) {
      await failJob(job.id, err.error);
      return;
    }
    throw err;
  }
}

const REDIRECT_FAILED: JobError = {
  code: 'redirect_blocked',
  message: t('acquireBadRedirect'),
};

/**
 * Fetches without cookies. A first request does not follow redirects, so when there is one the
 * failure of the second (DNR blocks private targets before they leave) is known to be the
 * redirect's, and says so instead of being retried as a network error.
 */
export async function download(
  url: URL,
  signal: AbortSignal,
  headers?: Record<string, string>,
): Promise<Response> {
  const init: RequestInit = { credentials: 'omit', cache: 'no-store', signal, headers };
  const first = await deps().fetch(url, { ...init, redirect: 'manual' });
  if (first.type !== 'opaqueredirect') return first;
  try {
    return await deps().fetch(url, { ...init, redirect: 'follow' });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new SourceError(REDIRECT_FAILED);
  }
}

async function receive(job: Job, response: Response, signal: AbortSignal): Promise<void> {
  // The redirect target must pass the same checks as the address itself.
  if (response.redirected) {
    const final = checkSourceUrl(response.url, deps().urlOptions);
    if (!final.ok)
      throw new SourceError({
        code: final.code,
        message: t('redirectedElsewhere', final.message),
      });
  }
  if (!response.ok) {
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      await response.body?.cancel().catch(() => undefined);
      await retryLater(job, 'download_failed', t('acquireServerStatus', response.status));
      return;
    }
    throw new SourceError({
      code: 'download_failed',
      message: t(
        'acquireServerRefused',
        `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      ),
    });
  }
  const declaredHeader = response.headers.get('Content-Length');
  const declared = declaredHeader === null ? undefined : Number(declaredHeader);
  if (declared !== undefined && Number.isFinite(declared)) {
    if (declared > MAX_VIDEO_SIZE) throw new SourceError(tooLarge(declared));
    if (declared === 0) throw new SourceError(EMPTY);
  }
  if (!response.body) throw new SourceError(EMPTY);
  // The size is known: stream straight into the upload instead of storing the file first.
  if (declared !== undefined && Number.isSafeInteger(declared)) {
    await startPipe(job, response, declared, signal);
    return;
  }

  let lastReport = 0;
  const counted = guard((count) => {
    const now = deps().now();
    if (now - lastReport < PROGRESS_EVERY_MS || !declared) return;
    lastReport = now;
    void patchJob(job.id, { progress: Math.min(count / declared, 1) }).catch(() => undefined);
  });
  let blob: Blob;
  try {
    blob = await new Response(response.body.pipeThrough(counted.stream, { signal })).blob();
  } catch (err) {
    if (counted.state.failure) throw counted.state.failure;
    // The connection closed before the declared length: the server cut the file short.
    if (!signal.aborted && declared !== undefined && counted.state.count < declared) {
      throw truncated(declared);
    }
    throw err;
  }

  if (blob.size === 0) throw new SourceError(EMPTY);
  if (declared !== undefined && Number.isFinite(declared) && blob.size !== declared) {
    throw truncated(declared, blob.size);
  }
  const sniffed = sniffVideo(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (!sniffed) throw new SourceError(NOT_A_VIDEO);

  await deps().store.putBlob(job.id, {
    blob,
    name: job.title,
    type: sniffed.mimeType,
    size: blob.size,
    storedAt: deps().now(),
  });
  await setStatus(job.id, 'initializing', {
    hasBlob: true,
    // A stored copy: not piped, even if an earlier attempt was.
    piped: undefined,
    videoSize: blob.size,
    mimeType: sniffed.mimeType,
    // From here on progress counts the bytes TikTok confirmed.
    progress: 0,
    attempts: 0,
    notBefore: undefined,
  });
}
