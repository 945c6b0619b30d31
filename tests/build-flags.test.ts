// One loopback decision per build: from the resolved mode and environment, refused for production,
// and the same for the manifest and the code.
import { afterEach, describe, expect, it } from 'vitest';
import { BuildFlagError, extensionName, loopbackFor } from '../build-flags';
import config from '../wxt.config';

const ENV = 'WXT_ALLOW_LOOPBACK_SOURCES';

afterEach(() => {
  delete process.env[ENV];
});

type ManifestFn = (env: { mode: string; browser: string; manifestVersion: 3; command: 'build' }) => {
  name: string;
  host_permissions: string[];
};
type ViteFn = (env: { mode: string }) => { define: Record<string, string> };

describe('loopback build flag', () => {
  it('is off unless set, and refused for production', () => {
    expect(loopbackFor('production', {})).toBe(false);
    expect(loopbackFor('e2e', { [ENV]: '1' })).toBe(true);
    expect(loopbackFor('dev', { [ENV]: 'true' })).toBe(true);
    expect(() => loopbackFor('production', { [ENV]: '1' })).toThrow(BuildFlagError);
  });

  it('names loopback builds "(dev)"', () => {
    expect(extensionName(true)).toBe('Send to TikTok Drafts (dev)');
    expect(extensionName(false)).toBe('Send to TikTok Drafts');
  });

  it('wxt.config gives the manifest and the code the same answer', () => {
    const manifest = config.manifest as unknown as ManifestFn;
    const vite = config.vite as unknown as ViteFn;
    const env = (mode: string) => ({
      mode,
      browser: 'chrome',
      manifestVersion: 3 as const,
      command: 'build' as const,
    });

    process.env[ENV] = '1';
    expect(() => manifest(env('production'))).toThrow(/production build/);
    expect(manifest(env('e2e')).name).toBe('Send to TikTok Drafts (dev)');
    expect(manifest(env('e2e')).host_permissions).toContain('http://127.0.0.1/*');
    expect(vite({ mode: 'e2e' }).define['import.meta.env.WXT_ALLOW_LOOPBACK_SOURCES']).toBe('"1"');

    delete process.env[ENV];
    expect(manifest(env('production')).name).toBe('Send to TikTok Drafts');
    expect(manifest(env('production')).host_permissions).not.toContain('http://127.0.0.1/*');
    expect(vite({ mode: 'production' }).define['import.meta.env.WXT_ALLOW_LOOPBACK_SOURCES']).toBe('""');
  });
});
