// User settings (options page). Stored in storage.local: they are not secrets, and the options
// page may write them; tokens and jobs live in IndexedDB and only the background writes those.
import { browser } from 'wxt/browser';
import { z } from 'zod';

export const settingsSchema = z.object({
  /** Domains (`cdn.example.com`) or URL prefixes (`https://cdn.example.com/videos/`), one per entry. */
  verifiedPrefixes: z.array(z.string()).default([]),
  /** Overrides the build's broker URL when not empty. */
  brokerUrl: z.string().default(''),
});
export type Settings = z.infer<typeof settingsSchema>;

const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const parsed = settingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [KEY]: settingsSchema.parse(settings) });
}
