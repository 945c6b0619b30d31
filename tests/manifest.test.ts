// The manifest is part of the security contract: a change in what the extension asks for must
// be a deliberate change of this test too.
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../wxt.config';

describe('manifest permissions', () => {
  it('a production build asks for exactly these permissions', () => {
    const m = manifestFor(false);
    expect(m.permissions).toEqual([
      'contextMenus',
      'identity',
      'storage',
      'alarms',
      'notifications',
      'activeTab',
      'scripting',
      'unlimitedStorage',
      'declarativeNetRequest',
      'offscreen',
    ]);
    expect(m.host_permissions).toEqual(['https://open.tiktokapis.com/*', 'https://*.tiktokapis.com/*']);
    expect(m.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(m).not.toHaveProperty('content_scripts');
    expect(m).not.toHaveProperty('content_security_policy');
  });

  it('has one keyboard command, Alt+Shift+T by default (no permission needed)', () => {
    expect(manifestFor(false).commands).toEqual({
      'send-main-video': {
        suggested_key: { default: 'Alt+Shift+T' },
        description: '__MSG_commandSendMain__',
      },
    });
  });

  it('only a loopback build reaches loopback hosts', () => {
    expect(manifestFor(true).host_permissions).toEqual([
      'https://open.tiktokapis.com/*',
      'https://*.tiktokapis.com/*',
      'http://127.0.0.1/*',
      'http://localhost/*',
      'http://[::1]/*',
    ]);
  });
});

describe('manifest per browser and package', () => {
  it('Firefox: a fixed add-on id, no Chrome key, no offscreen; the rest as in Chrome', () => {
    const m = manifestFor(false, { browser: 'firefox' });
    expect(m).not.toHaveProperty('key');
    expect(m.browser_specific_settings).toEqual({
      gecko: {
        id: 'send-to-tiktok-drafts@example.org',
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['websiteContent'] },
      },
    });
    expect(m.permissions).toEqual(manifestFor(false).permissions.filter((p) => p !== 'offscreen'));
    expect(m).not.toHaveProperty('web_accessible_resources');
  });

  it('only a Firefox loopback (test) build makes its pages web-accessible, to 127.0.0.1 only', () => {
    expect(manifestFor(true, { browser: 'firefox' }).web_accessible_resources).toEqual([
      expect.objectContaining({ matches: ['http://127.0.0.1/*'] }),
    ]);
    expect(manifestFor(true)).not.toHaveProperty('web_accessible_resources');
  });

  it('Chrome keeps its pinned key except in a store package', () => {
    expect(manifestFor(false)).toHaveProperty('key');
    expect(manifestFor(false, { browser: 'chrome', store: true })).not.toHaveProperty('key');
  });
});
