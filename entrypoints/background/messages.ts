// The one message protocol (utils/messages.ts), as the background answers it. Every request is
// parsed with zod and its sender checked: only the extension's own pages may start jobs or touch
// the account; a web page or a content script gets nothing.
import { browser, type Browser } from 'wxt/browser';
import { requestSchema, type Request, type Response } from '@/utils/messages';
import { connect, disconnect, status } from './auth';
import { cancelJob, createFileJob, createUrlJob, NO_UPLOAD_SESSION, retryJob, setStatus } from './jobs';
import { kick, resume } from './runner';
import { store } from './services';

type Sender = Browser.runtime.MessageSender;

/** True for a page of this extension (popup, options, chooser), in a tab or not. */
export function isTrustedSender(sender: Sender): boolean {
  if (sender.id !== browser.runtime.id) return false;
  const origin = browser.runtime.getURL('/');
  // Content scripts carry the page's URL; only extension pages have the extension's origin.
  return typeof sender.url === 'string' && sender.url.startsWith(origin);
}

/** Broadcasts (e.g. JOBS_CHANGED from another page) are not requests and get no answer. */
export function isRequestLike(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}

export async function handleMessage(message: unknown, sender: Sender): Promise<Response> {
  if (!isTrustedSender(sender)) return { ok: false, error: 'Only the extension’s own pages may ask this.' };
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success)
    return { ok: false, error: `Malformed request: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  try {
    return { ok: true, value: await answer(parsed.data) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

async function answer(request: Request): Promise<unknown> {
  switch (request.type) {
    case 'auth/status':
      return status();
    case 'auth/connect': {
      const result = await connect();
      void kick(); // jobs waiting in needs_auth resume
      return result;
    }
    case 'auth/disconnect':
      return disconnect();
    case 'job/start-url': {
      const job = await createUrlJob(request.url, 'popup');
      void kick();
      return { jobId: job.id };
    }
    case 'job/start-file': {
      const job = await createFileJob({
        id: request.jobId,
        name: request.name,
        size: request.size,
        type: request.type_,
      });
      void kick();
      return { jobId: job.id };
    }
    case 'job/cancel':
      await cancelJob(request.jobId);
      void kick();
      return { jobId: request.jobId };
    case 'job/retry':
      await retryJob(request.jobId);
      void kick();
      return { jobId: request.jobId };
    case 'job/reselected': {
      const job = await store.get(request.jobId);
      if (!job) throw new Error('That job no longer exists.');
      const stored = await store.getBlob(request.jobId);
      if (!stored) throw new Error('The file was not stored; choose it again.');
      // New bytes: TikTok's side starts over with them.
      await setStatus(request.jobId, 'queued', {
        ...NO_UPLOAD_SESSION,
        hasBlob: true,
        videoSize: stored.blob.size,
        attempts: 0,
        notBefore: undefined,
        error: undefined,
        resumeStatus: undefined,
      });
      void kick();
      return { jobId: request.jobId };
    }
    case 'permissions/granted': {
      for (const job of await store.list()) {
        if (job.status === 'needs_permission') await resume(job);
      }
      void kick();
      return null;
    }
    case 'settings/changed':
      void kick();
      return null;
  }
}
