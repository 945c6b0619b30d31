import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { boot, control, initFile, mp4Bytes, put, putChunk, sha256, signIn, waitForUpload } from './helpers';

let emu: RunningEmulator;
let token: string;
beforeEach(async () => {
  emu = await boot();
  token = (await signIn(emu.url)).access_token;
});
afterEach(() => emu.close());

const video = mp4Bytes(10_485_760);
async function twoChunkUpload() {
  const { json } = await initFile(emu.url, token, video.length, 5_242_880, 2);
  return json.data as { publish_id: string; upload_url: string };
}
const upload = async (publishId: string) =>
  (await control(emu.url, `/uploads/${encodeURIComponent(publishId)}`)).json;

describe('fault injection', () => {
  it('answers the nth PUT with an injected status, `times` in a row, with the progress header', async () => {
    const { publish_id, upload_url } = await twoChunkUpload();
    await control(emu.url, '/faults', {
      faults: [{ endpoint: 'upload', nth: 2, times: 2, action: { type: 'status', status: 503 } }],
    });
    expect((await putChunk(upload_url, video, 0, 5_242_879)).status).toBe(206);
    for (let i = 0; i < 2; i++) {
      const failed = await putChunk(upload_url, video, 5_242_880, video.length - 1);
      expect(failed).toMatchObject({ status: 503, contentRange: 'bytes 0-5242879/10485760' });
    }
    expect((await putChunk(upload_url, video, 5_242_880, video.length - 1)).status).toBe(201);
    expect((await upload(publish_id)).sha256).toBe(sha256(video));
  });

  it('drops a PUT without keeping its bytes, or after keeping them with store: true', async () => {
    const { publish_id, upload_url } = await twoChunkUpload();
    await control(emu.url, '/faults', {
      faults: [
        { endpoint: 'upload', action: { type: 'drop' } },
        { endpoint: 'upload', nth: 2, action: { type: 'drop', store: true } },
      ],
    });
    await expect(putChunk(upload_url, video, 0, 5_242_879)).rejects.toThrow();
    expect((await upload(publish_id)).receivedBytes).toBe(0);
    await expect(putChunk(upload_url, video, 0, 5_242_879)).rejects.toThrow();
    expect((await upload(publish_id)).receivedBytes).toBe(5_242_880);
    // The client did not see the answer and resends: the 416 tells it where the server stands.
    expect(await putChunk(upload_url, video, 0, 5_242_879)).toMatchObject({
      status: 416,
      contentRange: 'bytes 0-5242879/10485760',
    });
    const log = (await control(emu.url, '/log')).json.requests.filter(
      (r: { endpoint: string }) => r.endpoint === 'upload',
    );
    expect(log.map((r: { status: number }) => r.status)).toEqual([0, 0, 416]);
  });

  it('applies a forMs fault to every request in a time window from the nth, then no more', async () => {
    await control(emu.url, '/faults', {
      faults: [{ endpoint: 'status', nth: 2, forMs: 400, action: { type: 'status', status: 503 } }],
    });
    const { publish_id } = await twoChunkUpload();
    const ask = async () =>
      (
        await fetch(`${emu.url}/v2/post/publish/status/fetch/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ publish_id }),
        })
      ).status;
    expect(await ask()).toBe(200);
    // From the 2nd request on, for 400 ms, however many requests come.
    for (let i = 0; i < 5; i++) expect(await ask()).toBe(503);
    expect((await control(emu.url, '/faults')).json.faults).toMatchObject([{ forMs: 400 }]);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await ask()).toBe(200);
    expect((await control(emu.url, '/faults')).json.faults).toEqual([]);
  });

  it('refuses a forMs that is not a positive number', async () => {
    const bad = await control(emu.url, '/faults', {
      faults: [{ endpoint: 'upload', forMs: -1, action: { type: 'drop' } }],
    });
    expect(bad.status).toBe(400);
  });

  it('holds an answer after storing the bytes', async () => {
    const { publish_id, upload_url } = await twoChunkUpload();
    await control(emu.url, '/faults', {
      faults: [{ endpoint: 'upload', action: { type: 'hold', ms: 600 } }],
    });
    const started = Date.now();
    let answered = false;
    const pending = putChunk(upload_url, video, 0, 5_242_879).then((a) => ((answered = true), a));
    while ((await upload(publish_id)).receivedBytes === 0) await new Promise((r) => setTimeout(r, 20));
    expect((await upload(publish_id)).receivedBytes).toBe(5_242_880);
    if (Date.now() - started < 500) expect(answered).toBe(false);
    expect((await pending).status).toBe(206);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
  });

  it('answers malformed JSON on the nth init, and leaves the next ones alone', async () => {
    await control(emu.url, '/faults', {
      faults: [{ endpoint: 'init', nth: 2, action: { type: 'malformed-json' } }],
    });
    expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(200);
    const res = await fetch(`${emu.url}/v2/post/publish/inbox/video/init/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        source_info: { source: 'FILE_UPLOAD', video_size: 1000, chunk_size: 1000, total_chunk_count: 1 },
      }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(200);
  });

  it('injects token errors with a custom body, and clears faults', async () => {
    const body = { error: 'internal_error', error_description: 'down', log_id: 'x' };
    await control(emu.url, '/faults', {
      faults: [{ endpoint: 'token', times: 5, action: { type: 'status', status: 500, body } }],
    });
    await expect(signIn(emu.url)).rejects.toThrow(/500/);
    await control(emu.url, '/faults', undefined, 'DELETE');
    await expect(signIn(emu.url)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses a malformed fault', async () => {
    const bad = await control(emu.url, '/faults', {
      faults: [{ endpoint: 'upload', action: { type: 'explode' } }],
    });
    expect(bad.status).toBe(400);
  });
});

describe('control API', () => {
  it('logs requests with endpoint, status, range, cookie and origin', async () => {
    const { publish_id, upload_url } = (await initFile(emu.url, token, 1000, 1000, 1)).json.data;
    const bytes = mp4Bytes(1000);
    await put(upload_url, bytes, {
      'Content-Type': 'video/mp4',
      'Content-Length': 1000,
      'Content-Range': 'bytes 0-999/1000',
      Cookie: 'session=1',
      Origin: 'chrome-extension://abc',
    });
    const { requests } = (await control(emu.url, '/log')).json;
    const put1 = requests.find((r: { endpoint: string }) => r.endpoint === 'upload');
    expect(put1).toMatchObject({
      method: 'PUT',
      status: 201,
      contentRange: 'bytes 0-999/1000',
      contentLength: 1000,
      publishId: publish_id,
      cookie: true,
      origin: 'chrome-extension://abc',
    });
    expect(requests.map((r: { endpoint: string }) => r.endpoint)).toEqual([
      'authorize',
      'token',
      'init',
      'upload',
    ]);
    expect(requests.every((r: { seq: number }, i: number) => r.seq === i + 1)).toBe(true);
  });

  it('resets everything and replaces the config', async () => {
    await initFile(emu.url, token, 1000, 1000, 1);
    const reset = await control(emu.url, '/reset', { config: { pendingDraftCap: 1 } });
    expect(reset.json.config.pendingDraftCap).toBe(1);
    expect((await control(emu.url, '/uploads')).json.uploads).toEqual([]);
    expect((await control(emu.url, '/log')).json.requests).toEqual([]);
    expect((await initFile(emu.url, token, 1000, 1000, 1)).json.error.code).toBe('access_token_invalid');
    expect((await control(emu.url, '/config', { nope: 1 })).status).toBe(400);
  });

  it('lists drafts on the inbox page, playable, and serves their bytes with Range', async () => {
    const bytes = mp4Bytes(6000);
    const { publish_id, upload_url } = (await initFile(emu.url, token, 6000, 6000, 1)).json.data;
    await putChunk(upload_url, bytes, 0, 5999);
    const draft = await waitForUpload(emu.url, publish_id, 'SEND_TO_USER_INBOX');
    const html = await (await fetch(`${emu.url}/inbox`)).text();
    expect(html).toContain(`id="${publish_id}"`);
    expect(html).toContain(
      `<video controls preload="metadata" src="/inbox/${encodeURIComponent(publish_id)}/video">`,
    );
    expect(draft.inboxUrl).toBe(`${emu.url}/inbox#${encodeURIComponent(publish_id)}`);

    const whole = await fetch(draft.contentUrl);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await fetch(draft.contentUrl, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/6000');
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    expect((await fetch(draft.contentUrl, { headers: { Range: 'bytes=7000-' } })).status).toBe(416);
  });
});

describe('npm run emulator', () => {
  it('prints exactly one line, http://HOST:PORT, and serves there', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
    const config = await fetch(`${line.trim()}/_emulator/config`);
    expect(((await config.json()) as { clientKey: string }).clientKey).toBe('emulator-client-key');
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    await exited;
    expect(out).toBe(line);
  });
});
