import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { pullUrlVerified } from '../url-ownership';
import { boot, control, fetchStatus, mp4Bytes, postJson, sha256, signIn, waitForUpload } from './helpers';

const video = mp4Bytes(3_000_000);
let origin: string;
let source: http.Server;
const served: string[] = [];

beforeAll(async () => {
  source = http.createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url === '/videos/clip.mp4') {
      res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': video.length });
      res.end(video);
    } else if (req.url === '/videos/moved.mp4') {
      res.writeHead(302, { Location: '/videos/clip.mp4' });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => source.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => source.close(() => r())));

let emu: RunningEmulator;
let token: string;
beforeEach(async () => {
  emu = await boot();
  token = (await signIn(emu.url)).access_token;
  served.length = 0;
});
afterEach(() => emu.close());

const pull = (url: string) =>
  postJson(
    `${emu.url}/v2/post/publish/inbox/video/init/`,
    { source_info: { source: 'PULL_FROM_URL', video_url: url } },
    token,
  );

describe('PULL_FROM_URL', () => {
  it('refuses an unverified URL with 403 url_ownership_unverified and fetches nothing', async () => {
    const { status, json } = await pull(`${origin}/videos/clip.mp4`);
    expect(status).toBe(403);
    expect(json.error.code).toBe('url_ownership_unverified');
    // A verified prefix over http still needs allowInsecurePull.
    await control(emu.url, '/config', { verifiedPrefixes: [`${origin}/videos/`] });
    expect((await pull(`${origin}/videos/clip.mp4`)).json.error.code).toBe('url_ownership_unverified');
    expect(served).toEqual([]);
  });

  it('really downloads a verified URL and delivers it to the inbox', async () => {
    await control(emu.url, '/config', { verifiedPrefixes: [`${origin}/videos/`], allowInsecurePull: true });
    const { status, json } = await pull(`${origin}/videos/clip.mp4`);
    expect(status).toBe(200);
    expect(json.data.publish_id).toMatch(/^v_inbox_url~v2\.\d+$/);
    expect(json.data.upload_url).toBeUndefined();
    const upload = await waitForUpload(emu.url, json.data.publish_id, 'SEND_TO_USER_INBOX');
    expect(upload).toMatchObject({
      status: 'SEND_TO_USER_INBOX',
      source: 'PULL_FROM_URL',
      downloadedBytes: 3_000_000,
    });
    expect(upload.sha256).toBe(sha256(video));
    expect(served).toEqual(['/videos/clip.mp4']);
    const status2 = await fetchStatus(emu.url, token, json.data.publish_id);
    expect(status2.json.data).toMatchObject({ status: 'SEND_TO_USER_INBOX', downloaded_bytes: 3_000_000 });
  });

  it('follows no redirect and fails a missing file with video_pull_failed', async () => {
    await control(emu.url, '/config', { verifiedPrefixes: [`${origin}/videos/`], allowInsecurePull: true });
    for (const path of ['/videos/moved.mp4', '/videos/missing.mp4']) {
      const { json } = await pull(`${origin}${path}`);
      const upload = await waitForUpload(emu.url, json.data.publish_id, 'FAILED');
      expect(upload).toMatchObject({ status: 'FAILED', failReason: 'video_pull_failed' });
    }
    expect(served).toEqual(['/videos/moved.mp4', '/videos/missing.mp4']);
  });
});

describe('URL ownership rules', () => {
  const cfg = {
    verifiedDomains: ['example.com'],
    verifiedPrefixes: ['https://cdn.other.net/videos/'],
    allowInsecurePull: false,
  };
  const ok = (url: string, c = cfg) => pullUrlVerified(new URL(url), c);

  it('covers a domain and its subdomains, https only', () => {
    expect(ok('https://example.com/a.mp4')).toBe(true);
    expect(ok('https://media.cdn.example.com/a.mp4')).toBe(true);
    expect(ok('https://badexample.com/a.mp4')).toBe(false);
    expect(ok('https://example.com.evil.net/a.mp4')).toBe(false);
    expect(ok('http://example.com/a.mp4')).toBe(false);
  });

  it('matches a URL prefix exactly', () => {
    expect(ok('https://cdn.other.net/videos/a.mp4')).toBe(true);
    expect(ok('https://cdn.other.net/videos2/a.mp4')).toBe(false);
    expect(ok('https://cdn.other.net/a.mp4')).toBe(false);
  });

  it('never pulls from an IP host unless insecure pulls are allowed', () => {
    const ipCfg = { ...cfg, verifiedPrefixes: ['https://127.0.0.1/'] };
    expect(ok('https://127.0.0.1/a.mp4', ipCfg)).toBe(false);
    expect(ok('https://127.0.0.1/a.mp4', { ...ipCfg, allowInsecurePull: true })).toBe(true);
  });
});
