// The job list, kept fresh by event: the background's JOBS_CHANGED broadcast names the jobs that
// changed and the page re-reads only those. The page holds a window (utils/job-list.ts): the newest
// jobs the filter shows, every job on its way and the counts per status, never the whole history.
// A job that came, went or changed status makes it read the window again (~50 records); progress
// touches its own row only. A missed broadcast (the worker may die between writing and telling) is
// caught by a gap in the broadcast's sequence, or by a cheap check every few seconds (the store's
// count, and the few jobs still on their way).
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Job } from '@/utils/job';
import {
  activeIds,
  applyChanges,
  changeNeedsWindow,
  missedBroadcast,
  replaceAll,
  sameCounts,
  type JobFilter,
  type StatusCounts,
} from '@/utils/job-list';
import { parseJobsChanged } from '@/utils/broadcasts';
import { errorMessage } from './messaging';
import { countJobs, readJobsByIds, readWindow } from './page-store';
import { t } from '@/utils/i18n';

export interface JobsState {
  /** Undefined until the first read finishes. Newest first; unchanged jobs keep their objects. */
  jobs?: Job[];
  /** The whole store's jobs by status, for "Show older" and "Clear finished". */
  counts?: StatusCounts;
  error?: string;
}

/** Which jobs the list shows: its filter and how many rows ("Show older" adds a page). */
export interface JobsQuery {
  filter: JobFilter;
  limit: number;
}

const CHECK_MS = 5000;
const queryKey = (query: JobsQuery) => `${query.filter}:${query.limit}`;

export function useJobs(query: JobsQuery, checkMs = CHECK_MS): JobsState {
  const [state, setState] = useState<JobsState>({});
  // Read by the long-lived reader below; a change of query only asks it to read the window again.
  const current = useRef(query);
  current.current = query;
  const wake = useRef<() => void>();

  useEffect(() => {
    let alive = true;
    let jobs: Job[] | undefined;
    let counts: StatusCounts | undefined;
    let reading = false;
    let wantWindow = true;
    let readKey: string | undefined;
    const wantIds = new Set<string>();
    let last: { boot: string; seq: number } | undefined;

    const publish = (next: Job[], nextCounts: StatusCounts) => {
      if (next === jobs && sameCounts(counts, nextCounts)) return; // nothing differs: no render
      jobs = next;
      counts = nextCounts;
      setState({ jobs: next, counts: nextCounts });
    };

    // One read at a time; what is asked for during a read is read right after it.
    const pump = async (): Promise<void> => {
      if (reading || !alive) return;
      reading = true;
      try {
        while (alive && (wantWindow || wantIds.size > 0 || readKey !== queryKey(current.current))) {
          if (!jobs || !counts || wantWindow || readKey !== queryKey(current.current)) {
            wantWindow = false;
            wantIds.clear();
            const query = current.current;
            readKey = queryKey(query);
            const window = await readWindow(query.filter, query.limit);
            publish(jobs ? replaceAll(jobs, window.jobs) : window.jobs, window.counts);
          } else {
            const ids = [...wantIds];
            wantIds.clear();
            const changed = await readJobsByIds(ids);
            if (changeNeedsWindow(jobs, changed)) wantWindow = true;
            else publish(applyChanges(jobs, changed), counts);
          }
        }
      } catch (error) {
        if (alive) setState((prev) => ({ ...prev, error: t('jobsReadFailed', errorMessage(error)) }));
      } finally {
        reading = false;
      }
    };
    wake.current = () => void pump();

    const onMessage = (message: unknown, sender: { id?: string }): undefined => {
      if (sender.id !== browser.runtime.id) return undefined;
      const parsed = parseJobsChanged(message);
      if (!parsed) return undefined;
      const { ids, boot, seq } = parsed;
      const gap = boot !== undefined && seq !== undefined && missedBroadcast(last, boot, seq);
      if (boot !== undefined && seq !== undefined) last = { boot, seq };
      if (!ids || gap) wantWindow = true;
      else for (const id of ids) wantIds.add(id);
      void pump();
      return undefined;
    };

    // The cheap check: a job added or removed unannounced changes the count; a job on its way
    // that changed unannounced is among the few re-read. Finished jobs change only by a request.
    const check = async (): Promise<void> => {
      if (!jobs || !counts || reading || document.hidden) return;
      try {
        if ((await countJobs()) !== counts.total) wantWindow = true;
        else for (const id of activeIds(jobs)) wantIds.add(id);
        void pump();
      } catch {
        // The next check, or the next broadcast, tries again.
      }
    };

    browser.runtime.onMessage.addListener(onMessage);
    const timer = setInterval(() => void check(), checkMs);
    void pump();
    return () => {
      alive = false;
      wake.current = undefined;
      clearInterval(timer);
      browser.runtime.onMessage.removeListener(onMessage);
    };
  }, [checkMs]);

  // Another filter or page: the reader sees the new query and reads the window for it.
  const key = queryKey(query);
  useEffect(() => wake.current?.(), [key]);

  return state;
}
