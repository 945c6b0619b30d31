// The diagnostics log (issue 9): a refused init leaves TikTok's log_id in the failed job's words and
// in the options page's log, which holds the job's steps and never a token, a code or a query string.
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { EMULATOR_URL } from './harness/env';
import { withExtension } from './harness/launch';
import { videoUrl } from './harness/site';
import { signedIn } from './harness/transfer';
import { resetWorld } from './harness/world';

describe('diagnostics log', () => {
  beforeEach(() => resetWorld());

  it('records the steps and TikTok’s log_id, copyable from the options page, without secrets', async () => {
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
            error: { code: 'spam_risk_user_banned_from_posting', message: 'banned', log_id: 'e2e-log-4711' },
          },
        },
      });
      const source = `${videoUrl('diagnostics', 300_000)}?sig=query-secret`;
      const id = await popup.sendUrl(source);
      const job = await popup.waitForJob(id, 'failed', 60_000);
      expect(job.error).toContain('e2e-log-4711');

      const options = await ext.openPage('options.html');
      const log = await options.waitForSelector('[data-testid="diagnostics-log"]');
      await options.waitForFunction(
        () => document.querySelector('[data-testid="diagnostics-log"]')?.textContent?.includes('→ failed'),
        { timeout: 10_000 },
      );
      const text = (await log!.evaluate((el) => el.textContent)) ?? '';
      expect(text).toContain('log_id e2e-log-4711');
      expect(text).toContain(`job ${id.slice(0, 8)}`);
      expect(text).toMatch(/queued → /);
      expect(text).toContain('spam_risk_user_banned_from_posting');
      for (const secret of ['query-secret', 'act.', 'rft.', 'upload_token=fake']) {
        expect(text, secret).not.toContain(secret);
      }
    });
  });
});
