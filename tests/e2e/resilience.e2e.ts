// Issue 4 end to end: faults on the upload, an expired upload URL, a server offset ahead of the
// client, a killed worker, a closed browser and an expired token each still deliver the exact
// bytes; bad sources end `failed` with a reason and no request to a blocked target.
import { beforeEach, describe, expect, it } from 'vitest';
import { privateLocalAddresses } from '../fixtures/local-addresses';
import { emulator, type EmulatorRequest, type EmulatorUpload } from './harness/emulator';
import { EMULATOR_URL, SITE_PORT, SITE_URL } from './harness/env';
import { launchWithExtension, newProfileDir, withExtension, type LaunchedExtension } from './harness/launch';
import { clickMenu } from './harness/menu';
import { Popup } from './harness/popup';
import { pageUrl, site, videoSha256, videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld, sleep } from './harness/world';

// Two chunks under the extension's plan (10,000,000 + 11,000,000): the smallest size whose
// interruptions can fall between chunks.
const TWO_CHUNKS = 21_000_000;
const THREE_CHUNKS = 31_000_000;

async function signedIn(ext: LaunchedExtension): Promise<Popup> {
  const popup = await Popup.open(ext);
  await popup.connect();
  return popup;
}

const puts = async (): Promise<EmulatorRequest[]> =>
  (await emulator.log()).filter((r) => r.endpoint === 'upload');

/** Bytes sent in PUT bodies beyond the video's size: what the interruptions cost. */
async function bytesResent(videoSize: number): Promise<number> {
  const sent = (await puts()).reduce((sum, r) => sum + (r.contentLength ?? 0), 0);
  return sent - videoSize;
}

async function completeUpload(sha256: string): Promise<EmulatorUpload> {
  const uploads = await emulator.uploads();
  const done = uploads.filter((u) => u.sha256 !== undefined);
  expect(
    done.map((u) => u.sha256),
    JSON.stringify(uploads, null, 1),
  ).toEqual([sha256]);
  return done[0];
}

