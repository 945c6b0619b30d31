import { describe, expect, it } from 'vitest';
import { JOB_STATUSES, type Job, type JobStatus } from '../job';
import {
  STATUS_LABELS,
  activeCount,
  captionFor,
  grantOrigins,
  jobActions,
  jobErrorText,
  progressText,
  progressValue,
  reselectProblem,
  sortNewestFirst,
  statusTone,
  tiktokInboxUrl,
} from '../job-view';

const NOW = Date.UTC(2026, 10, 22, 1, 0, 0);

function job(status: JobStatus, extra: Partial<Job> = {}): Job {
  return {
    id: `id-${status}`,
    createdAt: NOW,
    updatedAt: NOW,
    status,
    progress: 0,
    title: 'clip.mp4',
    source: { kind: 'url', url: 'https://cdn.example.com:8443/v/clip.mp4', via: 'popup' },
    ...extra,
  };
}

const fileSource = { kind: 'file', name: 'holiday.mov', size: 123, type: 'video/quicktime' } as const;

describe('jobActions: the popup contract', () => {
  // Written out from the issue rather than derived from TERMINAL_STATUSES, so a change to either is caught.
  const nonTerminal: JobStatus[] = [
    'queued',
    'needs_auth',
    'needs_permission',
    'acquiring',
    'initializing',
    'uploading',
    'processing',
    'waiting_slot',
    'rate_limited',
    'offline',
    'paused',
  ];

  it.each(JOB_STATUSES)(
    '%s: cancel only while not terminal, retry only after failed, cancelled or paused',
    (s) => {
      const actions = jobActions(job(s));
      expect(actions.cancel).toBe(nonTerminal.includes(s));
      expect(actions.retry).toBe(s === 'failed' || s === 'cancelled' || s === 'paused');
    },
  );

  it('offers Allow access only to URL jobs waiting on permission', () => {
    expect(jobActions(job('needs_permission')).grant).toBe(true);
    expect(jobActions(job('acquiring')).grant).toBe(false);
    expect(jobActions(job('needs_permission', { source: fileSource })).grant).toBe(false);
    const notHttp = job('needs_permission', {
      source: { kind: 'url', url: 'ftp://x.com/a.mp4', via: 'menu' },
    });
    expect(jobActions(notHttp).grant).toBe(false);
  });

  it('offers choosing the file again only to paused file jobs', () => {
    expect(jobActions(job('paused', { source: fileSource })).reselect).toBe(true);
    expect(jobActions(job('paused')).reselect).toBe(false);
    expect(jobActions(job('failed', { source: fileSource })).reselect).toBe(false);
  });

  it('offers the caption once TikTok has the video, and the TikTok link for drafts', () => {
    const done = JOB_STATUSES.filter((s) => jobActions(job(s)).copyCaption);
    expect(done.sort()).toEqual(['in_drafts', 'published']);
    expect(JOB_STATUSES.filter((s) => jobActions(job(s)).openTikTok)).toEqual(['in_drafts']);
  });
});

describe('jobErrorText', () => {
  const shown: JobStatus[] = [
    'failed',
    'paused',
    'needs_auth',
    'needs_permission',
    'waiting_slot',
    'rate_limited',
    'offline',
  ];

  it.each(JOB_STATUSES)(
    '%s: shows the job’s own message exactly when failed, paused or waiting on the user',
    (s) => {
      const text = jobErrorText(job(s, { error: { code: 'x', message: `message for ${s}` } }));
      expect(text).toBe(shown.includes(s) ? `message for ${s}` : undefined);
    },
  );

  it('still says what ends the wait when the background set no message', () => {
    for (const s of shown) expect(jobErrorText(job(s))).toMatch(/\w{3,}/);
    expect(jobErrorText(job('needs_auth'))).toMatch(/connect/i);
  });
});

describe('grantOrigins', () => {
  it('asks for the host of the source URL, without its port or path', () => {
    expect(grantOrigins(job('needs_permission'))).toEqual(['https://cdn.example.com/*']);
    const local = job('needs_permission', {
      source: { kind: 'url', url: 'http://[::1]:8791/a.mp4', via: 'menu' },
    });
    expect(grantOrigins(local)).toEqual(['http://[::1]/*']);
  });

  it('has nothing to ask for file jobs or unparsable URLs', () => {
    expect(grantOrigins(job('needs_permission', { source: fileSource }))).toBeUndefined();
    expect(
      grantOrigins(job('needs_permission', { source: { kind: 'url', url: 'not a url', via: 'popup' } })),
    ).toBeUndefined();
  });
});

