import { describe, expect, it } from 'vitest';
import type { CaptureSource, Job } from '../../job';
import { grantOrigins, jobActions } from '../../job-view';
import { accessUrlFor, crossOriginFrame, frameAccessMessage } from '../frame-access';

const PAGE = 'https://news.example.com/story';
const FRAME = 'https://player.example.net/embed/7?autoplay=1';

function captureJob(over: Partial<CaptureSource> = {}, status: Job['status'] = 'needs_permission'): Job {
  return {
    id: 'j1',
    status,
    title: 'A story',
    createdAt: 1,
    updatedAt: 1,
    attempts: 0,
    source: {
      kind: 'capture',
      mode: 'hls',
      undecided: true,
      pageUrl: PAGE,
      tabId: 3,
      frameId: 12,
      frameUrl: FRAME,
      srcUrl: 'blob:https://player.example.net/1f',
      ...over,
    },
  } as Job;
}

describe('crossOriginFrame', () => {
  it('names a sub-frame of another origin, and nothing for the top frame or a same-origin frame', () => {
    expect(crossOriginFrame(12, FRAME, PAGE)?.origin).toBe('https://player.example.net');
    // Another port (or scheme) is another origin.
    expect(crossOriginFrame(5, 'http://127.0.0.1:9000/p', 'http://127.0.0.1:8000/')?.origin).toBe(
      'http://127.0.0.1:9000',
    );
    expect(crossOriginFrame(0, FRAME, PAGE)).toBeUndefined();
    expect(crossOriginFrame(12, 'https://news.example.com/embed', PAGE)).toBeUndefined();
    expect(crossOriginFrame(12, undefined, PAGE)).toBeUndefined();
    expect(crossOriginFrame(12, 'about:blank', PAGE)).toBeUndefined();
  });
});

describe('a capture waiting for a frame’s origin', () => {
  it('waits for, and asks for, the frame’s host — not the page’s', () => {
    const job = captureJob();
    expect(accessUrlFor(job)?.href).toBe(FRAME);
    expect(grantOrigins(job)).toEqual(['https://player.example.net/*']);
    expect(jobActions(job).grant).toBe(true);
  });

  it('still resolves a URL job’s video host, and nothing for a file', () => {
    const url = {
      ...captureJob(),
      source: { kind: 'url', url: 'https://cdn.example.org/v.mp4', via: 'menu' },
    };
    expect(accessUrlFor(url as Job)?.hostname).toBe('cdn.example.org');
    const file = { ...captureJob(), source: { kind: 'file', name: 'a.mp4', size: 1, type: 'video/mp4' } };
    expect(accessUrlFor(file as Job)).toBeUndefined();
  });

  it('says which origin and what to press', () => {
    const message = frameAccessMessage(new URL(FRAME));
    expect(message).toContain('https://player.example.net');
    expect(message).toContain('Allow access');
  });
});
