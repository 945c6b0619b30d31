// The scheduler. Jobs live in IndexedDB; a pass picks the runnable ones, takes a lease in each job
// record and drives it step by step until it must wait (for time, the user or the network) or ends.
// One repeating alarm is set for the next due time (armed before running anything, and set again
// after), and every worker start runs a pass, so a job resumes after the worker or the whole
// browser died, whenever it died.
import { accessUrlFor } from '@/utils/capture/frame-access';
import { browser } from 'wxt/browser';
import { isRunning, isWaiting } from '@/utils/job-machine';
import { isTerminal, type Job, type JobStatus } from '@/utils/job';
import { canTakeLease, LEASE_TTL_MS, takeLease, type LeaseHolder } from '@/utils/lease';
import { acquire } from './acquire';
import { sweepDisk } from './disk';
import { initialize } from './initialize';
import { setStatus } from './jobs';
import { keepAlive } from './keepalive';
import { handleStepError, isOnline } from './outcome';
import { hasHostPermission } from './permissions';
import { poll } from './poller';
import { prepare } from './prepare';
import { running } from './running';
import { accountReady } from './job-account';
import { buildConfig } from '@/utils/config';
import { deps } from './deps';
import { pipedUpload } from './pipe-upload';
import { upload } from './transfer';
import { ALARM_NAME, armWatchdog, WATCHDOG_MS } from './watchdog';

export { ALARM_NAME } from './watchdog';
/** Downloads, inits and uploads at once; status polls are short and not counted. */
export const MAX_TRANSFERS = 2;
/** Packed builds clamp alarms to 30 s; unpacked (loopback) builds may go lower. */
const MIN_ALARM_MS = buildConfig.allowLoopback ? 1_000 : 30_000;
/**
 * One drive runs at most this many steps, then gives the job back to the scheduler, whose next
 * pass (right after, from the drive's end) starts it again if it is still due and a transfer slot
 * is free. It bounds a drive, not the job: a job that never waits is not failed here.
 */
const MAX_STEPS_PER_RUN = 50;

type Step = (job: Job, signal: AbortSignal) => Promise<void>;

const STEPS: Partial<Record<JobStatus, Step>> = {
  queued: (job) => prepare(job),
  acquiring: acquire,
  initializing: initialize,
  // A piped URL job has no stored copy: its chunks come from the source as they are sent.
  uploading: (job, signal) => (job.piped ? pipedUpload(job, signal) : upload(job, signal)),
  processing: poll,
};

function dueAt(job: Job): number {
  if (job.status === 'processing') return Math.max(job.nextPollAt ?? 0, job.notBefore ?? 0);
  return job.notBefore ?? 0;
}

/** This worker instance, as a lease holder. */
function holder(): LeaseHolder {
  return { owner: deps().ownerId, startedAt: deps().startedAt };
}

function isDue(job: Job, now: number): boolean {
  return STEPS[job.status] !== undefined && dueAt(job) <= now;
}

let passing = false;
let passAgain = false;

/** Runs a scheduling pass now (coalesced with one already under way), then sets the alarm. */
export async function kick(): Promise<void> {
  if (passing) {
    passAgain = true;
    return;
  }
  passing = true;
  try {
    await armWatchdog();
    do {
      passAgain = false;
      await pass();
    } while (passAgain);
    await scheduleAlarm();
  } catch (err) {
    console.error('scheduler pass failed', err);
  } finally {
    passing = false;
  }
}

async function pass(): Promise<void> {
  const jobs = (await deps().store.listUnfinished()).reverse(); // oldest first: first come, first served
  const now = deps().now();
  for (const job of jobs) {
    if (isTerminal(job.status) || running.has(job.id)) continue;
    if (isWaiting(job.status)) {
      if (await wake(job, now).catch(() => false)) passAgain = true;
      continue;
    }
    if (!isDue(job, now) || !canTakeLease(job.lease, holder(), now)) continue;
    const transfer = job.status !== 'processing';
    if (transfer && transfersRunning() >= MAX_TRANSFERS) continue;
    start(job.id, transfer);
  }
}

function transfersRunning(): number {
  let count = 0;
  for (const entry of running.values()) if (entry.transfer) count++;
  return count;
}

