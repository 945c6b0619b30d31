// The worker's root: every listener is registered synchronously here, before any await (an event
// that woke the worker is lost otherwise); the work is done by the one-concern modules.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { AUTH_CHANGED, JOBS_CHANGED } from '@/utils/messages';
import { handleCaptureMessage, isCaptureMessage } from './capture-offscreen';
import { createMenu, onMenuClicked } from './context-menu';
import { handleMessage, isRequestLike } from './messages';
import { ensureNetworkGuard } from './network-guard';
import { onNotificationClicked } from './notifications';
import { handlePreflightRead, isPreflightMessage } from './preflight-piped';
import { ALARM_NAME, kick, startup } from './runner';
import { onCommand } from './shortcut';
import { installDeps } from './deps';
import { backgroundDeps } from './services';
import { restrictStorageAccess, type StorageLike } from './storage-access';
import { exposeMenuForTests } from './test-hooks';

export default defineBackground(() => {
  // First: every module below works through these (deps.ts).
  installDeps(backgroundDeps);
  browser.runtime.onInstalled.addListener(() => {
    void createMenu().catch((err) => console.error('context menu', err));
  });
  browser.runtime.onStartup.addListener(() => void kick());

  const menuClicked = (
    info: Parameters<typeof onMenuClicked>[0],
    tab: Parameters<typeof onMenuClicked>[1],
  ) => {
    void onMenuClicked(info, tab)
      .then(() => kick())
      .catch((err) => console.error('menu click', err));
  };
  browser.contextMenus.onClicked.addListener(menuClicked);
  exposeMenuForTests(menuClicked);

  // The keyboard shortcut: the main video of the current tab (shortcut.ts).
  browser.commands.onCommand.addListener((command, tab) => {
    void onCommand(command, tab)
      .then(() => kick())
      .catch((err) => console.error('shortcut', err));
  });

  browser.runtime.onMessage.addListener((message, sender) => {
    // The offscreen capture document's fetches, progress and outcome.
    if (isCaptureMessage(message)) return handleCaptureMessage(message, sender);
    // The offscreen document reading a piped source for its pre-flight.
    if (isPreflightMessage(message)) return handlePreflightRead(message, sender);
    // Not a request (e.g. another page's JOBS_CHANGED broadcast): let other listeners answer.
    const type = (message as { type?: unknown } | null)?.type;
    if (!isRequestLike(message) || type === JOBS_CHANGED || type === AUTH_CHANGED) return undefined;
    return handleMessage(message, sender);
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM_NAME) void kick();
  });

  browser.notifications.onClicked.addListener((id) => void onNotificationClicked(id));

  // Jobs waiting in `offline` go on as soon as the network is back.
  self.addEventListener('online', () => void kick());

  // Every worker start: guard the network, release dead leases, re-create the alarm, resume jobs.
  void ensureNetworkGuard().catch((err) => console.error('network guard', err));
  void restrictStorageAccess(browser.storage as StorageLike);
  void startup();
});
