// Test builds only (loopback allowed): the Firefox e2e harness's way to "click" the context menu.
// Chrome's event objects have a `dispatch` the Chromium harness calls in the worker; Firefox's
// have none and WebDriver BiDi cannot reach the event page, so the harness reaches it from an
// extension page (runtime.getBackgroundPage) and calls the very listener the menu has. Absent
// from production builds: there the flag is off and nothing is exposed.
import { buildConfig } from '@/utils/config';

export const MENU_TEST_HOOK = '__sendToTikTokMenuClicked';

export function exposeMenuForTests(listener: (info: never, tab: never) => void): void {
  if (!buildConfig.allowLoopback) return;
  (globalThis as Record<string, unknown>)[MENU_TEST_HOOK] = listener;
}
