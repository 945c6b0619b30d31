// The words the popup shows while a stream is copied segment by segment.
import { t } from '../i18n';

export interface CaptureCount {
  done: number;
  total: number | null;
}

/** "Capturing the stream (12 of 40 segments)"; before the total is known, a count. */
export function captureProgressText({ done, total }: CaptureCount): string {
  const d = Math.max(0, Math.floor(done));
  if (!total || total <= 0) return d === 0 ? t('captureStream') : t('captureCount', d);
  return t(total === 1 ? 'captureOfOne' : 'captureOfMany', Math.min(d, total), total);
}
