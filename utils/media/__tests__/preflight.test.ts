// The pre-flight verdict over metadata: each TikTok rule at and past its edges, the warning over
// 3 minutes, which containers are remuxed, and an unreadable file.
import { describe, expect, it } from 'vitest';
import { preflightVerdict, type VideoMetadata } from '../preflight';

const good: VideoMetadata = {
  container: 'mp4',
  videoCodec: 'avc',
  audioCodec: 'aac',
  width: 1080,
  height: 1920,
  fps: 30,
  durationSec: 42,
};
const verdict = (patch: Partial<VideoMetadata>) => preflightVerdict({ ...good, ...patch });

describe('preflightVerdict', () => {
  it('sends a 1080x1920 H.264/AAC MP4 as it is, without a warning', () => {
    expect(preflightVerdict(good)).toEqual({ ok: true, remux: false });
  });

  it('refuses an unreadable file as not a playable video', () => {
    const result = preflightVerdict(undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_playable' } });
    expect(!result.ok && result.error.message).toMatch(/not a playable video/);
    expect(verdict({ fps: 0 })).toMatchObject({ ok: false, error: { code: 'not_playable' } });
  });

  it.each([
    [{ videoCodec: 'av1' }, /The video is encoded as AV1; TikTok takes H.264, H.265, VP8 or VP9/],
    [{ videoCodec: null }, /an unknown codec/],
    [{ audioCodec: 'ac3' }, /The sound is encoded as AC-3; TikTok takes AAC, MP3, Opus or Vorbis/],
    [{ audioCodec: null }, /The sound is encoded as an unknown codec/],
  ])('refuses codecs TikTok does not take: %o', (patch, message) => {
    const result = verdict(patch);
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported_codec' } });
    expect(!result.ok && result.error.message).toMatch(message);
  });

  it.each(['hevc', 'vp8', 'vp9'])('takes %s video', (videoCodec) => {
    expect(verdict({ videoCodec, audioCodec: 'opus' })).toMatchObject({ ok: true });
  });

  it('takes a video without sound', () => {
    expect(verdict({ audioCodec: undefined })).toMatchObject({ ok: true });
  });

  it.each([
    [{ width: 426, height: 240 }, false],
    [{ width: 359, height: 640 }, false],
    [{ width: 360, height: 4097 }, false],
    [{ width: 360, height: 640 }, true],
    [{ width: 4096, height: 2160 }, true],
  ])('picture size %o ok=%s', (patch, ok) => {
    const result = verdict(patch);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.error.code).toBe('unsupported_resolution');
      expect(result.error.message).toMatch(/each side between 360 and 4096 pixels/);
    }
  });

  it.each([
    [15, false],
    [22.5, false],
    [23, true],
    [23.976, true],
    [60, true],
    [60.05, true],
    [61, false],
    [120, false],
  ])('frame rate %s ok=%s', (fps, ok) => {
    const result = verdict({ fps });
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'unsupported_frame_rate' });
  });

  it('refuses over 10 minutes, warns over 3, says nothing up to 3', () => {
    const long = verdict({ durationSec: 601 });
    expect(long).toMatchObject({ ok: false, error: { code: 'too_long' } });
    expect(!long.ok && long.error.message).toMatch(/lasts 10:01; TikTok drafts can be at most 10 minutes/);
    expect(verdict({ durationSec: 600 })).toMatchObject({
      ok: true,
      warning: expect.stringMatching(/10:00/),
    });
    expect(verdict({ durationSec: 181 }).ok && verdict({ durationSec: 181 })).toMatchObject({
      warning: expect.stringMatching(/only some accounts can post videos this long/),
    });
    expect(verdict({ durationSec: 180 })).toEqual({ ok: true, remux: false });
  });

  it('remuxes MKV, MPEG-TS, M4V, MOV and FLV; sends MP4 and WebM as they are', () => {
    for (const container of ['mkv', 'ts', 'm4v', 'mov', 'flv']) {
      expect(verdict({ container })).toMatchObject({ ok: true, remux: true });
    }
    for (const container of ['mp4', 'webm'])
      expect(verdict({ container })).toMatchObject({ ok: true, remux: false });
  });

  it('checks the rules before remuxing: an MKV of 240p is refused, not remuxed', () => {
    expect(verdict({ container: 'mkv', width: 426, height: 240 })).toMatchObject({ ok: false });
  });

  it.each([
    [{ videoCodec: 'sorenson', audioCodec: 'mp3' }, /its video is Sorenson Spark \(H\.263\)/],
    [{ videoCodec: 'vp6', audioCodec: 'mp3' }, /its video is On2 VP6/],
    [{ videoCodec: 'hevc', audioCodec: 'aac' }, /its video is H\.265/],
    [{ audioCodec: 'nellymoser' }, /its sound is Nellymoser/],
  ])('refuses an FLV whose codecs cannot be copied, saying how to convert it: %o', (patch, message) => {
    const result = verdict({ container: 'flv', ...patch });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported_codec' } });
    expect(!result.ok && result.error.message).toMatch(message);
    expect(!result.ok && result.error.message).toMatch(
      /ffmpeg -i video\.flv -c:v libx264 -c:a aac video\.mp4/,
    );
  });

  it('takes an H.264 FLV with AAC, MP3 or no sound, to be remuxed', () => {
    for (const audioCodec of ['aac', 'mp3', undefined])
      expect(verdict({ container: 'flv', audioCodec })).toEqual({ ok: true, remux: true });
  });
});
