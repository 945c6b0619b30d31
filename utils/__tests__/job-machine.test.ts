import { describe, expect, it } from 'vitest';
import { JOB_STATUSES, TERMINAL_STATUSES, WAITING_STATUSES, type Job, type JobStatus } from '../job';
import {
  activeCount,
  canCancel,
  cancelMessage,
  canRetry,
  canTransition,
  IllegalTransition,
  retryAsksStatus,
  transition,
} from '../job-machine';

function job(status: JobStatus, extra: Partial<Job> = {}): Job {
  return {
    id: 'j1',
    createdAt: 1,
    updatedAt: 1,
    status,
    source: { kind: 'url', url: 'https://cdn.example.com/a.mp4', via: 'menu' },
    title: 'a.mp4',
    progress: 0,
    ...extra,
  };
}

const NON_TERMINAL = JOB_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));

describe('job state machine', () => {
  it('walks the happy paths of both routes', () => {
    let j = job('queued');
    for (const [to, now] of [
      ['acquiring', 2],
      ['initializing', 3],
      ['uploading', 4],
      ['processing', 5],
      ['in_drafts', 6],
    ] as const) {
      j = transition(j, to, {}, now);
      expect(j.status).toBe(to);
      expect(j.updatedAt).toBe(now);
    }
    expect(j.progress).toBe(1);
    expect(canTransition('queued', 'initializing') && canTransition('initializing', 'processing')).toBe(true);
  });

  it('refuses illegal moves', () => {
    const illegal: [JobStatus, JobStatus][] = [
      ['queued', 'in_drafts'],
      ['acquiring', 'uploading'],
      ['in_drafts', 'queued'],
      ['published', 'queued'],
      ['failed', 'uploading'],
      ['cancelled', 'processing'],
      ['processing', 'acquiring'],
      ['uploading', 'in_drafts'],
    ];
    for (const [from, to] of illegal) {
      expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
      expect(() => transition(job(from), to, {}, 2)).toThrow(IllegalTransition);
    }
  });

  it('allows cancel from every non-terminal status and from no terminal one', () => {
    for (const s of NON_TERMINAL) expect(canCancel(s), s).toBe(true);
    for (const s of TERMINAL_STATUSES) expect(canCancel(s), s).toBe(false);
  });

  it('retries failed, cancelled, paused and needs_* jobs to queued', () => {
    for (const s of ['failed', 'cancelled', 'paused', 'needs_auth', 'needs_permission'] as const) {
      expect(canRetry(s)).toBe(true);
      const j = transition(job(s, { error: { code: 'x', message: 'y' } }), 'queued', {}, 9);
      expect(j.status).toBe('queued');
      expect(j.error).toBeUndefined();
    }
    expect(canRetry('in_drafts')).toBe(false);
    expect(canRetry('uploading')).toBe(false);
  });

  it('a job TikTok holds never goes back to uploading by a Retry: it asks for the status', () => {
    const held = { heldByTikTok: true, publishId: 'p1' };
    expect(retryAsksStatus(job('failed', held))).toBe(true);
    expect(retryAsksStatus(job('cancelled', held))).toBe(true);
    expect(retryAsksStatus(job('processing', held))).toBe(true);
    // TikTok said FAILED: only a new upload can help.
    expect(retryAsksStatus(job('failed', { ...held, tiktokStatus: 'FAILED' }))).toBe(false);
    expect(retryAsksStatus(job('failed', { publishId: 'p1' }))).toBe(false);
    expect(canRetry('processing')).toBe(true);
  });

  it('cancel says honestly whether TikTok may still deliver the draft', () => {
    expect(cancelMessage(job('processing', { heldByTikTok: true, publishId: 'p1' }))).toMatch(
      /TikTok already has the video and may still put it in your drafts/,
    );
    expect(cancelMessage(job('uploading', { publishId: 'p1' }))).toMatch(/stored copy was deleted/);
    expect(cancelMessage(undefined)).toMatch(/^Cancelled/);
  });

  it('a pending retry is cleared when the status changes, kept within the same status', () => {
    const retry = { at: 50, cause: 'connection dropped', triedAt: 10 };
    const waiting = transition(job('uploading'), 'uploading', { retry }, 11);
    expect(waiting.retry).toEqual(retry);
    expect(transition(waiting, 'uploading', { serverOffset: 5 }, 12).retry).toEqual(retry);
    expect(transition(waiting, 'processing', {}, 13).retry).toBeUndefined();
  });

  it('records the running status a wait left, keeps it across waits and returns to it', () => {
    const limited = transition(job('uploading', { serverOffset: 10 }), 'rate_limited', { notBefore: 99 }, 2);
    expect(limited.resumeStatus).toBe('uploading');
    expect(limited.notBefore).toBe(99);
    const offline = transition(limited, 'offline', {}, 3);
    expect(offline.resumeStatus).toBe('uploading');
    expect(() => transition(offline, 'initializing', {}, 4)).toThrow(IllegalTransition);
    const back = transition(offline, 'uploading', {}, 4);
    expect(back.resumeStatus).toBeUndefined();
    expect(back.serverOffset).toBe(10);
    expect(transition(offline, 'queued', {}, 4).status).toBe('queued');
  });

  it('takes resumeStatus from the patch when given', () => {
    const j = transition(job('uploading'), 'needs_auth', { resumeStatus: 'initializing' }, 2);
    expect(j.resumeStatus).toBe('initializing');
  });

  it('a wait entered from queued has no resumeStatus', () => {
    expect(transition(job('queued'), 'needs_auth', {}, 2).resumeStatus).toBeUndefined();
  });

  it('keeps the error in a wait and clears it on running or terminal statuses unless the patch sets one', () => {
    const error = { code: 'access_token_invalid', message: 'Connect again.' };
    const waiting = transition(job('initializing'), 'needs_auth', { error }, 2);
    expect(waiting.error).toEqual(error);
    expect(transition(waiting, 'offline', {}, 3).error).toEqual(error);
    expect(transition(waiting, 'initializing', {}, 3).error).toBeUndefined();
    const failed = transition(job('uploading'), 'failed', { error }, 3);
    expect(failed.error).toEqual(error);
    expect(transition(job('processing', { error }), 'in_drafts', {}, 3).error).toBeUndefined();
  });

  it('sets progress 1 for in_drafts and published only', () => {
    expect(transition(job('processing', { progress: 0.4 }), 'published', {}, 2).progress).toBe(1);
    expect(transition(job('uploading', { progress: 0.4 }), 'failed', {}, 2).progress).toBe(0.4);
  });

  it('does not mutate the job it was given', () => {
    const before = job('uploading');
    const copy = structuredClone(before);
    transition(before, 'rate_limited', { notBefore: 5 }, 7);
    expect(before).toEqual(copy);
  });

  it('every status has a way out except the finished ones', () => {
    for (const from of JOB_STATUSES) {
      const exits = JOB_STATUSES.filter((to) => to !== from && canTransition(from, to));
      if (from === 'published') expect(exits).toEqual([]);
      else expect(exits.length, from).toBeGreaterThan(0);
    }
    for (const w of WAITING_STATUSES) expect(canTransition(w, 'queued')).toBe(true);
  });

  it('counts the jobs not finished for the badge', () => {
    const jobs = JOB_STATUSES.map((s) => job(s));
    expect(activeCount(jobs)).toBe(JOB_STATUSES.length - 4);
    expect(activeCount([job('in_drafts'), job('failed')])).toBe(0);
  });
});
