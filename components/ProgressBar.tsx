import { clampFraction } from '@/utils/format';
import type { StatusTone } from '@/utils/job-view';

interface Props {
  value: number;
  tone: StatusTone;
  /** Moving stripes: the job is working even when the number does not change (e.g. processing). */
  busy?: boolean;
  label: string;
}

export function ProgressBar({ value, tone, busy, label }: Props) {
  const percent = Math.round(clampFraction(value) * 100);
  return (
    <div
      class={`progress tone-${tone}${busy ? ' busy' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div class="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
