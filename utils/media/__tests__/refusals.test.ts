import { describe, expect, it } from 'vitest';
import { initSegmentEncrypted, isBlockedHost, isDrmKey, refusalFor } from '../refusals';
import { fragmentedMp4, initSegmentOf } from './ffmpeg-media';

describe('refusalFor', () => {
  it('goes ahead when nothing is wrong (clear AES-128 included)', () => {
    expect(
      refusalFor({
        pageUrl: 'https://news.example.com/a',
        frameUrl: 'https://player.example.net/embed/1',
        manifestUrl: 'https://cdn.example.net/m.m3u8',
        mediaKeys: false,
        hlsKeys: [{ method: 'AES-128', uri: 'https://keys.example.net/k' }, { method: 'NONE' }],
        live: false,
        duration: 600,
        streamFound: true,
      }),
    ).toBeUndefined();
  });

  it('refuses YouTube and Google video hosts by page, frame or manifest URL', () => {
    for (const facts of [
      { pageUrl: 'https://www.youtube.com/watch?v=x' },
      { frameUrl: 'https://www.youtube-nocookie.com/embed/x' },
      { pageUrl: 'https://youtu.be/x' },
      { manifestUrl: 'https://rr3---sn-abc.googlevideo.com/videoplayback?x=1' },
      { pageUrl: 'https://m.youtube.com/shorts/x' },
    ]) {
      const error = refusalFor({ ...facts, streamFound: true });
      expect(error?.code, JSON.stringify(facts)).toBe('blocked_host');
      expect(error?.message).toMatch(/Chrome Web Store policy/);
    }
  });

  it('refuses DRM from any of its signs, before liveness or length', () => {
    const signs = [
      { mediaKeys: true },
      { dashProtected: true },
      { initSegmentEncrypted: true },
      { hlsKeys: [{ method: 'SAMPLE-AES', uri: 'skd://k' }] },
      { hlsKeys: [{ method: 'AES-128', uri: 'https://k', keyformat: 'com.microsoft.playready' }] },
    ];
    for (const sign of signs) {
      const error = refusalFor({ ...sign, live: true, duration: 4000, streamFound: true });
      expect(error?.code, JSON.stringify(sign)).toBe('drm_protected');
      expect(error?.message).toMatch(/DRM.*original file/s);
    }
  });

  it('refuses live streams, saying to wait for the recording', () => {
    const error = refusalFor({ live: true, streamFound: true, duration: null });
    expect(error).toMatchObject({ code: 'live_stream' });
    expect(error?.message).toMatch(/live stream.*recording/s);
  });

  it('says when the stream cannot be found, pointing at the page’s own download or share link', () => {
    const error = refusalFor({ streamFound: false });
    expect(error?.code).toBe('stream_not_found');
    expect(error?.message).toMatch(/download or share link/);
  });

  it('refuses programmes over 10 minutes, naming their length and the limit', () => {
    expect(refusalFor({ duration: 600.4, streamFound: true })?.code).toBe('too_long');
    const error = refusalFor({ duration: 754, streamFound: true });
    expect(error?.message).toMatch(/12:34 long.*up to 10 minutes/s);
    expect(refusalFor({ duration: 599.9, streamFound: true })).toBeUndefined();
    expect(refusalFor({ duration: null, streamFound: true })).toBeUndefined();
  });

  it('refuses codecs TikTok does not take, naming them', () => {
    const error = refusalFor({ streamFound: true, unsupportedCodecs: ['av01.0.08M.08', 'av01.0.08M.08'] });
    expect(error?.code).toBe('unsupported_codec');
    expect(error?.message).toContain('av01.0.08M.08, which TikTok does not take');
  });
});

describe('isBlockedHost', () => {
  it('matches the hosts and their subdomains, not look-alikes', () => {
    expect(isBlockedHost('https://YOUTUBE.com./x')).toBe(true);
    expect(isBlockedHost('https://music.youtube.com/')).toBe(true);
    expect(isBlockedHost('https://notyoutube.com/')).toBe(false);
    expect(isBlockedHost('https://youtube.com.evil.example/')).toBe(false);
    expect(isBlockedHost('https://example.com/?u=youtube.com')).toBe(false);
    expect(isBlockedHost('not a url')).toBe(false);
    expect(isBlockedHost(undefined)).toBe(false);
  });
});

describe('isDrmKey', () => {
  it('allows NONE and clear AES-128 (identity), refuses SAMPLE-AES* and DRM key formats', () => {
    expect(isDrmKey({ method: 'NONE' })).toBe(false);
    expect(isDrmKey({ method: 'AES-128', uri: 'k' })).toBe(false);
    expect(isDrmKey({ method: 'AES-128', uri: 'k', keyformat: 'identity' })).toBe(false);
    expect(
      isDrmKey({ method: 'AES-128', uri: 'k', keyformat: 'urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed' }),
    ).toBe(true);
    expect(isDrmKey({ method: 'SAMPLE-AES', uri: 'k' })).toBe(true);
    expect(isDrmKey({ method: 'SAMPLE-AES-CTR', uri: 'k' })).toBe(true);
  });
});

describe('initSegmentEncrypted', () => {
  it('finds encv/tenc in a CENC-encrypted fMP4 made by ffmpeg, and nothing in the clear one', () => {
    const clear = initSegmentOf(fragmentedMp4());
    const encrypted = initSegmentOf(
      fragmentedMp4({
        extra: [
          ...['-encryption_scheme', 'cenc-aes-ctr'],
          ...['-encryption_key', '00112233445566778899aabbccddeeff'],
          ...['-encryption_kid', 'ffeeddccbbaa99887766554433221100'],
        ],
      }),
    );
    expect(initSegmentEncrypted(clear)).toBe(false);
    expect(initSegmentEncrypted(encrypted)).toBe(true);
  });

  it('finds a pssh box on its own (DRM system data)', () => {
    const pssh = new Uint8Array([
      0,
      0,
      0,
      32,
      ...Array.from('pssh', (c) => c.charCodeAt(0)),
      ...new Array(24).fill(0),
    ]);
    expect(initSegmentEncrypted(pssh)).toBe(true);
    expect(initSegmentEncrypted(new Uint8Array(pssh.length))).toBe(false);
  });
});
