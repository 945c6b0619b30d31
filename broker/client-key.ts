// Who a request comes from, for the rate limit. The key is the client's network address only:
// an `Origin` header is chosen by the caller, so keying on it let a script mint a fresh bucket per
// request. IPv6 clients usually own a whole /64, so they are counted per /64, not per address.

/** The rate-limit key for an address: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 by /64. */
export function clientKeyFor(address: string | undefined): string {
  const raw =
    address
      ?.trim()
      .replace(/^\[|\]$/g, '')
      .replace(/%.*$/, '') ?? '';
  if (!raw) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
  if (mapped) return mapped[1];
  if (!raw.includes(':')) return raw;
  const groups = expandIpv6(raw);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : raw.toLowerCase();
}

/** Eight 16-bit groups, lower-case and unpadded, or undefined when the text is not IPv6. */
function expandIpv6(text: string): string[] | undefined {
  let body = text.toLowerCase();
  // A trailing dotted quad (::1.2.3.4) stands for the last two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(body);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    body = body.slice(0, quad.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16).toString(16));
}

/**
 * The client's address from a header a trusted proxy sets. For `X-Forwarded-For` the right-most
 * entry is the one the proxy in front of the broker appended; earlier entries are the client's word.
 */
export function addressFromHeader(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.at(-1);
}