describe('progress', () => {
  it('is the job’s fraction, clamped, and 1 once TikTok has the video', () => {
    expect(progressValue(job('uploading', { progress: 0.42 }))).toBe(0.42);
    expect(progressValue(job('uploading', { progress: 1.7 }))).toBe(1);
    expect(progressValue(job('acquiring', { progress: -1 }))).toBe(0);
    expect(progressValue(job('acquiring', { progress: Number.NaN }))).toBe(0);
    expect(progressValue(job('in_drafts', { progress: 0.2 }))).toBe(1);
    expect(progressValue(job('published'))).toBe(1);
  });

  it('reads bytes when the size is known, a percentage otherwise', () => {
    expect(progressText(job('uploading', { progress: 0.4, videoSize: 50_000_123 }), NOW)).toBe(
      'Uploading to TikTok · 20 MB of 50 MB',
    );
    expect(progressText(job('acquiring', { progress: 0.255 }), NOW)).toBe('Downloading the video · 25%');
  });

  it('tells when a wait ends, and stays silent where the status says it all', () => {
    expect(progressText(job('rate_limited', { notBefore: NOW + 40_000 }), NOW)).toMatch(/in 40 s$/);
    expect(progressText(job('waiting_slot', { notBefore: NOW - 1 }), NOW)).toBe(
      'Waiting for a free draft slot',
    );
    expect(progressText(job('processing', { route: 'PULL_FROM_URL', progress: 0.3 }), NOW)).toMatch(/30%/);
    expect(progressText(job('failed'), NOW)).toBeUndefined();
    expect(progressText(job('cancelled'), NOW)).toBeUndefined();
  });
});

describe('labels and tones', () => {
  it('gives every status a distinct label', () => {
    const labels = JOB_STATUSES.map((s) => STATUS_LABELS[s]);
    expect(new Set(labels).size).toBe(JOB_STATUSES.length);
    expect(labels.every((l) => l.length > 0)).toBe(true);
  });

  it('colours outcomes apart from waits and work', () => {
    expect(statusTone('in_drafts')).toBe('success');
    expect(statusTone('failed')).toBe('danger');
    expect(statusTone('uploading')).toBe('active');
    expect(statusTone('needs_auth')).toBe('waiting');
  });
});

describe('captionFor', () => {
  it('credits the page a web video came from, else its URL', () => {
    const fromPage = job('in_drafts', {
      title: 'Sunset',
      source: { kind: 'url', url: 'https://cdn.x.com/s.mp4', pageUrl: 'https://blog.x.com/p', via: 'menu' },
    });
    expect(captionFor(fromPage)).toBe('Sunset\n\nSource: https://blog.x.com/p');
    expect(captionFor(job('in_drafts', { title: 'Clip' }))).toBe(
      'Clip\n\nSource: https://cdn.example.com:8443/v/clip.mp4',
    );
  });

  it('uses a file’s name without its extension', () => {
    expect(captionFor(job('in_drafts', { title: 'my.holiday.mov', source: fileSource }))).toBe('my.holiday');
  });
});

describe('lists', () => {
  it('sorts newest first, stably', () => {
    const a = job('queued', { id: 'a', createdAt: 1 });
    const b = job('queued', { id: 'b', createdAt: 3 });
    const c = job('queued', { id: 'c', createdAt: 3 });
    expect(sortNewestFirst([a, b, c]).map((j) => j.id)).toEqual(['c', 'b', 'a']);
    expect(sortNewestFirst([c, a, b]).map((j) => j.id)).toEqual(['c', 'b', 'a']);
  });

  it('counts the jobs not yet finished', () => {
    expect(activeCount([job('uploading'), job('needs_auth'), job('in_drafts'), job('failed')])).toBe(2);
  });

  it('links the real TikTok, or the emulator’s inbox in test builds', () => {
    expect(tiktokInboxUrl('https://open.tiktokapis.com')).toBe('https://www.tiktok.com/');
    expect(tiktokInboxUrl('http://127.0.0.1:8790')).toBe('http://127.0.0.1:8790/inbox');
  });
});

describe('reselectProblem', () => {
  const paused = job('paused', { source: fileSource });

  it('accepts the same size, refuses another with both sizes named', () => {
    expect(reselectProblem(paused, { name: 'holiday.mov', size: 123 })).toBeUndefined();
    const problem = reselectProblem(paused, { name: 'other.mov', size: 5_000_000 });
    expect(problem).toContain('other.mov');
    expect(problem).toContain('5.0 MB');
    expect(problem).toContain('123 B');
  });
});
