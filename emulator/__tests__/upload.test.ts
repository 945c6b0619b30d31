import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import {
  boot,
  control,
  fetchStatus,
  initFile,
  mp4Bytes,
  put,
  putChunk,
  sha256,
  signIn,
  waitForUpload,
  type Json,
} from './helpers';
import { TINY_WEBM } from '../../tests/fixtures/video-bytes';

let emu: RunningEmulator;
let token: string;

beforeEach(async () => {
  emu = await boot();
  token = (await signIn(emu.url)).access_token;
});
afterEach(() => emu.close());

describe('FILE_UPLOAD init', () => {
  it('answers with TikTok envelope, a file publish_id and an upload_url on this host', async () => {
    const { status, json } = await initFile(emu.url, token, 4_194_304, 4_194_304, 1);
    expect(status).toBe(200);
    expect(json.error).toMatchObject({ code: 'ok', message: '' });
    expect(json.error.log_id).toMatch(/^\d{14}[0-9A-F]+$/);
    expect(json.data.publish_id).toMatch(/^v_inbox_file~v2\.\d+$/);
    expect(json.data.upload_url).toMatch(new RegExp(`^${emu.url}/upload/\\d+\\?upload_token=[\\w-]+$`));
  });

  it.each([
    ['a count that disagrees with the size', 50_000_123, 10_000_000, 4],
    ['a 64 MiB single chunk', 67_108_864, 67_108_864, 1],
    ['chunks of 5,000,000 B (5 MB but under 5 MiB)', 20_000_000, 5_000_000, 4],
    ['a small video split in two', 4_000_000, 2_000_000, 2],
  ])('refuses %s with 400 invalid_params "The chunk size is invalid"', async (_name, size, chunk, count) => {
    const { status, json } = await initFile(emu.url, token, size, chunk, count);
    expect(status).toBe(400);
    expect(json.error.code).toBe('invalid_params');
    expect(json.error.message).toBe('The chunk size is invalid');
  });

  it('refuses malformed source_info with 400 invalid_param', async () => {
    const res = await fetch(`${emu.url}/v2/post/publish/inbox/video/init/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ source_info: { source: 'FILE_UPLOAD', video_size: '10' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_param');
    const huge = await fetch(`${emu.url}/v2/post/publish/inbox/video/init/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        source_info: { source: 'PULL_FROM_URL', video_url: `https://a.example/${'x'.repeat(100_000)}` },
      }),
    });
    expect(huge.status).toBe(400);
  });

  it('needs a valid bearer token with video.upload', async () => {
    expect((await initFile(emu.url, 'nope', 4_194_304, 4_194_304, 1)).json.error.code).toBe(
      'access_token_invalid',
    );
    const other = await signIn(emu.url, 'user.info.basic');
    const { status, json } = await initFile(emu.url, other.access_token, 4_194_304, 4_194_304, 1);
    expect(status).toBe(401);
    expect(json.error.code).toBe('scope_not_authorized');
  });
});

