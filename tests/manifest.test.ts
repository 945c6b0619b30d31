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
    ]);
    expect(m.host_permissions).toEqual(['https://open.tiktokapis.com/*', 'https://*.tiktokapis.com/*']);
    expect(m.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(m).not.toHaveProperty('content_scripts');
    expect(m).not.toHaveProperty('content_security_policy');
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
