// Ten jobs at once against TikTok's limits: 6 inits per minute and 5 pending drafts. Limits are
// waits, not failures: every job ends in the drafts once the creator frees slots, without an init
// storm.
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator, type EmulatorRequest } from './harness/emulator';
import { withExtension, type LaunchedExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { videoSha256, videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

const JOBS = 10;
const SIZE = 300_000;
const INITS_PER_MINUTE = 6;
const PENDING_CAP = 5;

async function badgeText(ext: LaunchedExtension): Promise<string> {
  return (await ext.worker()).evaluate(() => chrome.action.getBadgeText({}));
}

/** The most requests in any 60-second window. */
function busiestMinute(requests: EmulatorRequest[]): number {
  const times = requests.map((r) => r.time).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= 60_000) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('limits', () => {
  beforeEach(() => resetWorld({ initPerMinute: INITS_PER_MINUTE, pendingDraftCap: PENDING_CAP }));

  it('ten jobs under 6 inits/min and 5 pending drafts all reach the drafts, waiting rather than failing', async () => {
    const names = Array.from({ length: JOBS }, (_, i) => `limits-${i}`);
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const ids: string[] = [];
      for (const name of names) ids.push(await popup.sendUrl(videoUrl(name, SIZE)));

      // Five drafts fill the creator's inbox; the rest wait for a slot (or for the rate window).
      const firstFive = await waitFor(
        'five drafts in the inbox',
        async () => {
          const inbox = (await emulator.uploads()).filter((u) => u.status === 'SEND_TO_USER_INBOX');
          return inbox.length >= PENDING_CAP && inbox;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      const waiting = await waitFor(
        'the other jobs waiting',
        async () => {
          const jobs = await popup.jobs();
          expect(jobs.filter((j) => j.status === 'failed')).toEqual([]);
          const waits = jobs.filter((j) => ['waiting_slot', 'rate_limited'].includes(j.status));
          return waits.length >= JOBS - PENDING_CAP && waits;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(
        waiting.every((j) => j.error),
        'a waiting job says why',
      ).toBe(true);
      // The badge counts the jobs still under way (read through the extension's own action API).
      // Read until both agree: a job may move on between the two reads.
      await waitFor(
        'the badge to show the active count',
        async () => {
          const jobs = await popup.jobs();
          const active = jobs.filter(
            (j) => !['in_drafts', 'published', 'failed', 'cancelled'].includes(j.status),
          );
          return active.length >= JOBS - PENDING_CAP && (await badgeText(ext)) === String(active.length);
        },
        { timeoutMs: 10_000 },
      );
      await popup.screenshot('limits-waiting');

      // The creator posts the five drafts: their slots free and the queue goes on.
      for (const upload of firstFive) await emulator.markDraft(upload.publishId, 'posted');
      for (const id of ids) await popup.waitForJob(id, ['in_drafts', 'published'], 150_000);
      await popup.screenshot('limits-all-in-drafts');
      await waitFor('an empty badge', async () => ['', '0'].includes(await badgeText(ext)), {
        timeoutMs: 10_000,
      });

      const complete = (await emulator.uploads()).filter((u) => u.sha256);
      expect(complete.map((u) => u.sha256).sort()).toEqual(names.map((n) => videoSha256(n, SIZE)).sort());
      const inits = (await emulator.log()).filter((r) => r.endpoint === 'init');
      const refused = inits.filter((r) => r.status === 429 || r.status === 403);
      const busiest = busiestMinute(inits);
      console.info(
        `limits: ${inits.length} inits, ${refused.length} refused (429/403), ${busiest} in the busiest minute`,
      );
      // No storm: the extension keeps its own count of the shared budget, so at most one refusal
      // per waiting job, and hardly any init beyond TikTok's 6 in a minute (a 429 still counts).
      expect(refused.length).toBeLessThanOrEqual(JOBS - PENDING_CAP);
      expect(busiest).toBeLessThanOrEqual(INITS_PER_MINUTE + 2);
    });
  });
});
