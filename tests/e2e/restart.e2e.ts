// Jobs live in the profile: closing the browser and starting it again with the same profile lists
// the same jobs, with the same ids and statuses.
import { beforeEach, describe, expect, it } from 'vitest';
import { withExtension, newProfileDir } from './harness/launch';
import { Popup, type JobView } from './harness/popup';
import { pageUrl, videoUrl } from './harness/site';
import { resetWorld } from './harness/world';

describe('browser restart', () => {
  beforeEach(() => resetWorld());

  it('lists the same jobs (ids and statuses) after the browser is closed and started again', async () => {
    const userDataDir = await newProfileDir();
    const seen = await withExtension({ userDataDir }, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const done = await popup.sendUrl(videoUrl('restart-a', 1_000_000));
      await popup.waitForJob(done, 'in_drafts', 120_000);
      // A second job that cannot finish: its source is an HTML page, so it ends failed.
      const failed = await popup.sendUrl(pageUrl('plain'));
      await popup.waitForJob(failed, 'failed', 60_000);
      return popup.jobs();
    });
    expect(seen.map((j) => j.status).sort()).toEqual(['failed', 'in_drafts']);

    await withExtension({ userDataDir }, async (ext) => {
      const popup = await Popup.open(ext);
      let after: JobView[] = [];
      for (let i = 0; i < 40 && after.length < seen.length; i++) {
        after = await popup.jobs();
        if (after.length < seen.length) await new Promise((r) => setTimeout(r, 250));
      }
      const pick = (jobs: JobView[]) => jobs.map(({ id, status, route }) => ({ id, status, route }));
      expect(pick(after)).toEqual(pick(seen));
      await popup.screenshot('restart-jobs-listed');
    });
  });
});
