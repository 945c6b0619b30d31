// The worker's root: every listener is registered synchronously here, before any await (an event
// that woke the worker is lost otherwise); the work is done by the one-concern modules.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { JOBS_CHANGED } from '@/utils/messages';
import { createMenu, onMenuClicked } from './context-menu';
import { handleMessage, isRequestLike } from './messages';
import { ensureNetworkGuard } from './network-guard';
import { onNotificationClicked } from './notifications';
import { ALARM_NAME, kick, startup } from './runner';

export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(() => {
    void createMenu().catch((err) => console.error('context menu', err));
  });
  browser.runtime.onStartup.addListener(() => void kick());

  browser.contextMenus.onClicked.addListener((info, tab) => {
    void onMenuClicked(info, tab)
      .then(() => kick())
      .catch((err) => console.error('menu click', err));
  });

  browser.runtime.onMessage.addListener((message, sender) => {
    // Not a request (e.g. another page's JOBS_CHANGED broadcast): let other listeners answer.
    if (!isRequestLike(message) || (message as { type: string }).type === JOBS_CHANGED) return undefined;
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
  void startup();
});
