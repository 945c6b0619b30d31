import { describe, expect, it } from 'vitest';
import { announcement } from '../announce';
import type { Job, JobStatus } from '../job';

const job = (id: string, status: JobStatus, title = `${id}.mp4`): Job => ({
  id,
  createdAt: 1,
  updatedAt: 1,
  status,
  title,
  progress: 0,
  source: { kind: 'url', url: 'https://cdn.example.com/a.mp4', via: 'popup' },
});

describe('announcement', () => {
  it('says which jobs reached the drafts or failed', () => {
    const before = new Map<string, JobStatus>([
      ['a', 'uploading'],
      ['b', 'processing'],
    ]);
    expect(announcement(before, [job('a', 'failed'), job('b', 'in_drafts')])).toMatch(
      /a\.mp4: .+\. b\.mp4: .+\./,
    );
  });

  it('stays quiet for progress, unchanged statuses and jobs it has not seen', () => {
    const before = new Map<string, JobStatus>([['a', 'queued']]);
    expect(announcement(before, [job('a', 'uploading'), job('new', 'failed')])).toBe('');
    expect(announcement(new Map([['a', 'failed']]), [job('a', 'failed')])).toBe('');
  });

  it('keeps a burst short', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const before = new Map<string, JobStatus>(ids.map((id) => [id, 'processing']));
    const said = announcement(
      before,
      ids.map((id) => job(id, 'in_drafts')),
    );
    expect(said).toContain('And 2 more.');
    expect(said).not.toContain('d.mp4');
  });
});
