import { beforeEach, describe, expect, it } from 'vitest';
import { createJobStore, type JobStore } from '../job-store';
import { createDiagnosticsLog, formatDiagnostics, MAX_EVENTS, redact } from '../diagnostics';

let store: JobStore;
let clock = 1_700_000_000_000;

beforeEach(() => {
  indexedDB = new IDBFactory();
  store = createJobStore();
  clock = 1_700_000_000_000;
});

describe('redact', () => {
  it('removes tokens, codes and query strings', () => {
    const text =
      'PUT https://open-upload.tiktokapis.com/upload/?upload_id=123&upload_token=abc failed; refresh_token=rft.SECRET1 code: CODE123 Bearer act.SECRET2 state=xyz';
    const out = redact(text);
    for (const secret of ['abc', 'rft.SECRET1', 'CODE123', 'act.SECRET2', 'xyz', 'upload_id=123']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('https://open-upload.tiktokapis.com/upload/?…');
  });

  it('keeps ordinary words and bounds the length', () => {
    expect(redact('TikTok answered 503 (connection dropped)')).toBe(
      'TikTok answered 503 (connection dropped)',
    );
    expect(redact('x'.repeat(39))).toBe('x'.repeat(39));
    expect(redact('word '.repeat(300)).length).toBeLessThanOrEqual(500);
  });
});

describe('diagnostics log', () => {
  it('keeps the last 500 events, oldest first, redacted, with the short job id and log_id', async () => {
    const log = createDiagnosticsLog(store, () => clock++);
    for (let i = 0; i < MAX_EVENTS + 20; i++) {
      await log.record({ kind: 'job', jobId: '0123456789abcdef', text: `step ${i} access_token=act.S${i}` });
    }
    await log.record({ kind: 'api', text: 'init answered 429', logId: '20261202ABCDEF' });
    const events = await log.list();
    expect(events).toHaveLength(MAX_EVENTS);
    expect(events[0].text).toBe('step 21 access_token=…');
    expect(events.at(-1)).toMatchObject({ kind: 'api', logId: '20261202ABCDEF' });
    expect(events[0].job).toBe('01234567');
    expect(JSON.stringify(events)).not.toMatch(/act\.S\d/);

    const text = formatDiagnostics(events, 'Send to TikTok Drafts 0.1.0');
    expect(text.split('\n')).toHaveLength(MAX_EVENTS + 2);
    expect(text).toContain('(log_id 20261202ABCDEF)');

    await log.clear();
    expect(await log.list()).toEqual([]);
  });
});
