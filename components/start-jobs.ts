// Starting jobs from a page. A local file's bytes are stored first, then the background is told;
// a pasted URL is handed over as typed, so even a bad one becomes a job that fails with a reason.
import { formatBytes } from '@/utils/format';
import { t } from '@/utils/i18n';
import { ask, errorMessage } from './messaging';
import { isQuotaError, storeSourceFile } from './page-store';

/**
 * Containers sent as they are (MP4, WebM) and those remuxed into an MP4 first (MKV, MPEG-TS,
 * M4V, MOV, FLV): by extension too, since systems name them oddly (`.ts` is
 * often `text/vnd.trolltech.linguist` or `video/mp2t`, `.mkv` `video/x-matroska` or nothing).
 */
export const VIDEO_EXTENSIONS = ['.mp4', '.mov', '.webm', '.mkv', '.ts', '.m4v', '.flv'] as const;
export const VIDEO_ACCEPT = ['video/*', ...VIDEO_EXTENSIONS].join(',');

/** Files the picker's `accept` would offer; an unknown type is left to the byte sniffing. */
export function looksLikeVideoFile(file: { type: string; name?: string }): boolean {
  const name = file.name?.toLowerCase() ?? '';
  if (VIDEO_EXTENSIONS.some((ext) => name.endsWith(ext))) return true;
  return file.type === '' || file.type.startsWith('video/');
}

export function storageFullMessage(file: { name: string; size: number }): string {
  return t('startStorageFull', file.name, formatBytes(file.size));
}

/** Keeps the file's bytes under the job id; a quota failure becomes the "storage full" message. */
export async function storeFileFor(jobId: string, file: File): Promise<void> {
  try {
    await storeSourceFile(jobId, file);
  } catch (error) {
    if (isQuotaError(error)) throw new Error(storageFullMessage(file));
    throw new Error(t('startKeepFailed', file.name, errorMessage(error)));
  }
}

/** `accountId`: the target account the page shows (the background's target when absent). */
export async function startFileJob(file: File, accountId?: string): Promise<string> {
  if (!looksLikeVideoFile(file)) {
    throw new Error(t('startNotVideo', file.name, file.type));
  }
  const jobId = crypto.randomUUID();
  await storeFileFor(jobId, file);
  await ask({ type: 'job/start-file', jobId, name: file.name, size: file.size, type_: file.type, accountId });
  return jobId;
}

export async function startUrlJob(url: string, accountId?: string): Promise<void> {
  await ask({ type: 'job/start-url', url, accountId });
}
