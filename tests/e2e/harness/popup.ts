// Page object for popup.html, driven only through the public contract: data-testids and the
// job's data-* attributes (issue 3, "Drivable from outside", item 3).
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { saveScreenshot } from './artifacts';
import type { LaunchedExtension } from './launch';

export interface JobView {
  id: string;
  status: string;
  route: string | null;
  progress: number | null;
  error: string | null;
  canCancel: boolean;
  canRetry: boolean;
  /** `data-error-code`: the machine-readable cause of a failure or wait, null when none. */
  errorCode: string | null;
  /** The progress line under the title, e.g. "Capturing the stream (12 of 40 segments)". */
  progressText: string | null;
  /** `data-account-id`: the open_id of the account the draft goes to (issue 12). */
  accountId: string | null;
}

/** One connected account as the popup lists it (issue 12). */
export interface AccountRow {
  openId: string;
  name: string;
  avatarUrl: string | null;
  /** The account's `draft-slots`: `data-free` of `data-total`, and the line's text. */
  slotsFree: number;
  slotsTotal: number;
  slotsText: string;
}

const TERMINAL = ['in_drafts', 'published', 'failed', 'cancelled'];
const byTestId = (id: string): string => `[data-testid="${id}"]`;

export class Popup {
  private constructor(readonly page: Page) {}

  static async open(ext: LaunchedExtension): Promise<Popup> {
    const page = await ext.openPage('popup.html');
    await page.setViewport({ width: 420, height: 640 });
    await page.waitForSelector('#app *', { timeout: 15_000 });
    return new Popup(page);
  }

  /** Wraps a page already showing popup.html (the Firefox harness opens it its own way). */
  static async fromPage(page: Page): Promise<Popup> {
    await page.waitForSelector('#app *', { timeout: 15_000 });
    return new Popup(page);
  }

  /** Starts sign-in and waits until the account is shown. Returns the shown display name. */
  async connect(timeoutMs = 30_000): Promise<string> {
    await this.page.locator(byTestId('connect')).setTimeout(timeoutMs).click();
    await this.page.waitForSelector(byTestId('account'), { timeout: timeoutMs });
    return this.account() as Promise<string>;
  }

  /** The signed-in account's text, or null while signed out. */
  async account(): Promise<string | null> {
    return this.page.$eval(byTestId('account'), (el) => el.textContent?.trim() ?? '').catch(() => null);
  }

  async isVisible(testId: string): Promise<boolean> {
    return (await this.page.$(byTestId(testId))) !== null;
  }

  async waitForTestId(testId: string, timeoutMs = 30_000): Promise<void> {
    await this.page.waitForSelector(byTestId(testId), { timeout: timeoutMs });
  }

  async disconnect(timeoutMs = 30_000): Promise<void> {
    await this.page.locator(byTestId('disconnect')).setTimeout(timeoutMs).click();
    await this.page.waitForSelector(byTestId('connect'), { timeout: timeoutMs });
  }

  /** Every connected account, in the popup's order. */
  async accounts(): Promise<AccountRow[]> {
    return this.page.$$eval('[data-testid="account"]', (elements) =>
      elements.map((el) => {
        const openId = el.getAttribute('data-account-id') ?? '';
        const slots = document.querySelector(`[data-testid="draft-slots"][data-account-id="${openId}"]`);
        return {
          openId,
          name: el.textContent?.trim() ?? '',
          avatarUrl: el.getAttribute('data-avatar-url'),
          slotsFree: Number(slots?.getAttribute('data-free') ?? NaN),
          slotsTotal: Number(slots?.getAttribute('data-total') ?? NaN),
          slotsText: slots?.textContent?.trim() ?? '',
        };
      }),
    );
  }

  /** `add-account`: another sign-in; waits until `openId` is listed. */
  async addAccount(openId: string, timeoutMs = 30_000): Promise<void> {
    await this.page.locator(byTestId('add-account')).setTimeout(timeoutMs).click();
    await this.page.waitForSelector(`${byTestId('account')}[data-account-id="${openId}"]`, {
      timeout: timeoutMs,
    });
  }

  /** Chooses the account new jobs go to in `target-account`, and waits until the popup shows it chosen. */
  async chooseTarget(openId: string): Promise<void> {
    await this.page.select(byTestId('target-account'), openId);
    await this.page.waitForFunction(
      (id) =>
        (document.querySelector('[data-testid="target-account"]') as HTMLSelectElement | null)?.value === id,
      { timeout: 15_000 },
      openId,
    );
  }

