// The job list, kept fresh: re-read on the background's JOBS_CHANGED broadcast, and every second
// in case a broadcast was missed (the worker may die between writing and telling).
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Job } from '@/utils/job';
import { JOBS_CHANGED } from '@/utils/messages';
import { errorMessage } from './messaging';
import { readJobs } from './page-store';

export interface JobsState {
  /** Undefined until the first read finishes. */
  jobs?: Job[];
  error?: string;
  /** Time of the last read, for "resumes in …" hints that must count down. */
  now: number;
}

export function useJobs(pollMs = 1000): JobsState {
  const [state, setState] = useState<JobsState>({ now: Date.now() });

  useEffect(() => {
    let alive = true;
    let reading = false;
    let again = false;

    // One read at a time; a change during a read triggers exactly one more.
    const load = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        const jobs = await readJobs();
        if (alive) setState({ jobs, now: Date.now() });
      } catch (error) {
        if (alive)
          setState((prev) => ({ ...prev, error: `Could not read the jobs: ${errorMessage(error)}` }));
      } finally {
        reading = false;
        if (again && alive) {
          again = false;
          void load();
        }
      }
    };

    const onMessage = (message: unknown): undefined => {
      if ((message as { type?: unknown } | null)?.type === JOBS_CHANGED) void load();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    const timer = setInterval(() => void load(), pollMs);
    void load();
    return () => {
      alive = false;
      clearInterval(timer);
      browser.runtime.onMessage.removeListener(onMessage);
    };
  }, [pollMs]);

  return state;
}
