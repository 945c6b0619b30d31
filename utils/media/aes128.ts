// HLS METHOD=AES-128: whole segments encrypted with AES-128-CBC and PKCS#7 padding under a clear key
// the page fetches from the key URI (RFC 8216 §5.2). No DRM, so capture decrypts it itself, with
// WebCrypto (present in the offscreen document, the service worker and node alike).
import type { HlsKey } from './hls';

/** The IV: the key's own (0x + 32 hex digits), else the segment's media sequence number, big-endian. */
export function aes128Iv(key: Pick<HlsKey, 'iv'>, sequence: number): Uint8Array {
  const iv = new Uint8Array(16);
  if (key.iv !== undefined) {
    const hex = key.iv.replace(/^0x/i, '');
    if (!/^[0-9a-f]{1,32}$/i.test(hex)) throw new Error(`The playlist's IV "${key.iv}" is not 128-bit hex`);
    const padded = hex.padStart(32, '0');
    for (let i = 0; i < 16; i++) iv[i] = Number.parseInt(padded.slice(i * 2, i * 2 + 2), 16);
    return iv;
  }
  if (!Number.isSafeInteger(sequence) || sequence < 0)
    throw new Error(`Bad media sequence number ${sequence}`);
  // Sequence numbers fit in 53 bits: the low 8 bytes carry them, the high 8 stay zero.
  let n = sequence;
  for (let i = 15; i >= 8 && n > 0; i--) {
    iv[i] = n % 256;
    n = Math.floor(n / 256);
  }
  return iv;
}

/** Decrypts one segment. Throws naming the cause for a wrong-size key or bad padding (wrong key/IV). */
export async function decryptAes128(
  data: Uint8Array,
  key: Uint8Array,
  iv: Uint8Array,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<Uint8Array> {
  if (key.length !== 16)
    throw new Error(`The AES-128 key is ${key.length} bytes, not 16 (the key URI served something else)`);
  if (data.length % 16 !== 0)
    throw new Error(`The encrypted segment is ${data.length} bytes, not whole AES blocks`);
  const cryptoKey = await subtle.importKey('raw', key as BufferSource, { name: 'AES-CBC' }, false, [
    'decrypt',
  ]);
  try {
    return new Uint8Array(
      await subtle.decrypt({ name: 'AES-CBC', iv: iv as BufferSource }, cryptoKey, data as BufferSource),
    );
  } catch {
    throw new Error('The segment did not decrypt (bad padding): the key or IV does not match it');
  }
}
