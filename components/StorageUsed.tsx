// How much disk the extension holds, from navigator.storage.estimate(), shown only when it is a
// lot (over 100 MB): copies of videos are kept while they are sent and, for failed jobs, for Retry.
// Read when the jobs come, go or finish, not on a timer: an idle popup does no work.
import { useEffect, useState } from 'preact/hooks';
import { storageNotice } from '@/utils/job-view';

/**
 * The browser's estimate trails the disk: a stored copy counts a moment after it is written, and a
 * deleted one only once Chrome lets go of its file (measured: ~30 s after a cancel). So while jobs
 * are on their way, and for a minute after any change, look again this often; idle, never.
 */
const REREAD_MS = 5_000;
const AFTER_CHANGE_MS = 60_000;

export function StorageUsed({ jobsVersion, active }: { jobsVersion: unknown; active: boolean }) {
  const [usage, setUsage] = useState<number>();

  useEffect(() => {
    let alive = true;
    const read = () =>
      navigator.storage
        ?.estimate()
        .then((estimate) => alive && setUsage(estimate.usage))
        .catch(() => undefined);
    void read();
    const changedAt = Date.now();
    const timer = setInterval(() => {
      if (active || Date.now() - changedAt < AFTER_CHANGE_MS) void read();
      else clearInterval(timer);
    }, REREAD_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
    // Re-read when the jobs change: a removed job frees its bytes at once.
  }, [jobsVersion, active]);

  const notice = storageNotice(usage);
  if (!notice) return null;
  return (
    <p class="storage-used muted" data-testid="storage-used" data-bytes={String(usage)}>
      {notice}
    </p>
  );
}
