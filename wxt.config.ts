import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { loadEnv } from 'vite';
import { extensionName, loopbackFor } from './build-flags';

// The public half of the key pair that pins the extension id to
// jhihmnaomjcpchhbnbnichoehkgakkep wherever the folder is loaded, so the OAuth
// redirect URI (https://<id>.chromiumapp.org/) and the broker's CORS origin never move.
export const MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4jI0bP2lXXOZ1sEazXoxgF9Gd1jvKkRQ7icUaReHeSm/eUs1eSQLx920HQBxf9BMyD20bt7Riex83Y9z/Mn+BTZENMVJInUwda56CPtuf7gFnyqNywQJPmaP8zT6Ko2031oG/kSYqgfyk73Y/fyou9/omfYUSk58tru1opiDOrjGyTdCENw6UdVqlmrtQrz3bf3BfYzf+QmjyoOcbc/OmE6cI37VZgndBoiGvPD2jHV/RP1ViK9uC62Bc+xoZZRWaJX0X3G4IxYXK7hmS0SdiM0F/JH4F1bCriIrKBWgLWVZ6rr/2oF5gV55HYaV1SeRv8znC0jAudS9f74q+xN8awIDAQAB';

/**
 * The Firefox add-on id: it fixes the redirect URL (https://<sha1 of it>.extensions.allizom.org/)
 * and is what the broker's BROKER_GECKO_IDS names.
 */
export const GECKO_ID = 'send-to-tiktok-drafts@example.org';

export interface ManifestTarget {
  browser: string;
  /**
   * A store package (npm run zip): no `key`, since the Chrome Web Store assigns the id itself and
   * refuses an uploaded `key`.
   */
  store?: boolean;
}

/** Exported so a test can pin exactly what each kind of build asks for. */
export function manifestFor(loopback: boolean, target: ManifestTarget = { browser: 'chrome' }) {
  const firefox = target.browser === 'firefox';
  const permissions = [
    'contextMenus',
    'identity',
    'storage',
    'alarms',
    'notifications',
    'activeTab',
    'scripting',
    'unlimitedStorage',
    'declarativeNetRequest',
    // Captured streams are remuxed in an offscreen document (the worker cannot run it). Firefox
    // has no offscreen API (its background is an event page with a DOM): not asked for there.
    ...(firefox ? [] : ['offscreen']),
  ];
  return {
    name: extensionName(loopback),
    // English and Spanish (public/_locales/); the browser's language decides.
    default_locale: 'en',
    description: '__MSG_extDescription__',
    // The key pins the Chrome id; Firefox ignores it and warns, and store packages must not carry it.
    ...(firefox || target.store ? {} : { key: MANIFEST_KEY }),
    // Stream segments cross from the page's frame to the offscreen document as Blobs over a port
    // (utils/capture/frame-server.ts): structured-clone messaging, Chrome 148+ (Firefox always).
    ...(firefox ? {} : { message_serialization: 'structured_clone', minimum_chrome_version: '148' }),
    ...(firefox
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              // Firefox's consent at install: the videos a user sends (content of web pages) go to
              // TikTok. Nothing else leaves the browser but the sign-in with TikTok itself.
              data_collection_permissions: { required: ['websiteContent'] },
            },
          },
        }
      : {}),
    permissions,
    // TikTok's API and upload hosts answer without CORS headers: the extension needs host access.
    // Loopback builds also reach the local emulator, broker and test pages.
    host_permissions: [
      'https://open.tiktokapis.com/*',
      'https://*.tiktokapis.com/*',
      ...(loopback ? ['http://127.0.0.1/*', 'http://localhost/*', 'http://[::1]/*'] : []),
    ],
    // The keyboard shortcut (issue 12); users change it in the browser's shortcut settings
    // (chrome://extensions/shortcuts, Firefox's add-on manager). It grants activeTab like the menu.
    commands: {
      'send-main-video': {
        suggested_key: { default: 'Alt+Shift+T' },
        description: '__MSG_commandSendMain__',
      },
    },
    // Video CDNs are asked for one at a time, from a user gesture, when a job needs them.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Firefox test builds only: its WebDriver BiDi will not navigate a tab to moz-extension:// pages,
    // so the e2e harness opens them from a loopback page, which needs them web-accessible.
    ...(firefox && loopback
      ? {
          web_accessible_resources: [
            {
              resources: ['popup.html', 'options.html', 'chooser.html', 'chunks/*', 'assets/*', 'icon/*'],
              matches: ['http://127.0.0.1/*'],
            },
          ],
        }
      : {}),
  };
}

/** `npm run zip` sets STORE_PACKAGE=1 (scripts/zip.mjs). */
function isStorePackage(): boolean {
  return process.env.STORE_PACKAGE === '1';
}

/** The shell's WXT_ variables over the `.env*` files', as Vite resolves them for `mode`. */
function loopbackOf(mode: string): boolean {
  return loopbackFor(mode, { ...loadEnv(mode, process.cwd(), 'WXT_'), ...process.env });
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  vite: (env) => ({
    plugins: [preact()],
    // The code reads the same decision the manifest was made from, whatever the .env files say.
    define: {
      'import.meta.env.WXT_ALLOW_LOOPBACK_SOURCES': JSON.stringify(loopbackOf(env.mode) ? '1' : ''),
    },
  }),
  manifest: (env) => manifestFor(loopbackOf(env.mode), { browser: env.browser, store: isStorePackage() }),
  zip: {
    // What AMO needs to rebuild the add-on: the extension's sources and the build files, not the
    // tests, the emulator, the broker or the demo's videos.
    excludeSources: [
      'tests/**',
      'test-artifacts/**',
      'emulator/**',
      'broker/**',
      'scripts/demo/**',
      'store/*.zip',
    ],
  },
});
