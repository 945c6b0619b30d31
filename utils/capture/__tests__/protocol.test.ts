import { describe, expect, it } from 'vitest';
import { frameReadSchema, MAX_FRAME_READ } from '../frame';
import { FRAME_PIECE, frameMessageSchema } from '../frame-server';
import { captureFileName } from '../opfs';
import { captureResultSchema, fromOffscreenSchema, toOffscreenSchema } from '../protocol';

describe('capture messages', () => {
  it('accept what the offscreen document sends', () => {
    expect(
      fromOffscreenSchema.safeParse({
        type: 'capture/link',
        jobId: 'a-1',
        portName: 'stt-capture:a-1:0b5e3c4a-1d2f-4e5a-9b8c-7d6e5f4a3b2c',
      }).success,
    ).toBe(true);
    expect(
      fromOffscreenSchema.safeParse({ type: 'capture/progress', jobId: 'a-1', done: 3, total: 40 }).success,
    ).toBe(true);
    expect(
      captureResultSchema.safeParse({ ok: true, fileName: 'a-1.mp4', size: 10, mimeType: 'video/mp4' })
        .success,
    ).toBe(true);
  });

  it('refuse malformed or unbounded ones', () => {
    expect(
      fromOffscreenSchema.safeParse({ type: 'capture/link', jobId: '../x', portName: 'stt-capture:../x:1' })
        .success,
    ).toBe(false);
    expect(
      fromOffscreenSchema.safeParse({ type: 'capture/link', jobId: 'a-1', portName: 'anything-else' })
        .success,
    ).toBe(false);
    expect(
      fromOffscreenSchema.safeParse({ type: 'capture/progress', jobId: 'a', done: 1, total: 0 }).success,
    ).toBe(false);
    expect(fromOffscreenSchema.safeParse({ type: 'job/cancel', jobId: 'a' }).success).toBe(false);
    // A conversion's share is 0–1, no more.
    expect(
      fromOffscreenSchema.safeParse({ type: 'capture/remux-progress', jobId: 'a', share: 0.4 }).success,
    ).toBe(true);
    for (const share of [-0.1, 1.5, Number.NaN, '40%'])
      expect(
        fromOffscreenSchema.safeParse({ type: 'capture/remux-progress', jobId: 'a', share }).success,
      ).toBe(false);
    expect(toOffscreenSchema.safeParse({ type: 'offscreen/start', jobId: 'a', mode: 'rtmp' }).success).toBe(
      false,
    );
    expect(
      captureResultSchema.safeParse({ ok: true, fileName: 'a.mp4', size: 1, mimeType: 'text/html' }).success,
    ).toBe(false);
  });

  it('bound what a page may answer to one frame read', () => {
    const read = { ok: true, status: 206, contentType: '', contentRange: '' };
    const justFits = 'A'.repeat(Math.ceil(MAX_FRAME_READ / 3) * 4);
    expect(frameReadSchema.safeParse({ ...read, base64: justFits }).success).toBe(true);
    expect(frameReadSchema.safeParse({ ...read, base64: `${justFits}AAAAAAAA` }).success).toBe(false);
  });

  it('bound what the frame link may carry in one message', () => {
    const piece = { kind: 'piece', id: 1 };
    expect(frameMessageSchema.safeParse({ ...piece, bytes: new Uint8Array(FRAME_PIECE) }).success).toBe(true);
    expect(frameMessageSchema.safeParse({ ...piece, bytes: new Uint8Array(FRAME_PIECE + 1) }).success).toBe(
      false,
    );
    // Only bytes: no Blob (a handle the page would keep alive), no bare ArrayBuffer.
    expect(frameMessageSchema.safeParse({ ...piece, bytes: new Blob(['x']) }).success).toBe(false);
    expect(frameMessageSchema.safeParse({ ...piece, bytes: new Uint8Array(4).buffer }).success).toBe(false);
    const head = { kind: 'head', id: 1, ok: true, status: 200, contentType: '', contentRange: '' };
    expect(frameMessageSchema.safeParse(head).success).toBe(true);
    expect(frameMessageSchema.safeParse({ ...head, status: 1000 }).success).toBe(false);
    expect(frameMessageSchema.safeParse({ kind: 'end', id: 1, status: 413, error: 'x' }).success).toBe(true);
  });

  it('name capture files after job ids only', () => {
    expect(captureFileName('5b1c-9a', 'mp4')).toBe('5b1c-9a.mp4');
    expect(() => captureFileName('../etc', 'mp4')).toThrow();
  });
});
