import { describe, expect, it } from 'vitest';
import { JOB_STATUSES, type Job, type JobStatus } from '../job';
import {
  activeCount,
  captionFor,
  grantOrigins,
  jobActions,
  statusLabel,
  jobErrorText,
  progressText,
  progressValue,
  reselectProblem,
  statusTone,
  storageNotice,
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

  it('offers no Retry for a refusal that trying again cannot change', () => {
    for (const code of ['drm_protected', 'live_stream', 'blocked_host', 'too_long', 'damaged_record']) {
      expect(jobActions(job('failed', { error: { code, message: 'no' } })).retry, code).toBe(false);
      expect(jobActions(job('failed', { error: { code, message: 'no' } })).remove, code).toBe(true);
    }
    expect(jobActions(job('failed', { error: { code: 'stream_fetch_failed', message: 'x' } })).retry).toBe(
      true,
    );
  });

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
    'cancelled',
    'paused',
    'needs_auth',
    'needs_permission',
    'waiting_slot',
    'rate_limited',
    'offline',
  ];

  it.each(JOB_STATUSES)(
    '%s: shows the job’s own message exactly when failed, cancelled, paused or waiting on the user',
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

  it('says how much of a local file is converted to MP4 before TikTok is asked for a slot', () => {
    const converting = job('initializing', { source: fileSource, converting: true, progress: 0.4 });
    expect(progressText(converting, NOW)).toBe('Converting to MP4 · 40%');
    expect(progressValue(converting)).toBe(0.4);
    expect(progressText(job('initializing', { source: fileSource, progress: 0 }), NOW)).toBe(
      'Asking TikTok for an upload slot',
    );
  });

  it('counts segments while a stream is captured, and reads a page’s Blob in bytes', () => {
    const capture = {
      kind: 'capture',
      pageUrl: 'https://videos.example/watch/1',
      tabId: 3,
      frameId: 0,
      frameUrl: 'https://videos.example/watch/1',
      srcUrl: 'blob:https://videos.example/1',
    } as const;
    const hls = { ...capture, mode: 'hls', manifestUrl: 'https://cdn.example/m.m3u8' } as const;
    expect(progressText(job('acquiring', { source: hls }), NOW)).toBe('Capturing the stream');
    expect(
      progressText(job('acquiring', { source: hls, progress: 0.3, capture: { done: 12, total: 40 } }), NOW),
    ).toBe('Capturing the stream (12 of 40 segments)');
    expect(
      progressText(
        job('acquiring', { source: { ...capture, mode: 'blob' }, progress: 0.5, videoSize: 2_000_000 }),
        NOW,
      ),
    ).toBe('Reading the video from the page · 1.0 MB of 2.0 MB');
    expect(captionFor(job('in_drafts', { source: hls, title: 'A page' }))).toBe(
      'A page\n\nSource: https://videos.example/watch/1',
    );
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
    const labels = JOB_STATUSES.map((s) => statusLabel(s));
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

describe('outages and disk in words', () => {
  it('an upload waiting to try again says when and why', () => {
    const waiting = job('uploading', {
      videoSize: 21_000_000,
      progress: 10 / 21,
      retry: { at: NOW + 40_000, cause: 'connection dropped', triedAt: NOW - 2000 },
    });
    expect(progressText(waiting, NOW)).toBe(
      'Uploading to TikTok · 10 MB of 21 MB · retrying in 40 s (connection dropped)',
    );
    expect(progressText({ ...waiting, retry: undefined }, NOW)).toBe('Uploading to TikTok · 10 MB of 21 MB');
  });

  it('a processing job whose status checks fail says TikTok has the video, and offers Retry to ask now', () => {
    const asking = job('processing', {
      heldByTikTok: true,
      progress: 1,
      retry: { at: NOW + 60_000, cause: 'TikTok answered 503', triedAt: NOW - 2 * 60_000 },
    });
    expect(progressText(asking, NOW)).toBe(
      'TikTok has the video; waiting for its status (last tried 2 min ago: TikTok answered 503)',
    );
    expect(jobActions(asking).retry).toBe(true);
    expect(jobActions(asking).cancel).toBe(true);
    expect(jobActions({ ...asking, retry: undefined }).retry).toBe(false);
  });

  it('a cancelled job says what became of the video', () => {
    const message = 'Cancelled, but TikTok already has the video and may still put it in your drafts.';
    expect(jobErrorText(job('cancelled', { error: { code: 'cancelled', message } }))).toBe(message);
  });

  it('finished jobs, and only they, can be removed', () => {
    for (const s of JOB_STATUSES) {
      expect(jobActions(job(s)).remove).toBe(['in_drafts', 'published', 'failed', 'cancelled'].includes(s));
    }
  });

  it('shows the disk used only above 100 MB', () => {
    expect(storageNotice(undefined)).toBeUndefined();
    expect(storageNotice(100_000_000)).toBeUndefined();
    expect(storageNotice(1_234_000_000)).toMatch(/^The extension holds 1.2 GB on this disk/);
  });
});