describe('chunk PUT', () => {
  it("takes seed 003's 50,000,123 B in 10,000,000 B chunks: four 206, one 201, the same SHA-256", async () => {
    // Made first: making it blocks the event loop for seconds on a busy machine, long enough for
    // the emulator to close the kept-alive socket of the call before it (ECONNRESET on reuse).
    const video = mp4Bytes(50_000_123);
    await control(emu.url, '/config', { processingDelayMs: 1500 });
    const { json } = await initFile(emu.url, token, video.length, 10_000_000, 5);
    const { publish_id: publishId, upload_url: uploadUrl } = json.data;
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const last = i === 4 ? video.length - 1 : (i + 1) * 10_000_000 - 1;
      answers.push(await putChunk(uploadUrl, video, i * 10_000_000, last));
    }
    expect(answers.map((a) => a.status)).toEqual([206, 206, 206, 206, 201]);
    expect(answers.map((a) => a.contentRange)).toEqual([
      'bytes 0-9999999/50000123',
      'bytes 0-19999999/50000123',
      'bytes 0-29999999/50000123',
      'bytes 0-39999999/50000123',
      'bytes 0-50000122/50000123',
    ]);
    const upload = (await control(emu.url, `/uploads/${encodeURIComponent(publishId)}`)).json;
    expect(upload).toMatchObject({
      receivedBytes: 50_000_123,
      chunksAccepted: 5,
      puts: 5,
      source: 'FILE_UPLOAD',
    });
    expect(upload.sha256).toBe(sha256(video));

    const first = await fetchStatus(emu.url, token, publishId);
    expect(first.json.data).toMatchObject({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 50_000_123 });
    expect((await waitForUpload(emu.url, publishId, 'SEND_TO_USER_INBOX')).status).toBe('SEND_TO_USER_INBOX');
    const done = await fetchStatus(emu.url, token, publishId);
    expect(done.json.data).toEqual({
      status: 'SEND_TO_USER_INBOX',
      publicaly_available_post_id: [],
      uploaded_bytes: 50_000_123,
      downloaded_bytes: 0,
    });
  });

  it("takes seed 003's 4,194,304 B whole upload with one 201", async () => {
    const video = mp4Bytes(4_194_304);
    const { json } = await initFile(emu.url, token, video.length, video.length, 1);
    const answer = await putChunk(json.data.upload_url, video, 0, video.length - 1);
    expect(answer).toMatchObject({ status: 201, contentRange: 'bytes 0-4194303/4194304' });
    const upload = (await control(emu.url, `/uploads/${encodeURIComponent(json.data.publish_id)}`)).json;
    expect(upload.sha256).toBe(sha256(video));
  });

  it('refuses a chunk out of order with 416 and the progress, then accepts the right one', async () => {
    const video = mp4Bytes(10_485_760);
    const { json } = await initFile(emu.url, token, video.length, 5_242_880, 2);
    const url = json.data.upload_url;
    const skipped = await putChunk(url, video, 5_242_880, video.length - 1);
    expect(skipped).toMatchObject({ status: 416, contentRange: 'bytes */10485760' });
    expect(await putChunk(url, video, 0, 5_242_879)).toMatchObject({ status: 206 });
    const again = await putChunk(url, video, 0, 5_242_879);
    expect(again).toMatchObject({ status: 416, contentRange: 'bytes 0-5242879/10485760' });
    const log = (await control(emu.url, '/log')).json.requests.filter((r: Json) => r.endpoint === 'upload');
    expect(log.map((r: Json) => [r.status, r.errorCode])).toEqual([
      [416, 'range_not_satisfiable'],
      [206, undefined],
      [416, 'range_not_satisfiable'],
    ]);
    // A range that is not exactly the planned chunk is refused too.
    expect((await putChunk(url, video, 5_242_880, video.length - 2)).status).toBe(416);
    expect(await putChunk(url, video, 5_242_880, video.length - 1)).toMatchObject({ status: 201 });
  });

  it('refuses a Content-Length that disagrees with the range, and a wrong Content-Type, with 400', async () => {
    const video = mp4Bytes(1000);
    const { json } = await initFile(emu.url, token, 1000, 1000, 1);
    const url = json.data.upload_url;
    const wrongLength = await put(url, video.subarray(0, 999), {
      'Content-Type': 'video/mp4',
      'Content-Length': 999,
      'Content-Range': 'bytes 0-999/1000',
    });
    expect(wrongLength.status).toBe(400);
    expect(JSON.parse(wrongLength.body).error.code).toBe('invalid_param');
    const wrongType = await put(url, video, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': 1000,
      'Content-Range': 'bytes 0-999/1000',
    });
    expect(wrongType.status).toBe(400);
    expect(await putChunk(url, video, 0, 999)).toMatchObject({ status: 201 });
  });

  it('keeps the progress at the last whole chunk when a body breaks off', async () => {
    const video = mp4Bytes(10_485_760);
    const { json } = await initFile(emu.url, token, video.length, 5_242_880, 2);
    const url = new URL(json.data.upload_url);
    expect((await putChunk(url.href, video, 0, 5_242_879)).status).toBe(206);
    // Declare the second chunk, send a third of it, and stop sending: Content-Length was a lie.
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(
          `PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: video/mp4\r\n` +
            `Content-Length: 5242880\r\nContent-Range: bytes 5242880-10485759/10485760\r\n\r\n`,
        );
        socket.end(video.subarray(5_242_880, 7_000_000));
      });
      socket.on('data', (d) => (text += d));
      socket.on('close', () => resolve(text));
      socket.on('error', () => {});
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await new Promise((r) => setTimeout(r, 100));
    const upload = (await control(emu.url, `/uploads/${encodeURIComponent(json.data.publish_id)}`)).json;
    expect(upload).toMatchObject({ receivedBytes: 5_242_880, chunksAccepted: 1 });
    expect(await putChunk(url.href, video, 5_242_880, video.length - 1)).toMatchObject({
      status: 201,
      contentRange: 'bytes 0-10485759/10485760',
    });
    expect((await control(emu.url, `/uploads/${encodeURIComponent(json.data.publish_id)}`)).json.sha256).toBe(
      sha256(video),
    );
  });

  it('answers 403 for an expired upload URL and 404 for an unknown one', async () => {
    const video = mp4Bytes(1000);
    const { json } = await initFile(emu.url, token, 1000, 1000, 1);
    await control(emu.url, '/expire', { publishId: json.data.publish_id });
    expect((await putChunk(json.data.upload_url, video, 0, 999)).status).toBe(403);
    const unknown = json.data.upload_url.replace(/upload_token=[^&]+/, 'upload_token=forged');
    expect((await putChunk(unknown, video, 0, 999)).status).toBe(404);
    expect((await putChunk(`${emu.url}/upload/123?upload_token=x`, video, 0, 999)).status).toBe(404);
  });

  it('expires upload URLs after uploadUrlTtlSec', async () => {
    await control(emu.url, '/config', { uploadUrlTtlSec: 0.05 });
    const video = mp4Bytes(1000);
    const { json } = await initFile(emu.url, token, 1000, 1000, 1);
    await new Promise((r) => setTimeout(r, 80));
    expect((await putChunk(json.data.upload_url, video, 0, 999)).status).toBe(403);
  });

  it('fails bytes that are not MP4, MOV or WebM with file_format_check_failed', async () => {
    const html = Buffer.from('<!doctype html><html><body>not a video</body></html>');
    const { json } = await initFile(emu.url, token, html.length, html.length, 1);
    expect((await putChunk(json.data.upload_url, html, 0, html.length - 1)).status).toBe(201);
    const failed = await waitForUpload(emu.url, json.data.publish_id, 'FAILED');
    expect(failed).toMatchObject({ status: 'FAILED', failReason: 'file_format_check_failed' });
    const status = await fetchStatus(emu.url, token, json.data.publish_id);
    expect(status.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'file_format_check_failed' });
  });

  it('fails a real MP4 cut short, and a WebM sent as video/mp4, naming the cause', async () => {
    const cut = mp4Bytes(5000).subarray(0, 4000);
    const cases: [Buffer, string, RegExp][] = [
      [cut, 'video/mp4', /box 'free' .* \(truncated\)/],
      [TINY_WEBM, 'video/mp4', /sent as video\/mp4 but the bytes are video\/webm/],
    ];
    for (const [bytes, type, problem] of cases) {
      const { json } = await initFile(emu.url, token, bytes.length, bytes.length, 1);
      expect((await putChunk(json.data.upload_url, bytes, 0, bytes.length - 1, type)).status).toBe(201);
      const failed = await waitForUpload(emu.url, json.data.publish_id, 'FAILED');
      expect(failed).toMatchObject({ failReason: 'file_format_check_failed' });
      expect(failed.formatProblem).toMatch(problem);
    }
  });

  it('accepts a real WebM sent as video/webm', async () => {
    const webm = TINY_WEBM;
    const { json } = await initFile(emu.url, token, webm.length, webm.length, 1);
    expect((await putChunk(json.data.upload_url, webm, 0, webm.length - 1, 'video/webm')).status).toBe(201);
    expect((await waitForUpload(emu.url, json.data.publish_id, 'SEND_TO_USER_INBOX')).status).toBe(
      'SEND_TO_USER_INBOX',
    );
  });

  it("fails a readable video that breaks TikTok's rules with that rule's fail_reason", async () => {
    // A second of 15 fps, made by ffmpeg: readable, but under TikTok's 23 fps.
    const dir = mkdtempSync(path.join(tmpdir(), 'emulator-rules-'));
    const file = path.join(dir, '15fps.mp4');
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'color=c=gray:size=640x360:rate=15:duration=1'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-movflags', '+faststart', file],
    ]);
    const video = readFileSync(file);
    rmSync(dir, { recursive: true, force: true });
    const { json } = await initFile(emu.url, token, video.length, video.length, 1);
    expect((await putChunk(json.data.upload_url, video, 0, video.length - 1, 'video/mp4')).status).toBe(201);
    const failed = await waitForUpload(emu.url, json.data.publish_id, 'FAILED');
    expect(failed).toMatchObject({
      failReason: 'frame_rate_check_failed',
      formatProblem: '15 fps: the frame rate must be 23–60',
    });
    const status = await fetchStatus(emu.url, token, json.data.publish_id);
    expect(status.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'frame_rate_check_failed' });
  });
});
