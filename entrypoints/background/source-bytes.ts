// Where a job's source bytes are: the `blobs` store (a download, a local file, a page's Blob) or
// an OPFS file (a captured stream). Init and upload read them through here, whichever it is.
import type { Job } from '@/utils/job';
import { deleteCaptureFile, readCaptureFile } from '@/utils/capture/opfs';
import { deps } from './deps';

export async function getSourceBlob(job: Job): Promise<Blob | undefined> {
  const { store } = deps();
  if (job.opfsFile) return readCaptureFile(navigator.storage, job.opfsFile);
  return (await store.getBlob(job.id))?.blob;
}

/** Frees the disk: TikTok has the video, or the user cancelled a capture. */
export async function deleteSource(job: Job): Promise<void> {
  const { store } = deps();
  if (job.opfsFile) await deleteCaptureFile(navigator.storage, job.opfsFile);
  await store.deleteBlob(job.id).catch(() => undefined);
}
