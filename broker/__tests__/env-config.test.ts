import { describe, expect, it } from 'vitest';
import { brokerConfigFromEnv, DEFAULT_ALLOWED_ORIGINS, DEFAULT_GECKO_IDS } from '../env-config';

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
        geckoIds: DEFAULT_GECKO_IDS,
        rateLimit: undefined,
      },
    });
    expect(DEFAULT_ALLOWED_ORIGINS).toEqual([
      'chrome-extension://jhihmnaomjcpchhbnbnichoehkgakkep',
      'moz-extension://*',
    ]);
    expect(DEFAULT_GECKO_IDS).toEqual(['send-to-tiktok-drafts@example.org']);
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
      BROKER_GECKO_IDS: 'a@example.org, {0d9a3f7e-8b1c-4c2d-9e3f-1a2b3c4d5e6f}',
    });
    expect(result.ok && result.options).toMatchObject({
      apiOrigin: 'http://127.0.0.1:8790',
      allowedOrigins: ['chrome-extension://a', 'https://b.example'],
      geckoIds: ['a@example.org', '{0d9a3f7e-8b1c-4c2d-9e3f-1a2b3c4d5e6f}'],
      rateLimit: { max: 5, windowMs: 60_000 },
    });
  });

  it.each([
    [{ TIKTOK_API_ORIGIN: 'not a url' }, /not a URL/],
    [{ TIKTOK_API_ORIGIN: 'ftp://x' }, /http/],
    [{ BROKER_RATE_LIMIT_MAX: '0' }, /positive integers/],
    [{ BROKER_RATE_LIMIT_WINDOW_MS: '1.5' }, /positive integers/],
    // Any page could spend the real app's token calls.
    [{ BROKER_ALLOWED_ORIGINS: '*' }, /refused unless TIKTOK_API_ORIGIN is a loopback/],
    [{ BROKER_ALLOWED_ORIGINS: '*', TIKTOK_API_ORIGIN: 'https://emu.example' }, /loopback/],
    [{ BROKER_TRUSTED_IP_HEADER: 'X Forwarded' }, /not a header name/],
  ])('refuses %o', (extra, message) => {
    const result = brokerConfigFromEnv({ ...base, ...extra });
    expect(!result.ok && result.message).toMatch(message);
  });

  it("allows '*' in front of a loopback emulator, and reads the trusted proxy header", () => {
    for (const origin of ['http://127.0.0.1:8790', 'http://localhost:1', 'http://[::1]:2']) {
      expect(
        brokerConfigFromEnv({ ...base, TIKTOK_API_ORIGIN: origin, BROKER_ALLOWED_ORIGINS: '*' }).ok,
      ).toBe(true);
    }
    const result = brokerConfigFromEnv({ ...base, BROKER_TRUSTED_IP_HEADER: 'X-Forwarded-For' });
    expect(result.ok && result.options.trustedIpHeader).toBe('X-Forwarded-For');
  });
});
