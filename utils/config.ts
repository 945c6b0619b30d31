// Build-time configuration. Defaults are the real TikTok; test and dev builds point elsewhere.
// Only `import.meta.env.WXT_*` values are inlined by the build.
import { buildRedirectMode } from './redirect-uri';

function flag(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

export const buildConfig = {
  apiOrigin: (import.meta.env.WXT_TIKTOK_API_ORIGIN as string | undefined) || 'https://open.tiktokapis.com',
  authUrl:
    (import.meta.env.WXT_TIKTOK_AUTH_URL as string | undefined) ||
    'https://www.tiktok.com/v2/auth/authorize/',
  clientKey: (import.meta.env.WXT_TIKTOK_CLIENT_KEY as string | undefined) || '',
  brokerUrl: (import.meta.env.WXT_BROKER_URL as string | undefined) || '',
  /** `broker`: TikTok redirects to the broker's /oauth/callback (utils/redirect-uri.ts). */
  oauthRedirect: buildRedirectMode(import.meta.env.WXT_OAUTH_REDIRECT as string | undefined),
  allowLoopback: flag(import.meta.env.WXT_ALLOW_LOOPBACK_SOURCES as string | undefined),
};

export const OAUTH_SCOPES = ['user.info.basic', 'video.upload'] as const;
