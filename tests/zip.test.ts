// `npm run zip` for real: both store packages and the sources zip from production builds, each
// archive opened with `unzip` and checked; and the refusals, which must leave no archive behind.
import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopbackInCode, packageProblems, type Manifest } from '../scripts/store/package-check';
import { listZip, readZipText } from '../scripts/store/zip-read';
import { settingsProblem } from '../scripts/zip';
import { GECKO_ID } from '../wxt.config';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, '.output');
const STORE_ENV = {
  WXT_TIKTOK_CLIENT_KEY: 'store-test-client-key',
  WXT_BROKER_URL: 'https://broker.example.com',
};

function zip(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WXT_')));
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'zip'], { cwd: ROOT, env: { ...clean, ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function stamps(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const f of await zips()) out[f] = (await stat(path.join(OUT, f))).mtimeMs;
  return out;
}

async function zips(): Promise<string[]> {
  return (await readdir(OUT).catch(() => [])).filter((f) => f.endsWith('.zip')).sort();
}

describe('store package checks', () => {
  const good: Manifest = {
    name: 'Send to TikTok Drafts',
    host_permissions: ['https://open.tiktokapis.com/*'],
    background: { service_worker: 'background.js' },
  };
  it('refuses what a test build leaves in a package', () => {
    expect(packageProblems('chrome', ['manifest.json'], good)).toEqual([]);
    expect(packageProblems('chrome', ['manifest.json', 'a.js.map'], { ...good, key: 'k' })).toEqual([
      'source maps: a.js.map',
      'the Chrome Web Store refuses a manifest key',
    ]);
    expect(
      packageProblems('chrome', ['manifest.json'], {
        ...good,
        name: 'Send to TikTok Drafts (dev)',
        host_permissions: ['http://127.0.0.1/*', 'http://localhost/*', 'http://[::1]/*'],
      }),
    ).toEqual([
      'the manifest names a dev build: Send to TikTok Drafts (dev)',
      'loopback host permissions: http://127.0.0.1/*, http://localhost/*, http://[::1]/*',
    ]);
    expect(packageProblems('firefox', [], undefined)).toEqual(['manifest.json is missing']);
    expect(loopbackInCode('const a="http://127.0.0.1:18790/v2"')).toBe('http://127.0.0.1:');
    expect(loopbackInCode('const a="https://open.tiktokapis.com"')).toBeUndefined();
  });

  it('refuses build settings that point at this computer or lack a client key', () => {
    expect(settingsProblem(STORE_ENV)).toBeUndefined();
    expect(settingsProblem({ ...STORE_ENV, WXT_ALLOW_LOOPBACK_SOURCES: '1' })).toMatch(/loopback/);
    expect(settingsProblem({ WXT_BROKER_URL: 'https://b.example' })).toMatch(/CLIENT_KEY/);
    expect(settingsProblem({ ...STORE_ENV, WXT_BROKER_URL: 'http://127.0.0.1:8787' })).toMatch(
      /public https/,
    );
    expect(settingsProblem({ ...STORE_ENV, WXT_TIKTOK_API_ORIGIN: 'https://localhost:1' })).toMatch(
      /public https/,
    );
    expect(settingsProblem({ ...STORE_ENV, WXT_TIKTOK_AUTH_URL: 'http://tiktok.example/' })).toMatch(
      /public https/,
    );
  });
});

describe('npm run zip', () => {
  it(
    'writes the Chrome and Firefox packages and the sources zip, production only',
    { timeout: 300_000 },
    async () => {
      const run = await zip(STORE_ENV);
      expect(run.code, run.output).toBe(0);
      const version = (
        JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
      ).version;
      const names = ['chrome', 'firefox', 'sources'].map((k) => `send-to-tiktok-drafts-${version}-${k}.zip`);
      expect(await zips()).toEqual(names.sort());

      const chrome = path.join(OUT, names[0]);
      const chromeFiles = await listZip(chrome);
      const chromeManifest = JSON.parse(await readZipText(chrome, 'manifest.json')) as Manifest;
      expect(packageProblems('chrome', chromeFiles, chromeManifest)).toEqual([]);
      expect(chromeManifest.name).toBe('Send to TikTok Drafts');
      expect(chromeManifest).not.toHaveProperty('key');
      expect(chromeFiles).toEqual(
        expect.arrayContaining(['background.js', 'popup.html', 'options.html', 'offscreen.html']),
      );
      // The client key of this build is baked in; no test address is.
      const background = await readZipText(chrome, 'background.js');
      expect(background).toContain('store-test-client-key');
      expect(loopbackInCode(background)).toBeUndefined();

      const firefox = path.join(OUT, names[1]);
      const firefoxManifest = JSON.parse(await readZipText(firefox, 'manifest.json')) as Manifest;
      expect(packageProblems('firefox', await listZip(firefox), firefoxManifest)).toEqual([]);
      expect(firefoxManifest.browser_specific_settings?.gecko?.id).toBe(GECKO_ID);
      expect(firefoxManifest.background).toEqual({ scripts: ['background.js'] });

      const sources = await listZip(path.join(OUT, names[2]));
      expect(packageProblems('sources', sources)).toEqual([]);
      expect(sources).toEqual(expect.arrayContaining(['store/privacy-policy.md', 'store/listing.md']));
      expect(sources.some((f) => f.startsWith('tests/') || f.startsWith('emulator/'))).toBe(false);
    },
  );

  it(
    'refuses a loopback build before building: the packages there stay as they were',
    { timeout: 120_000 },
    async () => {
      const before = await stamps();
      const run = await zip({ ...STORE_ENV, WXT_ALLOW_LOOPBACK_SOURCES: '1' });
      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(/WXT_ALLOW_LOOPBACK_SOURCES is set/);
      const http = await zip({ ...STORE_ENV, WXT_BROKER_URL: 'http://127.0.0.1:18787' });
      expect(http.code).not.toBe(0);
      expect(http.output).toMatch(/WXT_BROKER_URL must be a public https address/);
      expect(await stamps()).toEqual(before);
    },
  );
});
