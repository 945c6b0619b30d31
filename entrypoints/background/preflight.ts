// The pre-flight step of a stored source (a local file, a downloaded URL, a captured stream),
// run by `initialize` before the init: the offscreen document reads the video's metadata and one
// frame, the verdict (utils/media/preflight.ts) refuses what TikTok would refuse after the whole
// upload — so no draft slot is spent on it — and an MKV, MPEG-TS, M4V, MOV or FLV is remuxed into
// a progressive MP4 in OPFS, which then replaces the stored copy as the bytes to send; the job
// shows the conversion's share meanwhile ("Converting to MP4 · 40%").
import { captureFileName, deleteCaptureFile } from '@/utils/capture/opfs';
import { captureResultSchema, preflightAnswerSchema, type ToOffscreen } from '@/utils/capture/protocol';
import type { Job, JobPreflight } from '@/utils/job';
import { notPlayable, preflightVerdict } from '@/utils/media/preflight';
import { askOffscreen } from './capture-offscreen';
import { failJob, patchJob } from './jobs';
import { retryLater } from './outcome';
import { store } from './services';
import { t } from '@/utils/i18n';

/** An FLV at a web address, piped into the upload: only a stored copy can be converted (offscreen/flv.ts). */
export const FLV_REFUSED = {
  code: 'unsupported_container',
  message: t('pipeCannotRemux', 'FLV'),
};

async function ask(message: ToOffscreen): Promise<unknown> {
  return askOffscreen(message);
}

/**
 * True when the job may go on to the init (its `preflight` is then recorded); false when it was
 * failed here or its source is gone (`onGone` decides what happens then).
 */
export async function runPreflight(job: Job, onGone: (job: Job) => Promise<void>): Promise<boolean> {
  const answer = preflightAnswerSchema.safeParse(
    await ask({ type: 'offscreen/preflight', jobId: job.id, opfsFile: job.opfsFile }),
  );
  if (!answer.success) {
    await retryLater(job, 'preflight_unanswered', t('preflightUnanswered'));
    return false;
  }
  const read = answer.data;
  if (!read.ok) {
    if (read.missing) await onGone(job);
    else await failJob(job.id, read.problem === 'flv' ? FLV_REFUSED : notPlayable(read.problem));
    return false;
  }
  const verdict = preflightVerdict(read.meta);
  const facts: JobPreflight = { ...read.meta, ...(read.thumbnail ? { thumbnail: read.thumbnail } : {}) };
  if (!verdict.ok) {
    // The row still shows what was read (duration, picture, frame), next to the reason.
    await failJob(job.id, verdict.error, { preflight: facts });
    return false;
  }
  if (verdict.warning) facts.warning = verdict.warning;
  if (!verdict.remux) {
    await patchJob(job.id, { preflight: facts });
    return true;
  }

  const fileName = captureFileName(job.id, 'mp4');
  // Not `preflight` yet: a job without it is checked again after a restart mid-conversion.
  await patchJob(job.id, { converting: true, progress: 0 });
  const result = captureResultSchema.safeParse(
    await ask({ type: 'offscreen/remux', jobId: job.id, opfsFile: job.opfsFile, fileName }).finally(() =>
      patchJob(job.id, { converting: undefined, progress: 0 }).catch(() => undefined),
    ),
  );
  if (!result.success) {
    await retryLater(job, 'preflight_unanswered', t('remuxUnanswered'));
    return false;
  }
  if (!result.data.ok) {
    await failJob(job.id, result.data.error, { preflight: facts });
    return false;
  }
  const remuxed = result.data;
  const current = await store.get(job.id);
  if (!current || current.status !== 'initializing') {
    await deleteCaptureFile(navigator.storage, remuxed.fileName); // cancelled meanwhile
    return false;
  }
  if (job.opfsFile && job.opfsFile !== remuxed.fileName)
    await deleteCaptureFile(navigator.storage, job.opfsFile);
  await patchJob(job.id, {
    preflight: { ...facts, remuxedFrom: read.meta.container },
    opfsFile: remuxed.fileName,
    hasBlob: false,
    videoSize: remuxed.size,
    mimeType: remuxed.mimeType,
  });
  // The MP4 replaces the stored original: the disk holds one copy.
  await store.deleteBlob(job.id).catch(() => undefined);
  return true;
}