describe('resilience', () => {
  beforeEach(() => resetWorld());

  it('503s and a dropped connection on PUTs: retried, and the bytes arrive exact', async () => {
    const name = 'faults-503-drop';
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      await emulator.addFaults(
        { endpoint: 'upload', nth: 1, times: 2, action: { type: 'status', status: 503 } },
        { endpoint: 'upload', nth: 4, action: { type: 'drop' } },
      );
      const id = await popup.sendUrl(videoUrl(name, TWO_CHUNKS));
      await popup.waitForJob(id, 'in_drafts', 150_000);

      const upload = await completeUpload(videoSha256(name, TWO_CHUNKS));
      expect(upload.chunksAccepted).toBe(2);
      expect((await puts()).map((r) => r.status)).toEqual([503, 503, 206, 0, 201]);
    });
  });

  it('an upload URL that expires mid-upload: one re-init, then the whole video again', async () => {
    const name = 'expired-url';
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      // Hold the first chunk's answer (its bytes are stored first) and expire the URL meanwhile.
      await emulator.addFaults({ endpoint: 'upload', nth: 1, action: { type: 'hold', ms: 3000 } });
      const id = await popup.sendUrl(videoUrl(name, TWO_CHUNKS));
      await waitFor(
        'the first chunk stored',
        async () => (await emulator.uploads()).some((u) => u.chunksAccepted === 1),
        {
          timeoutMs: 60_000,
          intervalMs: 100,
        },
      );
      await emulator.expire({ uploadUrls: true });
      await popup.waitForJob(id, 'in_drafts', 150_000);

      await completeUpload(videoSha256(name, TWO_CHUNKS));
      const log = await emulator.log();
      expect(log.filter((r) => r.endpoint === 'init').map((r) => r.status)).toEqual([200, 200]);
      expect(log.filter((r) => r.endpoint === 'upload').map((r) => r.status)).toContain(403);
    });
  });

  it('a lost answer after the server stored the chunk: resync to the server offset, one chunk re-sent at most', async () => {
    const name = 'skewed-offset';
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      // The server keeps chunk 1 but the client never hears so: its offset is now behind the
      // server's, and the next PUT of chunk 1 is answered 416 with the server's range.
      await emulator.addFaults({
        endpoint: 'upload',
        nth: 1,
        action: { type: 'drop', store: true },
      } as never);
      const id = await popup.sendUrl(videoUrl(name, TWO_CHUNKS));
      await popup.waitForJob(id, 'in_drafts', 150_000);

      const upload = await completeUpload(videoSha256(name, TWO_CHUNKS));
      expect(upload.chunksAccepted).toBe(2);
      const statuses = (await puts()).map((r) => r.status);
      expect(statuses[0]).toBe(0);
      expect(statuses.at(-1)).toBe(201);
      expect(statuses.filter((s) => s === 201 || s === 206)).toHaveLength(1);
      expect(await bytesResent(TWO_CHUNKS)).toBeLessThanOrEqual(11_000_000);
    });
  });

  it('the worker killed mid-upload: the job resumes from the server offset and the bytes match', async () => {
    const name = 'worker-killed';
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      await emulator.addFaults({ endpoint: 'upload', nth: 2, action: { type: 'hold', ms: 5000 } });
      const id = await popup.sendUrl(videoUrl(name, THREE_CHUNKS));
      await waitFor(
        'the second chunk stored',
        async () => (await emulator.uploads()).some((u) => u.chunksAccepted === 2),
        {
          timeoutMs: 60_000,
          intervalMs: 100,
        },
      );
      await (await ext.worker()).close();

      await popup.waitForJob(id, 'in_drafts', 150_000);
      await completeUpload(videoSha256(name, THREE_CHUNKS));
      const resent = await bytesResent(THREE_CHUNKS);
      console.info(`worker killed mid-upload: ${resent} bytes re-sent`);
      expect(resent).toBeLessThanOrEqual(11_000_000);
    });
  });

  it('the worker killed at several random points of a transfer: the bytes still match', async () => {
    const name = 'worker-killed-random';
    // Each PUT answer is held a little, so the transfer lasts long enough to be hit several times.
    const delays = Array.from({ length: 3 }, () => 300 + Math.floor(Math.random() * 2500));
    console.info(`worker kills after ${delays.join(', ')} ms`);
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      await emulator.addFaults({ endpoint: 'upload', nth: 1, times: 20, action: { type: 'hold', ms: 1500 } });
      const id = await popup.sendUrl(videoUrl(name, THREE_CHUNKS));
      for (const delay of delays) {
        await sleep(delay);
        // ext.worker() waits for the restarted worker, so every kill hits a living one.
        await (await ext.worker(30_000)).close();
      }
      await popup.waitForJob(id, 'in_drafts', 150_000);
      await completeUpload(videoSha256(name, THREE_CHUNKS));
      const resent = await bytesResent(THREE_CHUNKS);
      console.info(`worker killed ${delays.length} times: ${resent} bytes re-sent`);
      expect(resent).toBeLessThanOrEqual(delays.length * 11_000_000);
    });
  });

  it('the browser closed mid-upload and started again: the job resumes by itself', async () => {
    const name = 'browser-closed';
    const userDataDir = await newProfileDir();
    let id = '';
    const first = await launchWithExtension({ userDataDir });
    try {
      const popup = await signedIn(first);
      await emulator.addFaults({ endpoint: 'upload', nth: 2, action: { type: 'hold', ms: 10_000 } });
      id = await popup.sendUrl(videoUrl(name, THREE_CHUNKS));
      await waitFor(
        'the second chunk stored',
        async () => (await emulator.uploads()).some((u) => u.chunksAccepted === 2),
        {
          timeoutMs: 60_000,
          intervalMs: 100,
        },
      );
    } finally {
      await first.close();
    }
    await withExtension({ userDataDir }, async (ext) => {
      await waitFor(
        'the upload to complete after the restart',
        async () => (await emulator.uploads()).some((u) => u.sha256 !== undefined),
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      const popup = await Popup.open(ext);
      await popup.waitForJob(id, 'in_drafts', 120_000);
      await completeUpload(videoSha256(name, THREE_CHUNKS));
      expect(await bytesResent(THREE_CHUNKS)).toBeLessThanOrEqual(11_000_000);
    });
  });

  it('an access token expiring mid-job is refreshed once and the job completes', async () => {
    const name = 'token-expired';
    await withExtension({}, async (ext) => {
      const popup = await signedIn(ext);
      await emulator.addFaults({ endpoint: 'upload', nth: 1, action: { type: 'hold', ms: 1500 } });
      const id = await popup.sendUrl(videoUrl(name, 1_000_000));
      await waitFor('the upload started', async () => (await emulator.uploads()).length > 0, {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      await emulator.expire({ accessTokens: true });
      await popup.waitForJob(id, 'in_drafts', 120_000);

      await completeUpload(videoSha256(name, 1_000_000));
      const tokenCalls = (await emulator.log()).filter((r) => r.endpoint === 'token' && r.status === 200);
      expect(tokenCalls, 'the code exchange, then one refresh').toHaveLength(2);
    });
  });

  describe('hostile API answers', () => {
    it('an error code other than ok under HTTP 200 on init fails the job with the reason, and nothing is PUT', async () => {
      await withExtension({}, async (ext) => {
        const popup = await signedIn(ext);
        await emulator.addFaults({
          endpoint: 'init',
          action: {
            type: 'status',
            status: 200,
            body: {
              data: {
                publish_id: 'v_inbox_file~fake',
                upload_url: `${EMULATOR_URL}/upload/fake?upload_token=fake`,
              },
              error: { code: 'spam_risk_user_banned_from_posting', message: 'banned', log_id: 'e2e' },
            },
          },
        });
        const id = await popup.sendUrl(videoUrl('error-under-200', 300_000));
        const job = await popup.waitForJob(id, 'failed', 60_000);
        expect(job.error).toBeTruthy();
        expect(await puts()).toEqual([]);
      });
    });

    it('a truncated status answer is retried and the job still reaches the drafts', async () => {
      await withExtension({}, async (ext) => {
        const popup = await signedIn(ext);
        await emulator.addFaults({ endpoint: 'status', action: { type: 'malformed-json' } });
        const id = await popup.sendUrl(videoUrl('malformed-status', 300_000));
        await popup.waitForJob(id, 'in_drafts', 90_000);
        const statuses = (await emulator.log()).filter((r) => r.endpoint === 'status');
        expect(statuses.length).toBeGreaterThanOrEqual(2);
        await completeUpload(videoSha256('malformed-status', 300_000));
      });
    });

    it('a 429 on init waits out its Retry-After, then goes on', async () => {
      await withExtension({}, async (ext) => {
        const popup = await signedIn(ext);
        await emulator.addFaults({
          endpoint: 'init',
          action: {
            type: 'status',
            status: 429,
            headers: { 'Retry-After': '4' },
            body: { data: {}, error: { code: 'rate_limit_exceeded', message: 'slow down', log_id: 'e2e' } },
          },
        });
        const id = await popup.sendUrl(videoUrl('retry-after', 300_000));
        await popup.waitForJob(id, 'in_drafts', 90_000);
        const inits = (await emulator.log()).filter((r) => r.endpoint === 'init');
        expect(inits.map((r) => r.status)).toEqual([429, 200]);
        expect(inits[1].time - inits[0].time).toBeGreaterThanOrEqual(4000 - 250);
      });
    });
  });

  describe('bad sources', () => {
    const privateHosts = privateLocalAddresses().map(({ address, family }) =>
      family === 'IPv6' ? `[${address}]` : address,
    );

    it('each ends failed with a message, no request reaches a blocked target, and a good job still succeeds', async () => {
      // Private, link-local and mapped forms; 167772161 and 012.0.0.1 are 10.0.0.1 spelled otherwise.
      const blockedHosts = [
        '10.0.0.1',
        '167772161',
        '012.0.0.1',
        '192.168.0.1',
        '169.254.169.254',
        '[fd00::1]',
        '[::ffff:10.0.0.1]',
        ...privateHosts,
      ];
      const blocked = blockedHosts.map(
        (host, i) => `http://${host}:${SITE_PORT}/videos/blocked-${i}-1000.mp4`,
      );
      // A loopback page that redirects to a private target: the redirect must not be followed.
      const redirects = privateHosts.map(
        (host, i) =>
          `${SITE_URL}/redirect?to=${encodeURIComponent(`http://${host}:${SITE_PORT}/videos/blocked-redirect-${i}-1000.mp4`)}`,
      );
      const sources = [
        'file:///etc/hostname',
        'data:video/mp4;base64,AAAAGGZ0eXBpc29tAAACAGlzb21tcDQy',
        'javascript:alert(1)',
        'chrome://settings/',
        pageUrl('plain'),
        videoUrl('empty', 0),
        // Declares more than TikTok's 4,000,000,000 B: refused on its Content-Length.
        videoUrl('huge', 4_000_000_001),
        ...blocked,
        ...redirects,
      ];
      await withExtension({}, async (ext) => {
        const popup = await signedIn(ext);
        for (const source of sources) {
          const id = await popup.sendUrl(source);
          const job = await popup.waitForJob(id, 'failed', 60_000);
          expect(job.error, `a reason for ${source}`).toBeTruthy();
        }
        await popup.screenshot('resilience-bad-sources');

        const reached = (await site.log()).filter((r) => r.path.startsWith('/videos/blocked-'));
        expect(reached, `requests that reached a blocked target: ${JSON.stringify(reached)}`).toEqual([]);
        const uploads = await emulator.uploads();
        expect(uploads, JSON.stringify({ uploads, log: await emulator.log() }, null, 1)).toEqual([]);

        const good = await popup.sendUrl(videoUrl('after-bad', 1_000_000));
        await popup.waitForJob(good, 'in_drafts', 120_000);
        await completeUpload(videoSha256('after-bad', 1_000_000));
      });
    });

    it('a source shorter than its declared length ends failed, nothing is uploaded', async () => {
      await withExtension({}, async (ext) => {
        const popup = await signedIn(ext);
        const id = await popup.sendUrl(`${videoUrl('truncated', 2_000_000)}?truncate=1000000`);
        const job = await popup.waitForJob(id, 'failed', 120_000);
        expect(job.error).toBeTruthy();
        expect((await emulator.log()).filter((r) => r.endpoint === 'upload')).toEqual([]);
      });
    });

    it('a blob: video from the context menu becomes a failed job, not a silent no-op', async () => {
      await withExtension({}, async (ext) => {
        const popup = await signedIn(ext);
        const tab = await ext.browser.newPage();
        await tab.goto(pageUrl('plain'));
        const before = await popup.jobIds();
        await clickMenu(await ext.worker(), tab, {
          context: 'video',
          srcUrl: `blob:${new URL(tab.url()).origin}/0b5c6f8e-1111-4222-8333-944455556666`,
        });
        await popup.page.bringToFront();
        const id = await popup.waitForNewJob(before);
        const job = await popup.waitForJob(id, 'failed', 60_000);
        expect(job.error).toBeTruthy();
      });
    });
  });
});
