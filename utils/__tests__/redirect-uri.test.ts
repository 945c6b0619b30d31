import { describe, expect, it } from 'vitest';
import {
  brokerCallbackUrl,
  brokerStartUrl,
  buildRedirectMode,
  effectiveRedirectMode,
  redirectLabel,
  redirectPlan,
} from '../redirect-uri';

const CHROME = 'https://jhihmnaomjcpchhbnbnichoehkgakkep.chromiumapp.org/';
const FIREFOX = 'https://0123456789abcdef0123456789abcdef01234567.extensions.allizom.org/';

describe('redirect URI strategy', () => {
  it('reads the build variable: only "broker" turns the broker callback on', () => {
    expect(buildRedirectMode(undefined)).toBe('direct');
    expect(buildRedirectMode('')).toBe('direct');
    expect(buildRedirectMode(' Broker ')).toBe('broker');
    expect(buildRedirectMode('brokers')).toBe('direct');
  });

  it('lets the options page override the build, and an empty setting keep it', () => {
    expect(effectiveRedirectMode('', 'broker')).toBe('broker');
    expect(effectiveRedirectMode('direct', 'broker')).toBe('direct');
    expect(effectiveRedirectMode('broker', 'direct')).toBe('broker');
  });

  it('puts the callback under the broker URL, path prefix kept, query dropped', () => {
    expect(brokerCallbackUrl('https://broker.example')).toBe('https://broker.example/oauth/callback');
    expect(brokerCallbackUrl('https://broker.example/')).toBe('https://broker.example/oauth/callback');
    expect(brokerCallbackUrl('https://x.example/tt/broker?x=1#y')).toBe(
      'https://x.example/tt/broker/oauth/callback',
    );
    expect(brokerCallbackUrl('http://127.0.0.1:18787')).toBe('http://127.0.0.1:18787/oauth/callback');
  });

  it('names the extension by its redirect host label (Chrome id or Firefox hash)', () => {
    expect(redirectLabel(CHROME)).toBe('jhihmnaomjcpchhbnbnichoehkgakkep');
    expect(redirectLabel(FIREFOX)).toBe('0123456789abcdef0123456789abcdef01234567');
  });

  it('direct: the extension’s own URL, the bare random state, the authorize URL opened as it is', () => {
    const plan = redirectPlan({
      mode: 'direct',
      extensionRedirect: CHROME,
      brokerUrl: 'https://b.example',
      random: 'r'.repeat(32),
    });
    expect(plan.redirectUri).toBe(CHROME);
    expect(plan.state).toBe('r'.repeat(32));
    expect(plan.launchUrl('https://www.tiktok.com/v2/auth/authorize/?a=1')).toBe(
      'https://www.tiktok.com/v2/auth/authorize/?a=1',
    );
  });

  it('broker: the broker callback, a state the broker can route, and the flow opened at /oauth/start', () => {
    const plan = redirectPlan({
      mode: 'broker',
      extensionRedirect: FIREFOX,
      brokerUrl: 'https://b.example/x/',
      random: 'f'.repeat(32),
    });
    expect(plan.redirectUri).toBe('https://b.example/x/oauth/callback');
    expect(plan.state).toBe(`0123456789abcdef0123456789abcdef01234567.${'f'.repeat(32)}`);
    // Firefox opens no URL whose redirect_uri is not its own: the start URL's path is the broker's.
    expect(plan.launchUrl('https://www.tiktok.com/v2/auth/authorize/?client_key=k&redirect_uri=r')).toBe(
      'https://b.example/x/oauth/start?client_key=k',
    );
    expect(brokerStartUrl('https://b.example', 'https://t.example/a?s=1')).toBe(
      'https://b.example/oauth/start?s=1',
    );
  });
});
