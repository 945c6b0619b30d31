import { describe, expect, it } from 'vitest';
import { brokerConfigFromEnv, DEFAULT_ALLOWED_ORIGINS } from '../env-config';

const base = { TIKTOK_CLIENT_KEY: 'k', TIKTOK_CLIENT_SECRET: 's' };

describe('brokerConfigFromEnv', () => {
  it('defaults to the real TikTok and the extension origin', () => {
    expect(brokerConfigFromEnv(base)).toEqual({
      ok: true,
      options: {
        clientKey: 'k',
        clientSecret: 's',
        apiOrigin: 'https://open.tiktokapis.com',
        allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
        rateLimit: undefined,
      },
    });
    expect(DEFAULT_ALLOWED_ORIGINS).toEqual(['chrome-extension://jhihmnaomjcpchhbnbnichoehkgakkep']);
  });

  it('names every missing credential', () => {
    const result = brokerConfigFromEnv({ TIKTOK_CLIENT_KEY: ' ' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET must be set/);
  });

  it('reads the origin list, the API origin and the rate limit', () => {
    const result = brokerConfigFromEnv({
      ...base,
      TIKTOK_API_ORIGIN: 'http://127.0.0.1:8790/',
      BROKER_ALLOWED_ORIGINS: ' chrome-extension://a , https://b.example ,',
      BROKER_RATE_LIMIT_MAX: '5',
    });
    expect(result.ok && result.options).toMatchObject({
      apiOrigin: 'http://127.0.0.1:8790',
      allowedOrigins: ['chrome-extension://a', 'https://b.example'],
      rateLimit: { max: 5, windowMs: 60_000 },
    });
  });

  it.each([
    [{ TIKTOK_API_ORIGIN: 'not a url' }, /not a URL/],
    [{ TIKTOK_API_ORIGIN: 'ftp://x' }, /http/],
    [{ BROKER_RATE_LIMIT_MAX: '0' }, /positive integers/],
    [{ BROKER_RATE_LIMIT_WINDOW_MS: '1.5' }, /positive integers/],
  ])('refuses %o', (extra, message) => {
    const result = brokerConfigFromEnv({ ...base, ...extra });
    expect(!result.ok && result.message).toMatch(message);
  });
});
