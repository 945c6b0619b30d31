// Accessibility (issue 12): axe-core finds no violations in the popup (signed in, jobs in several
// states), the options page and the chooser, in light and in dark mode; status changes are
// announced politely (a live region holds the job list's statuses).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { saveScreenshot } from './harness/artifacts';
import { withExtension } from './harness/launch';
import { OptionsPage } from './harness/options';
import { Popup } from './harness/popup';
import { seedJobs } from './harness/seed-jobs';
import { videoUrl } from './harness/site';
import { waitFor } from './harness/wait';
import { resetWorld } from './harness/world';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's violations on the page as it is now, in both color schemes. */
async function audit(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    // DevTools evaluation is not subject to the extension page's CSP, unlike a script tag.
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      interface AxeResult {
        violations: {
          id: string;
          impact: string | null;
          help: string;
          nodes: { target: string[]; failureSummary?: string }[];
        }[];
      }
      const axe = (globalThis as unknown as { axe: { run(ctx: Document, o: object): Promise<AxeResult> } })
        .axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
      }));
    });
    await saveScreenshot(page, `a11y-${name}-${scheme}`);
    expect(violations satisfies Violation[], `${name} (${scheme})`).toEqual([]);
  }
}

describe('accessibility', () => {
  beforeEach(() => resetWorld());

  it('the popup, options and chooser pass axe in light and dark mode', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const id = await popup.sendUrl(videoUrl('a11y-clip', 2_000_000));
      await popup.waitForJob(id, ['in_drafts', 'processing'], 90_000);
      await seedJobs(popup.page, { count: 12, active: 2 });
      await popup.page.reload({ waitUntil: 'domcontentloaded' });
      await waitFor('the seeded jobs', async () => (await popup.jobs()).length >= 12, { timeoutMs: 15_000 });
      await audit(popup.page, 'popup');
      // Status changes are announced without interrupting: a polite live region holds the list.
      const live = await popup.page.$$eval('[aria-live]', (els) =>
        els.map((e) => e.getAttribute('aria-live')),
      );
      expect(live).toContain('polite');

      const options = await OptionsPage.open(ext);
      await audit(options.page, 'options');

      const chooser = await ext.browser.newPage();
      const candidates = [videoUrl('a11y-one', 300_000), videoUrl('a11y-two', 300_000)].map((url) => ({
        url,
        kind: 'video',
      }));
      await chooser.goto(
        `chrome-extension://${ext.extensionId}/chooser.html?candidates=${encodeURIComponent(JSON.stringify(candidates))}`,
      );
      await chooser.waitForSelector('[data-testid="candidate"]');
      await audit(chooser, 'chooser');
    });
  });

  it('signs in and sends a URL by keyboard alone, with a visible focus ring', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      const page = popup.page;
      /** Tabs until the element with `testId` has the focus; returns whether its focus is drawn. */
      const tabTo = async (testId: string) => {
        for (let i = 0; i < 30; i++) {
          await page.keyboard.press('Tab');
          const focused = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            if (!el) return null;
            const style = getComputedStyle(el);
            return {
              testId: el.getAttribute('data-testid'),
              ring:
                (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
                style.boxShadow !== 'none',
            };
          });
          if (focused?.testId === testId) return focused.ring;
        }
        throw new Error(`Tab never reached ${testId}`);
      };
      expect(await tabTo('connect'), 'focus ring on connect').toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="account"]', { timeout: 30_000 });

      const before = await popup.jobIds();
      expect(await tabTo('url-input'), 'focus ring on the URL box').toBe(true);
      await page.keyboard.type(videoUrl('a11y-keyboard', 2_000_000));
      await page.keyboard.press('Enter');
      const id = await popup.waitForNewJob(before);
      await popup.waitForJob(id, 'in_drafts', 90_000);
      // The arrival was announced in the polite live region.
      await waitFor('the arrival announced', async () =>
        (await page.$eval('[data-testid="status-announcer"]', (el) => el.textContent ?? '')).includes(
          'a11y-keyboard',
        ),
      );
    });
  });
});
