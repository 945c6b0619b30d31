// User settings (options page). Stored in storage.local: they are not secrets, and the options
// page may write them; tokens and jobs live in IndexedDB and only the background writes those.
// zod's mini build: the options page parses too, and pages share zod's core with the popup's bundle.
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';

export const settingsSchema = z.object({
  /** Domains (`cdn.example.com`) or URL prefixes (`https://cdn.example.com/videos/`), one per entry. */
  verifiedPrefixes: z._default(z.array(z.string()), []),
  /** Overrides the build's broker URL when not empty. */
  brokerUrl: z._default(z.string(), ''),
  /** Where TikTok sends the sign-in answer: '' = as built, 'direct', or 'broker' (redirect-uri.ts). */
  oauthRedirect: z._default(z.enum(['', 'direct', 'broker']), ''),
  /** Finished jobs (in drafts, published, failed, cancelled) older than this are pruned at start. */
  historyDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(3650)), 30),
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
