// Page object for options.html (issue 3, "Drivable from outside", item 4).
import type { Page } from 'puppeteer-core';
import type { LaunchedExtension } from './launch';

export class OptionsPage {
  private constructor(readonly page: Page) {}

  static async open(ext: LaunchedExtension): Promise<OptionsPage> {
    const page = await ext.openPage('options.html');
    await page.waitForSelector('[data-testid="verified-prefixes"]', { timeout: 15_000 });
    return new OptionsPage(page);
  }

  /** Wraps a page already showing options.html (the Firefox harness opens it its own way). */
  static async fromPage(page: Page): Promise<OptionsPage> {
    await page.waitForSelector('[data-testid="verified-prefixes"]', { timeout: 15_000 });
    return new OptionsPage(page);
  }

  async verifiedPrefixes(): Promise<string[]> {
    const text = await this.page.$eval(
      '[data-testid="verified-prefixes"]',
      (el) => (el as HTMLTextAreaElement).value,
    );
    return text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }

  /** Replaces the settings shown, saves and waits for `saved`. Omitted fields are left as they are. */
  async save(settings: {
    verifiedPrefixes?: string[];
    brokerUrl?: string;
    oauthRedirect?: '' | 'direct' | 'broker';
  }): Promise<void> {
    if (settings.verifiedPrefixes) await this.fill('verified-prefixes', settings.verifiedPrefixes.join('\n'));
    if (settings.brokerUrl !== undefined) await this.fill('broker-url', settings.brokerUrl);
    if (settings.oauthRedirect !== undefined) {
      await this.page.select('[data-testid="oauth-redirect"]', settings.oauthRedirect);
    }
    await this.page.locator('[data-testid="save"]').click();
    await this.page.waitForSelector('[data-testid="saved"]', { timeout: 10_000 });
  }

  /** The redirect URI the options page tells the user to register. */
  async redirectUri(): Promise<string> {
    return this.page.$eval('[data-testid="redirect-uri"]', (el) => el.textContent?.trim() ?? '');
  }

  async close(): Promise<void> {
    await this.page.close();
  }

  private async fill(testId: string, value: string): Promise<void> {
    const field = await this.page.waitForSelector(`[data-testid="${testId}"]`);
    // Select what is there and type over it, so the page sees real input events.
    await field!.click();
    await this.page.keyboard.down('Control');
    await this.page.keyboard.press('a');
    await this.page.keyboard.up('Control');
    await this.page.keyboard.press('Backspace');
    if (value) await field!.type(value);
  }
}
