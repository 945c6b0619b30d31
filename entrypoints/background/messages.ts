// The one message protocol (utils/messages.ts), as the background answers it. Every request is
// parsed with zod and its sender checked: only the extension's own pages may start jobs or touch
// the account; a web page or a content script gets nothing.
import { browser, type Browser } from 'wxt/browser';
import { requestSchema, type Request, type Response } from '@/utils/messages';
import { connect, disconnect, status } from './auth';
import { broadcastAuthChanged } from './broadcast';
import { clearFinished, removeJob } from './disk';
import { cancelJob, createFileJob, createUrlJob, NO_UPLOAD_SESSION, retryJob, setStatus } from './jobs';
import { kick, resume } from './runner';
import { formatDiagnostics } from '@/utils/diagnostics';
import { deps } from './deps';
import { t } from '@/utils/i18n';

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
  if (!isTrustedSender(sender)) return { ok: false, error: t('onlyOwnPages') };
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
      return disconnect(request.openId);
    case 'accounts/set-target':
      await deps().accounts.setTarget(request.openId);
      return status();
    case 'job/start-url': {
      const job = await createUrlJob(request.url, 'popup', undefined, request.accountId);
      void kick();
      return { jobId: job.id };
    }
    case 'job/start-file': {
      const job = await createFileJob({
        id: request.jobId,
        name: request.name,
        size: request.size,
        type: request.type_,
        accountId: request.accountId,
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
    case 'job/remove':
      await removeJob(request.jobId);
      return { jobId: request.jobId };
    case 'jobs/clear-finished':
      return { removed: await clearFinished() };
    case 'job/reselected': {
      const job = await deps().store.get(request.jobId);
      if (!job) throw new Error(t('jobGone'));
      const stored = await deps().store.getBlob(request.jobId);
      if (!stored) throw new Error(t('fileNotStored'));
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
      for (const job of await deps().store.list()) {
        if (job.status === 'needs_permission') await resume(job);
      }
      void kick();
      return null;
    }
    case 'settings/changed':
      broadcastAuthChanged(); // a broker URL set or cleared changes the config problem shown
      void kick();
      return null;
    case 'diagnostics/get': {
      const manifest = browser.runtime.getManifest();
      const about = `${manifest.name} ${manifest.version} · ${navigator.userAgent}`;
      return { text: formatDiagnostics(await deps().diagnostics.list(), about) };
    }
    case 'diagnostics/clear':
      await deps().diagnostics.clear();
      return null;
  }
}
