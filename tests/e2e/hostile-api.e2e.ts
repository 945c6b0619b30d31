// Hostile or broken answers from TikTok (issue 4): an error under HTTP 200, truncated JSON, a 429
// with Retry-After. Each ends in a definite state, never a hang or a silent success.
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { EMULATOR_URL } from './harness/env';
import { withExtension } from './harness/launch';
import { videoSha256, videoUrl } from './harness/site';
import { completeUpload, signedIn, uploadPuts } from './harness/transfer';
import { resetWorld } from './harness/world';

describe('hostile API answers', () => {
  beforeEach(() => resetWorld());

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
      expect(await uploadPuts()).toEqual([]);
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
