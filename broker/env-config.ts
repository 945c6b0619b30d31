// The broker's settings from environment variables (Node's process.env, or Workers' bindings),
// shared by both entry points so they cannot drift apart.

import type { BrokerOptions } from './app';
import { DEFAULT_RATE_LIMIT } from './rate-limit';

export const DEFAULT_API_ORIGIN = 'https://open.tiktokapis.com';
/** The extension's own origin: its id is pinned by the manifest `key`. */
export const DEFAULT_ALLOWED_ORIGINS = [
  'chrome-extension://jhihmnaomjcpchhbnbnichoehkgakkep',
  // Firefox: every installation has its own random moz-extension:// origin (origin-policy.ts).
  'moz-extension://*',
];
/** The Firefox add-on id (wxt.config.ts, browser_specific_settings.gecko.id). */
export const DEFAULT_GECKO_IDS = ['send-to-tiktok-drafts@example.org'];

export type BrokerEnv = Readonly<Record<string, string | undefined>>;

export type EnvConfig =
  { ok: true; options: Omit<BrokerOptions, 'fetch' | 'clientIp' | 'now'> } | { ok: false; message: string };

function positiveInt(value: string | undefined): number | undefined | null {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function brokerConfigFromEnv(env: BrokerEnv): EnvConfig {
  const clientKey = env.TIKTOK_CLIENT_KEY?.trim();
  const clientSecret = env.TIKTOK_CLIENT_SECRET?.trim();
  const missing = [!clientKey && 'TIKTOK_CLIENT_KEY', !clientSecret && 'TIKTOK_CLIENT_SECRET'].filter(
    Boolean,
  );
  if (!clientKey || !clientSecret) {
    return {
      ok: false,
      message: `${missing.join(' and ')} must be set (your TikTok app's client key and secret)`,
    };
  }

  const apiOrigin = env.TIKTOK_API_ORIGIN?.trim() || DEFAULT_API_ORIGIN;
  let parsedOrigin: URL;
  try {
    parsedOrigin = new URL(apiOrigin);
  } catch {
    return { ok: false, message: `TIKTOK_API_ORIGIN is not a URL: ${apiOrigin}` };
  }
  if (!['http:', 'https:'].includes(parsedOrigin.protocol)) {
    return { ok: false, message: `TIKTOK_API_ORIGIN must be http(s): ${apiOrigin}` };
  }

  const authUrlRaw = env.TIKTOK_AUTH_URL?.trim();
  let authUrl: string | undefined;
  if (authUrlRaw) {
    try {
      const parsed = new URL(authUrlRaw);
      if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error('scheme');
      authUrl = parsed.toString();
    } catch {
      return { ok: false, message: `TIKTOK_AUTH_URL must be an http(s) URL: ${authUrlRaw}` };
    }
  }

  const allowedRaw = env.BROKER_ALLOWED_ORIGINS?.trim();
  const allowedOrigins = allowedRaw
    ? allowedRaw
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)
    : DEFAULT_ALLOWED_ORIGINS;

  // `*` lets any web page spend this app's token calls: only for a broker in front of a local
  // emulator, never in front of TikTok.
  if (allowedOrigins.includes('*') && !isLoopbackHost(parsedOrigin.hostname)) {
    return {
      ok: false,
      message: `BROKER_ALLOWED_ORIGINS=* is refused unless TIKTOK_API_ORIGIN is a loopback address (it is ${parsedOrigin.origin}); list the extension's origin instead`,
    };
  }

  const geckoRaw = env.BROKER_GECKO_IDS?.trim();
  const geckoIds = geckoRaw
    ? geckoRaw
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean)
    : DEFAULT_GECKO_IDS;

  const max = positiveInt(env.BROKER_RATE_LIMIT_MAX);
  const windowMs = positiveInt(env.BROKER_RATE_LIMIT_WINDOW_MS);
  if (max === null || windowMs === null) {
    return {
      ok: false,
      message: 'BROKER_RATE_LIMIT_MAX and BROKER_RATE_LIMIT_WINDOW_MS must be positive integers',
    };
  }
  const rateLimit =
    max || windowMs
      ? { max: max ?? DEFAULT_RATE_LIMIT.max, windowMs: windowMs ?? DEFAULT_RATE_LIMIT.windowMs }
      : undefined;

  const trustedIpHeader = env.BROKER_TRUSTED_IP_HEADER?.trim() || undefined;
  if (trustedIpHeader && !/^[A-Za-z0-9-]{1,64}$/.test(trustedIpHeader)) {
    return { ok: false, message: `BROKER_TRUSTED_IP_HEADER is not a header name: ${trustedIpHeader}` };
  }

  return {
    ok: true,
    options: {
      clientKey,
      clientSecret,
      apiOrigin: parsedOrigin.origin,
      allowedOrigins,
      geckoIds,
      ...(authUrl ? { authUrl } : {}),
      rateLimit,
      ...(trustedIpHeader ? { trustedIpHeader } : {}),
    },
  };
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
