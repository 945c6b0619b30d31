// The disk the extension holds: removing jobs (one, or every finished one) with their stored
// bytes, and the sweep at every worker start that deletes bytes no job needs any more (orphans,
// finished or cancelled jobs' copies, failed jobs' copies after 7 days). utils/disk-sweep.ts decides.
import { planPrune, planSweep, isFinished } from '@/utils/disk-sweep';
import { loadSettings } from '@/utils/settings';
import { isTerminal, type Job } from '@/utils/job';
import { broadcastJobsChanged } from './jobs';
import { updateBadge } from './badge';
import { running } from './running';
import { deleteCaptureFile, listCaptureFiles } from '@/utils/capture/opfs';
import { deps } from './deps';
import { deleteSource } from './source-bytes';
import { t } from '@/utils/i18n';

/** Deletes a finished job and its stored bytes. A job still on its way must be cancelled first. */
export async function removeJob(id: string): Promise<void> {
  const { store } = deps();
  const job = await store.get(id);
  if (!job) return; // already gone: removing is idempotent
  refuseRunning(job);
  await forget(job);
  broadcastJobsChanged([job.id]);
  await updateBadge(await store.list()).catch(() => undefined);
}

/** Removes every finished job (in drafts, published, failed, cancelled); returns how many. */
export async function clearFinished(): Promise<number> {
  const { store } = deps();
  const finished = (await store.list()).filter((job) => isFinished(job) && !running.has(job.id));
  for (const job of finished) await forget(job);
  if (finished.length > 0) {
    broadcastJobsChanged(finished.map((job) => job.id));
    await updateBadge(await store.list()).catch(() => undefined);
  }
  return finished.length;
}

function refuseRunning(job: Job): void {
  if (!isTerminal(job.status) || running.has(job.id)) {
    throw new Error(t('removeStillRunning'));
  }
}

async function forget(job: Job): Promise<void> {
  const { store } = deps();
  // Bytes first (stored copy and captured file): a job record without bytes is harmless, bytes
  // without a job are swept later.
  await deleteSource(job);
  await store.delete(job.id);
}

/** At every worker start: deletes the stored sources no job needs. Never throws. */
export async function sweepDisk(now = deps().now()): Promise<void> {
  const { store } = deps();
  try {
    await pruneHistory(now);
    const plan = planSweep(await store.list(), await store.listBlobs(), now);
    for (const id of plan.deleteBlobs) await store.deleteBlob(id);
    for (const id of plan.forgetBlobs) {
      await store
        .update(id, (job) => (job.hasBlob ? { ...job, hasBlob: false } : job))
        .catch(() => undefined);
    }
    if (plan.deleteBlobs.length > 0) {
      console.info(`disk sweep: deleted ${plan.deleteBlobs.length} stored copies, ${plan.bytes} bytes`);
      broadcastJobsChanged();
    }
  } catch (err) {
    console.error('disk sweep failed', err);
  }
  await sweepCaptures(now);
}

/** The same rules for captured streams' files (OPFS `captures/<jobId>.<ext>`). Never throws. */
async function sweepCaptures(now: number): Promise<void> {
  const { store } = deps();
  try {
    const jobs = await store.list();
    const files = await listCaptureFiles(navigator.storage);
    const sources = files.map((f) => ({
      id: f.name.replace(/\.[^.]*$/, ''),
      size: f.size,
      storedAt: f.lastModified,
    }));
    const plan = planSweep(jobs, sources, now);
    const doomed = new Set(plan.deleteBlobs);
    // A file the job no longer names (an earlier, interrupted attempt) goes too, unless the
    // job is capturing or being remuxed right now (its new file may not be named in the record yet).
    const byId = new Map(jobs.map((job) => [job.id, job]));
    for (const [i, file] of files.entries()) {
      const job = byId.get(sources[i].id);
      const stale =
        job && job.status !== 'acquiring' && job.status !== 'initializing' && job.opfsFile !== file.name;
      if (doomed.has(sources[i].id) || stale) await deleteCaptureFile(navigator.storage, file.name);
    }
    for (const id of plan.deleteBlobs) {
      await store
        .update(id, (job) => (job.opfsFile ? { ...job, opfsFile: undefined } : job))
        .catch(() => undefined);
    }
  } catch (err) {
    console.error('capture sweep failed', err);
  }
}

/** Forgets finished jobs older than the history setting (default 30 days), with their bytes. */
async function pruneHistory(now: number): Promise<void> {
  const { store } = deps();
  const { historyDays } = await loadSettings();
  const jobs = new Map((await store.list()).map((job) => [job.id, job]));
  const old = planPrune([...jobs.values()], now, historyDays).filter((id) => !running.has(id));
  for (const id of old) await forget(jobs.get(id)!);
  if (old.length > 0) {
    console.info(`history prune: forgot ${old.length} finished jobs older than ${historyDays} days`);
    broadcastJobsChanged(old);
  }
}
