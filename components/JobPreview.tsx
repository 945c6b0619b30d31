// "See what you send": what the pre-flight read from the video (issue 10), on the job's row — one
// frame, the duration, the picture size, and a warning that does not stop the job. Nothing until
// the video was checked. Plain data from the job record: no media library in the popup.
import { t } from '@/utils/i18n';
import type { Job } from '@/utils/job';

function clock(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function JobPreview({ job }: { job: Job }) {
  const facts = job.preflight;
  if (!facts) return null;
  const fps = Math.round(facts.fps * 100) / 100;
  return (
    <div class="job-preview">
      {facts.thumbnail?.startsWith('data:image/jpeg;base64,') && (
        <img class="job-thumbnail" data-testid="job-thumbnail" src={facts.thumbnail} alt="" width={64} />
      )}
      <div class="job-facts">
        <span data-testid="job-duration" data-seconds={String(facts.durationSec)}>
          {clock(facts.durationSec)}
        </span>
        <span
          data-testid="job-resolution"
          data-width={String(facts.width)}
          data-height={String(facts.height)}
        >
          {t('previewPicture', facts.width, facts.height, fps)}
        </span>
        {facts.remuxedFrom && (
          <span data-testid="job-remuxed" data-from={facts.remuxedFrom}>
            {facts.remuxedFrom.toUpperCase()} → MP4
          </span>
        )}
        {facts.warning && (
          <span class="job-warning" data-testid="job-warning">
            {facts.warning}
          </span>
        )}
      </div>
    </div>
  );
}