/** Ends a wait whose reason has passed. True when the job became runnable. */
async function wake(job: Job, now: number): Promise<boolean> {
  let ready = false;
  switch (job.status) {
    case 'rate_limited':
    case 'waiting_slot':
      ready = (job.notBefore ?? 0) <= now;
      break;
    case 'offline':
      ready = isOnline();
      break;
    case 'needs_auth':
      ready = await accountReady(job);
      break;
    case 'needs_permission':
      {
        // The video's host (a URL source) or the player frame's (a capture in a cross-origin frame).
        const url = accessUrlFor(job);
        ready = url !== undefined && (await hasHostPermission(url));
      }
      break;
    default:
      // paused waits for the user (retry or choosing the file again).
      ready = false;
  }
  if (!ready) return false;
  await resume(job);
  return true;
}

/** Back to the running status the wait interrupted (or to queued, which decides again). */
export async function resume(job: Job): Promise<void> {
  const to: JobStatus = job.resumeStatus && isRunning(job.resumeStatus) ? job.resumeStatus : 'queued';
  try {
    await setStatus(job.id, to, { notBefore: undefined, error: undefined });
  } catch (err) {
    await handleStepError(job, err);
  }
}

function start(jobId: string, transfer: boolean): void {
  const controller = new AbortController();
  running.set(jobId, { controller, transfer });
  keepAlive(true, renewLeases);
  void drive(jobId, controller.signal).finally(async () => {
    running.delete(jobId);
    keepAlive(running.size > 0, renewLeases);
    const { store, ownerId } = deps();
    await store
      .update(jobId, (job) => (job.lease?.owner === ownerId ? { ...job, lease: undefined } : job))
      .catch(() => undefined);
    await kick();
  });
}

async function drive(jobId: string, signal: AbortSignal): Promise<void> {
  // The lease is taken in the job record, in the same transaction that checks it.
  const { store, ownerId } = deps();
  const leased = await store
    .update(jobId, (job) => {
      const now = deps().now();
      if (!canTakeLease(job.lease, holder(), now)) throw new Error('leased elsewhere');
      return { ...job, lease: takeLease(ownerId, now, LEASE_TTL_MS) };
    })
    .catch(() => undefined);
  if (!leased) return;

  for (let step = 0; step < MAX_STEPS_PER_RUN && !signal.aborted; step++) {
    const job = await store.get(jobId);
    if (!job || !isDue(job, deps().now())) return;
    const run = STEPS[job.status];
    if (!run) return;
    try {
      await run(job, signal);
    } catch (err) {
      if (signal.aborted) return;
      await handleStepError(job, err);
    }
  }
}

async function renewLeases(): Promise<void> {
  const { store, ownerId } = deps();
  const now = deps().now();
  for (const jobId of running.keys()) {
    await store
      .update(jobId, (job) =>
        job.lease?.owner === ownerId ? { ...job, lease: takeLease(ownerId, now, LEASE_TTL_MS) } : job,
      )
      .catch(() => undefined);
  }
}

/** One alarm for the earliest moment any job needs the worker again. */
async function scheduleAlarm(): Promise<void> {
  const jobs = await deps().store.list();
  const now = deps().now();
  let next = Number.POSITIVE_INFINITY;
  for (const job of jobs) {
    if (isTerminal(job.status)) continue;
    if (running.has(job.id)) next = Math.min(next, now + WATCHDOG_MS);
    else if (job.status === 'rate_limited' || job.status === 'waiting_slot')
      next = Math.min(next, job.notBefore ?? now);
    else if (job.status === 'offline')
      next = Math.min(next, now + WATCHDOG_MS); // in case 'online' never fires
    else if (STEPS[job.status]) {
      const foreignLease = canTakeLease(job.lease, holder(), now) ? 0 : (job.lease?.until ?? 0);
      next = Math.min(next, Math.max(dueAt(job), foreignLease));
    }
  }
  if (next === Number.POSITIVE_INFINITY) {
    await browser.alarms.clear(ALARM_NAME);
    return;
  }
  await browser.alarms.create(ALARM_NAME, {
    when: Math.max(next, now + MIN_ALARM_MS),
    periodInMinutes: WATCHDOG_MS / 60_000,
  });
}

/**
 * At worker start: stored copies no job needs are deleted (disk.ts), then a pass resumes the jobs.
 * Leases of the instance that died need no release here: they were renewed before this one
 * started, so every pass treats them as free (utils/lease.ts) — even one written late.
 */
export async function startup(): Promise<void> {
  await sweepDisk();
  await kick();
}
