import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openAppDB } from '@/utils/db';
import { startFileJob } from '../start-jobs';

const video = () =>
  new File([new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112])], 'clip.mp4', { type: 'video/mp4' });

describe('startFileJob', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('stores the file under the job id before the background hears of the job', async () => {
    const seen: { message: unknown; stored: unknown }[] = [];
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
      const { jobId } = message as { jobId: string };
      const stored = await (await openAppDB()).get('blobs', jobId);
      seen.push({ message, stored });
      return { ok: true, value: null };
    });

    const jobId = await startFileJob(video());

    expect(seen).toHaveLength(1);
    expect(seen[0].message).toEqual({
      type: 'job/start-file',
      jobId,
      name: 'clip.mp4',
      size: 8,
      type_: 'video/mp4',
    });
    expect(seen[0].stored).toMatchObject({ name: 'clip.mp4', size: 8, type: 'video/mp4' });
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says "storage full" and tells nobody when the browser has no room', async () => {
    const listener = vi.fn();
    fakeBrowser.runtime.onMessage.addListener(listener);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });

    await expect(startFileJob(video())).rejects.toThrow(/^Storage full/);
    expect(listener).not.toHaveBeenCalled();
  });

  it('refuses a file that is plainly not a video, before storing anything', async () => {
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    const text = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    await expect(startFileJob(text)).rejects.toThrow(/not a video/);
    expect(put).not.toHaveBeenCalled();
  });

  it('shows the background’s refusal as the error', async () => {
    fakeBrowser.runtime.onMessage.addListener(async () => ({ ok: false, error: 'Too many jobs.' }));
    await expect(startFileJob(video())).rejects.toThrow('Too many jobs.');
  });
});