  /** Disconnects one account (its row's `disconnect`) and waits until it is gone from the list. */
  async removeAccount(openId: string, timeoutMs = 30_000): Promise<void> {
    await this.page
      .locator(`${byTestId('disconnect')}[data-account-id="${openId}"]`)
      .setTimeout(timeoutMs)
      .click();
    await this.page.waitForFunction(
      (id) => !document.querySelector(`[data-testid="account"][data-account-id="${id}"]`),
      { timeout: timeoutMs },
      openId,
    );
  }

  /** Pastes a URL, sends it and returns the id of the job it made. */
  async sendUrl(url: string): Promise<string> {
    const before = await this.jobIds();
    const input = await this.page.waitForSelector(byTestId('url-input'), { timeout: 15_000 });
    await input!.click({ count: 3 });
    await input!.type(url);
    await this.page.locator(byTestId('send-url')).click();
    return this.waitForNewJob(before);
  }

  /** Chooses a local file in the file input and returns the id of the job it made. */
  async chooseFile(file: string): Promise<string> {
    const before = await this.jobIds();
    const input = await this.page.waitForSelector(`input${byTestId('file-input')}`, { timeout: 15_000 });
    await (input as ElementHandle<HTMLInputElement>).uploadFile(path.resolve(file));
    return this.waitForNewJob(before);
  }

  async jobs(): Promise<JobView[]> {
    return this.page.$$eval('[data-testid="job"]', (elements) =>
      elements.map((el) => {
        const progress = el.getAttribute('data-progress');
        return {
          id: el.getAttribute('data-job-id') ?? '',
          status: el.getAttribute('data-status') ?? '',
          route: el.getAttribute('data-route'),
          progress: progress === null || progress === '' ? null : Number(progress),
          error: el.querySelector('[data-testid="job-error"]')?.textContent?.trim() ?? null,
          canCancel: el.querySelector('[data-testid="job-cancel"]') !== null,
          canRetry: el.querySelector('[data-testid="job-retry"]') !== null,
          errorCode: el.getAttribute('data-error-code'),
          progressText: el.querySelector('[data-testid="job-progress-text"]')?.textContent?.trim() ?? null,
          accountId: el.getAttribute('data-account-id'),
        };
      }),
    );
  }

  async job(id: string): Promise<JobView | undefined> {
    return (await this.jobs()).find((j) => j.id === id);
  }

  /**
   * Waits until job `id` shows one of `statuses`. Fails at once if it ends in another terminal
   * status, with what the popup shows, so a failure names its cause.
   */
  async waitForJob(id: string, statuses: string | string[], timeoutMs = 90_000): Promise<JobView> {
    const wanted = Array.isArray(statuses) ? statuses : [statuses];
    const deadline = Date.now() + timeoutMs;
    let last: JobView | undefined;
    for (;;) {
      last = await this.job(id);
      if (last && wanted.includes(last.status)) return last;
      if (last && TERMINAL.includes(last.status)) {
        throw new Error(`job ${id} ended ${last.status} (error: ${last.error}), wanted ${wanted.join('|')}`);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `job ${id} still ${JSON.stringify(last)} after ${timeoutMs} ms, wanted ${wanted.join('|')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The job's `job-progress-text` line (what is happening now, e.g. "retrying in 40 s (…)"), or null. */
  async progressText(id: string): Promise<string | null> {
    return this.page
      .$eval(`[data-testid="job"][data-job-id="${id}"] ${byTestId('job-progress-text')}`, (el) =>
        (el.textContent ?? '').trim(),
      )
      .catch(() => null);
  }

  /** The `storage-used` line (shown over 100 MB), or null. */
  async storageUsed(): Promise<string | null> {
    return this.page.$eval(byTestId('storage-used'), (el) => (el.textContent ?? '').trim()).catch(() => null);
  }

  /** Bytes the extension's origin holds, from navigator.storage.estimate() in this extension page. */
  async storageUsage(): Promise<number> {
    return this.page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  }

  async clickJobButton(id: string, testId: 'job-cancel' | 'job-retry' | 'job-remove'): Promise<void> {
    await this.page.locator(`[data-testid="job"][data-job-id="${id}"] ${byTestId(testId)}`).click();
  }

  async screenshot(name: string): Promise<string> {
    return saveScreenshot(this.page, name);
  }

  async close(): Promise<void> {
    await this.page.close();
  }

  async jobIds(): Promise<Set<string>> {
    return new Set((await this.jobs()).map((j) => j.id));
  }

  /** The id of a job that was not in `before` (newest first, so the first new one). */
  async waitForNewJob(before: Set<string>, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = (await this.jobs()).find((j) => j.id && !before.has(j.id));
      if (fresh) return fresh.id;
      if (Date.now() > deadline) throw new Error(`no new job appeared in the popup within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
