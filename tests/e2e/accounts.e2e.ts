// Several TikTok accounts (issue 12): two emulator users signed in through the popup each receive
// their own drafts (checked at the emulator per open_id), the draft slots are shown per account,
// a full account's job waits naming it while the other account's job goes, and removing one
// account revokes it and leaves the other working.
import { beforeEach, describe, expect, it } from 'vitest';
import { emulator } from './harness/emulator';
import { withExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { clickMenu } from './harness/menu';
import { pageUrl, videoSha256, videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

const ADA = {
  openId: 'e2e-accounts-ada',
  displayName: 'Ada Accounts E2E',
  avatarUrl: 'https://p16.tiktokcdn.example/ada.jpeg',
};
const BEA = { openId: 'e2e-accounts-bea', displayName: 'Bea Accounts E2E', avatarUrl: '' };
const SIZE = 1_200_000;

/** The account rows, once `want` holds for them. */
async function accountsWhen(
  popup: Popup,
  what: string,
  want: (rows: Awaited<ReturnType<Popup['accounts']>>) => boolean,
) {
  return waitFor(what, async () => {
    const rows = await popup.accounts();
    return want(rows) && rows;
  });
}

async function connectBoth(popup: Popup): Promise<void> {
  expect(await popup.connect()).toBe(ADA.displayName);
  await emulator.signInAs(BEA.openId);
  await popup.addAccount(BEA.openId);
}

describe('several accounts', () => {
  beforeEach(() => resetWorld({ user: ADA, users: [BEA] }));

  it('two accounts each receive their own drafts; removing one leaves the other working', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await connectBoth(popup);
      const rows = await accountsWhen(
        popup,
        'both accounts listed with 5 free slots',
        (r) => r.length === 2 && r.every((a) => a.slotsFree === 5),
      );
      expect(rows.map((r) => [r.openId, r.name, r.avatarUrl])).toEqual([
        [ADA.openId, ADA.displayName, ADA.avatarUrl],
        [BEA.openId, BEA.displayName, null],
      ]);
      expect(rows[0].slotsText).toContain('5 of 5 draft slots free');

      // The first account connected is where new jobs go until another is chosen.
      const forAda = await popup.sendUrl(videoUrl('accounts-ada', SIZE));
      expect((await popup.job(forAda))?.accountId).toBe(ADA.openId);
      await popup.chooseTarget(BEA.openId);
      const forBea = await popup.sendUrl(videoUrl('accounts-bea', SIZE));
      expect((await popup.job(forBea))?.accountId).toBe(BEA.openId);
      await popup.waitForJob(forAda, 'in_drafts', 120_000);
      await popup.waitForJob(forBea, 'in_drafts', 120_000);

      // At TikTok each draft belongs to its own account.
      const uploads = await emulator.uploads();
      expect(uploads.map((u) => [u.openId, u.sha256]).sort()).toEqual(
        [
          [ADA.openId, videoSha256('accounts-ada', SIZE)],
          [BEA.openId, videoSha256('accounts-bea', SIZE)],
        ].sort(),
      );
      const users = await emulator.users();
      expect(users.find((u) => u.openId === ADA.openId)?.pendingDrafts).toBe(1);
      expect(users.find((u) => u.openId === BEA.openId)?.pendingDrafts).toBe(1);
      const after = await accountsWhen(
        popup,
        'one slot taken on each account',
        (r) => r.length === 2 && r.every((a) => a.slotsFree === 4),
      );
      expect(after[0].slotsText).toMatch(/4 of 5 draft slots free · next frees by/);
      await popup.screenshot('accounts-two-accounts');

      // The chooser (several videos on a page) offers the target too; choosing there sets it.
      const several = await ext.browser.newPage();
      await several.goto(
        pageUrl('several', [videoUrl('accounts-chooser-a', SIZE), videoUrl('accounts-chooser-b', SIZE)]),
      );
      await clickMenu(await ext.worker(), several, { context: 'page' });
      const chooserTarget = await ext.browser.waitForTarget(
        (t) => t.url().startsWith(`chrome-extension://${ext.extensionId}/chooser.html`),
        { timeout: 15_000 },
      );
      const chooser = (await chooserTarget.page())!;
      await chooser.waitForSelector('[data-testid="target-account"]');
      const offered = await chooser.$$eval('[data-testid="target-account"] option', (els) =>
        els.map((e) => (e as HTMLOptionElement).value),
      );
      expect(offered).toEqual([ADA.openId, BEA.openId]);
      await chooser.select('[data-testid="target-account"]', ADA.openId);
      const chosenUrl = videoUrl('accounts-chooser-b', SIZE);
      await chooser
        .locator(`[data-testid="candidate"][data-url="${chosenUrl}"] [data-testid="candidate-checkbox"]`)
        .click();
      const beforeChooser = await popup.jobIds();
      await chooser.locator('[data-testid="send-candidates"]').click();
      await popup.page.bringToFront();
      const viaChooser = await popup.waitForNewJob(beforeChooser);
      expect((await popup.job(viaChooser))?.accountId).toBe(ADA.openId);
      await popup.waitForJob(viaChooser, 'in_drafts', 120_000);
      expect(
        (await emulator.uploads()).find((u) => u.sha256 === videoSha256('accounts-chooser-b', SIZE))?.openId,
      ).toBe(ADA.openId);
      await several.close();
      await popup.chooseTarget(BEA.openId);

      // Removing Ada revokes her tokens only; Bea goes on sending.
      await popup.removeAccount(ADA.openId);
      await waitFor('a successful revoke at the emulator', async () =>
        (await emulator.log()).some((r) => r.endpoint === 'revoke' && r.status === 200),
      );
      expect((await popup.accounts()).map((r) => r.openId)).toEqual([BEA.openId]);
      expect(await popup.isVisible('connect')).toBe(false);
      const again = await popup.sendUrl(videoUrl('accounts-bea-2', SIZE));
      expect((await popup.job(again))?.accountId).toBe(BEA.openId);
      await popup.waitForJob(again, 'in_drafts', 120_000);
      const mine = (await emulator.uploads()).filter((u) => u.sha256 === videoSha256('accounts-bea-2', SIZE));
      expect(mine.map((u) => u.openId)).toEqual([BEA.openId]);
    });
  });

  it('a full account’s job waits for a slot naming the account; the other account’s job goes; 24 h free it', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await connectBoth(popup);
      // Ada's five slots are taken by drafts sent from here.
      const sent: string[] = [];
      for (let i = 0; i < 5; i++) sent.push(await popup.sendUrl(videoUrl(`accounts-full-${i}`, SIZE)));
      for (const id of sent) await popup.waitForJob(id, 'in_drafts', 120_000);
      await accountsWhen(popup, 'Ada shown with no free slot', (r) =>
        r.some((a) => a.openId === ADA.openId && a.slotsFree === 0),
      );

      const sixth = await popup.sendUrl(videoUrl('accounts-full-6', SIZE));
      const waiting = await popup.waitForJob(sixth, 'waiting_slot', 60_000);
      expect(waiting.accountId).toBe(ADA.openId);
      expect(waiting.errorCode).toBe('spam_risk_too_many_pending_share');
      expect(waiting.error).toContain(ADA.displayName);
      expect(waiting.error).toMatch(/frees at .+ at the latest/);

      // Bea is not held back by Ada's full drafts.
      await popup.chooseTarget(BEA.openId);
      const forBea = await popup.sendUrl(videoUrl('accounts-full-bea', SIZE));
      await popup.waitForJob(forBea, 'in_drafts', 120_000);
      expect((await popup.job(sixth))?.status).toBe('waiting_slot');
      await popup.screenshot('accounts-waiting-slot');

      // 24 h after Ada's oldest draft, TikTok frees its slot: the waiting job goes by itself.
      const oldest = (await emulator.uploads())
        .filter((u) => u.openId === ADA.openId)
        .sort((a, b) => a.createdAt - b.createdAt)[0];
      await emulator.ageDraft(oldest.publishId, 24 * 3600_000);
      await popup.waitForJob(sixth, 'in_drafts', 120_000);
      const sixthUpload = (await emulator.uploads()).find(
        (u) => u.sha256 === videoSha256('accounts-full-6', SIZE),
      );
      expect(sixthUpload?.openId).toBe(ADA.openId);
    });
  });
});
