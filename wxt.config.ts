import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The public half of the key pair that pins the extension id to
// jhihmnaomjcpchhbnbnichoehkgakkep wherever the folder is loaded, so the OAuth
// redirect URI (https://<id>.chromiumapp.org/) and the broker's CORS origin never move.
export const MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4jI0bP2lXXOZ1sEazXoxgF9Gd1jvKkRQ7icUaReHeSm/eUs1eSQLx920HQBxf9BMyD20bt7Riex83Y9z/Mn+BTZENMVJInUwda56CPtuf7gFnyqNywQJPmaP8zT6Ko2031oG/kSYqgfyk73Y/fyou9/omfYUSk58tru1opiDOrjGyTdCENw6UdVqlmrtQrz3bf3BfYzf+QmjyoOcbc/OmE6cI37VZgndBoiGvPD2jHV/RP1ViK9uC62Bc+xoZZRWaJX0X3G4IxYXK7hmS0SdiM0F/JH4F1bCriIrKBWgLWVZ6rr/2oF5gV55HYaV1SeRv8znC0jAudS9f74q+xN8awIDAQAB';

/** Exported so a test can pin exactly what each kind of build asks for. */
export function manifestFor(loopback: boolean) {
  return {
    name: 'Send to TikTok Drafts',
    description: 'Send a video from a page or your disk into your TikTok drafts in one gesture.',
    key: MANIFEST_KEY,
    permissions: [
      'contextMenus',
      'identity',
      'storage',
      'alarms',
      'notifications',
      'activeTab',
      'scripting',
      'unlimitedStorage',
      'declarativeNetRequest',
    ],
    // TikTok's API and upload hosts answer without CORS headers: the extension needs host access.
    // Loopback builds also reach the local emulator, broker and test pages.
    host_permissions: [
      'https://open.tiktokapis.com/*',
      'https://*.tiktokapis.com/*',
      ...(loopback ? ['http://127.0.0.1/*', 'http://localhost/*', 'http://[::1]/*'] : []),
    ],
    // Video CDNs are asked for one at a time, from a user gesture, when a job needs them.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
  };
}

const loopback = ['true', '1'].includes(process.env.WXT_ALLOW_LOOPBACK_SOURCES ?? '');

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: () => manifestFor(loopback),
});
