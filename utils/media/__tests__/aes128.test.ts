import { createCipheriv } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aes128Iv, decryptAes128 } from '../aes128';
import { parseMediaPlaylist } from '../hls';

/** ffmpeg's AES-128 HLS and the same programme unencrypted (-bitexact makes the TS bytes identical). */
function ffmpegHls(): { dir: string; key: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), 'aes-hls-'));
  const key = new Uint8Array(16).map((_, i) => (i * 37 + 11) & 0xff);
  writeFileSync(join(dir, 'k.bin'), key);
  writeFileSync(join(dir, 'info'), `https://keys.example.net/k.bin\n${join(dir, 'k.bin')}\n`);
  const run = (out: string, extra: string[]): void => {
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=3'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-bitexact'],
      ...['-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod', ...extra],
      ...['-hls_segment_filename', join(dir, `${out}%d.ts`), join(dir, `${out}.m3u8`)],
    ]);
  };
  run('enc', ['-hls_key_info_file', join(dir, 'info')]);
  run('plain', []);
  return { dir, key };
}

describe('AES-128 HLS', () => {
  it("decrypts ffmpeg's encrypted segments back to the very bytes of the clear ones", async () => {
    const { dir, key } = ffmpegHls();
    const playlist = parseMediaPlaylist(
      readFileSync(join(dir, 'enc.m3u8'), 'utf8'),
      `file://${dir}/enc.m3u8`,
    );
    expect(playlist.segments.length).toBeGreaterThan(1);
    for (const [i, segment] of playlist.segments.entries()) {
      expect(segment.key).toMatchObject({ method: 'AES-128', uri: 'https://keys.example.net/k.bin' });
      const encrypted = new Uint8Array(readFileSync(new URL(segment.uri)));
      const clear = await decryptAes128(encrypted, key, aes128Iv(segment.key!, segment.sequence));
      expect(Buffer.from(clear).equals(readFileSync(join(dir, `plain${i}.ts`))), `segment ${i}`).toBe(true);
    }
  });

  it('uses the media sequence number as the IV when the key has none', async () => {
    const key = new Uint8Array(16).fill(7);
    const clear = Buffer.from('a segment that is not a multiple of sixteen bytes long');
    const sequence = 2 ** 40 + 5;
    const iv = Buffer.alloc(16);
    iv.writeBigUInt64BE(BigInt(sequence), 8);
    const cipher = createCipheriv('aes-128-cbc', key, iv);
    const encrypted = Buffer.concat([cipher.update(clear), cipher.final()]);
    expect(Buffer.from(aes128Iv({}, sequence)).equals(iv)).toBe(true);
    const back = await decryptAes128(new Uint8Array(encrypted), key, aes128Iv({}, sequence));
    expect(Buffer.from(back).equals(clear)).toBe(true);
  });

  it('reads explicit IVs, short ones left-padded', () => {
    expect(Array.from(aes128Iv({ iv: '0x000102030405060708090A0B0C0D0E0F' }, 99))).toEqual([
      ...Array(16).keys(),
    ]);
    expect(Array.from(aes128Iv({ iv: '0x1' }, 0))).toEqual([...new Array(15).fill(0), 1]);
    expect(() => aes128Iv({ iv: '0xZZ' }, 0)).toThrow(/not 128-bit hex/);
  });

  it('names the cause when the key is wrong', async () => {
    const data = new Uint8Array(32);
    await expect(decryptAes128(data, new Uint8Array(20), new Uint8Array(16))).rejects.toThrow(
      /20 bytes, not 16/,
    );
    await expect(decryptAes128(new Uint8Array(33), new Uint8Array(16), new Uint8Array(16))).rejects.toThrow(
      /whole AES blocks/,
    );
    await expect(decryptAes128(data, new Uint8Array(16), new Uint8Array(16))).rejects.toThrow(
      /key or IV does not match/,
    );
  });
});
