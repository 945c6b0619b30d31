// PKCE and OAuth state from WebCrypto only (service worker and Node 20 alike). TikTok's desktop
// PKCE is reported to compare the challenge as the lowercase hex SHA-256 of the verifier, not the
// base64url form of RFC 7636 (tiktok-api.md "OAuth"), so that is what is sent.

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

function randomChars(length: number, alphabet: string): string {
  // Rejection sampling: bytes at or above the largest multiple of the alphabet size would make
  // the first characters likelier than the rest.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export async function createPkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = randomChars(64, UNRESERVED);
  return { verifier, challenge: await sha256Hex(verifier) };
}

/** 128 random bits, hex: the `state` that ties an OAuth callback to the request that started it. */
export function randomState(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}
