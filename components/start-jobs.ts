// Starting jobs from a page. A local file's bytes are stored first, then the background is told;
// a pasted URL is handed over as typed, so even a bad one becomes a job that fails with a reason.
import { formatBytes } from '@/utils/format';
import { ask, errorMessage } from './messaging';
import { isQuotaError, storeSourceFile } from './page-store';

/** Files the picker's `accept="video/*"` would offer; an unknown type is left to the byte sniffing. */
export function looksLikeVideoFile(file: { type: string }): boolean {
  return file.type === '' || file.type.startsWith('video/');
}

export function storageFullMessage(file: { name: string; size: number }): string {
  return (
    `Storage full: the browser has no room to keep “${file.name}” (${formatBytes(file.size)}). ` +
    'Free some disk space, or finish or remove other jobs, then try again.'
  );
}

/** Keeps the file's bytes under the job id; a quota failure becomes the "storage full" message. */
export async function storeFileFor(jobId: string, file: File): Promise<void> {
  try {
    await storeSourceFile(jobId, file);
  } catch (error) {
    if (isQuotaError(error)) throw new Error(storageFullMessage(file));
    throw new Error(`Could not keep “${file.name}” in the browser: ${errorMessage(error)}`);
  }
}

export async function startFileJob(file: File): Promise<string> {
  if (!looksLikeVideoFile(file)) {
    throw new Error(`“${file.name}” is not a video (${file.type}). Choose an MP4, MOV or WebM file.`);
  }
  const jobId = crypto.randomUUID();
  await storeFileFor(jobId, file);
  await ask({ type: 'job/start-file', jobId, name: file.name, size: file.size, type_: file.type });
  return jobId;
}

export async function startUrlJob(url: string): Promise<void> {
  await ask({ type: 'job/start-url', url });
}
