import { t, type MessageKey } from './i18n';
// Checks made before any request for a source leaves the extension. The page (or whoever typed the
// URL) chooses the address, so it must not be able to point the extension at the user's router,
// localhost services or cloud metadata, nor at schemes that read local state.
// The WHATWG URL parser already rewrites IPv4 spellings (2130706433, 0177.0.0.1, 0x7f.1, 127.1) to
// dotted decimal and compresses IPv6; the host is parsed again here so the check does not depend on
// that, and mapped/embedded IPv4 inside IPv6 is judged by its IPv4 address.

export type UrlCheck =
  | { ok: true; url: URL }
  | { ok: false; code: 'invalid_url' | 'bad_scheme' | 'blocked_host'; message: string };

export type HostClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'unspecified'
  | 'shared' // CGNAT 100.64/10
  | 'multicast'
  | 'reserved'
  | 'local_name';

// Keys, not texts: read in the browser's language when an address is refused.
const SCHEME_REASONS: Record<string, MessageKey> = {
  'file:': 'schemeFile',
  'data:': 'schemeData',
  'blob:': 'schemeBlob',
  'javascript:': 'schemeJavascript',
  'chrome:': 'schemeChrome',
  'chrome-extension:': 'schemeExtension',
  'about:': 'schemeAbout',
  'view-source:': 'schemeViewSource',
  'filesystem:': 'schemeFilesystem',
  'ftp:': 'schemeFtp',
  'ws:': 'schemeWebSocket',
  'wss:': 'schemeWebSocket',
};

/** Parses an IPv4 host the way the WHATWG URL standard does (decimal, octal, hex, 1–4 parts). */
export function parseIPv4(host: string): number | null {
  const parts = host.split('.');
  if (parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(part)) n = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) n = parseInt(part.slice(1), 8);
    else if (/^(0|[1-9][0-9]*)$/.test(part)) n = parseInt(part, 10);
    else return null;
    numbers.push(n);
  }
  const last = numbers.pop() as number;
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return null;
  return numbers.reduce((acc, n, i) => acc + n * 256 ** (3 - i), 0) + last;
}

/** Parses an IPv6 literal (without brackets) into eight 16-bit groups. */
export function parseIPv6(host: string): number[] | null {
  let text = host.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // A trailing dotted IPv4 (`::ffff:127.0.0.1`) is two groups written differently.
  const lastColon = text.lastIndexOf(':');
  const dotted = text.slice(lastColon + 1);
  if (dotted.includes('.')) {
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(dotted);
    if (!v4 || v4.slice(1).some((b) => Number(b) > 255)) return null;
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const group = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  if (!head || !rest) return null;
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest];
}

function inV4(ip: number, base: string, bits: number): boolean {
  const net = parseIPv4(base) as number;
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(net / size);
}

export function classifyIPv4(ip: number): HostClass {
  if (inV4(ip, '127.0.0.0', 8)) return 'loopback';
  if (inV4(ip, '0.0.0.0', 8)) return 'unspecified';
  if (inV4(ip, '10.0.0.0', 8) || inV4(ip, '172.16.0.0', 12) || inV4(ip, '192.168.0.0', 16)) return 'private';
  if (inV4(ip, '169.254.0.0', 16)) return 'link_local';
  if (inV4(ip, '100.64.0.0', 10)) return 'shared';
  if (inV4(ip, '224.0.0.0', 4)) return 'multicast';
  // IETF protocol assignments, documentation and benchmark nets, and 240/4 (incl. broadcast):
  // nothing a public video lives on.
  if (
    inV4(ip, '192.0.0.0', 24) ||
    inV4(ip, '192.0.2.0', 24) ||
    inV4(ip, '198.18.0.0', 15) ||
    inV4(ip, '198.51.100.0', 24) ||
    inV4(ip, '203.0.113.0', 24) ||
    inV4(ip, '240.0.0.0', 4)
  ) {
    return 'reserved';
  }
  return 'public';
}

export function classifyIPv6(groups: number[]): HostClass {
  const embeddedV4 = groups[6] * 65536 + groups[7];
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && groups[7] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated) are the IPv4 host itself.
  if (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) return classifyIPv4(embeddedV4);
  // NAT64 and 6to4 go through a gateway to the embedded address: never "this computer", but
  // refused whenever that address is not public.
  const viaGateway = (v4: number): HostClass => (classifyIPv4(v4) === 'public' ? 'public' : 'reserved');
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return viaGateway(embeddedV4);
  if (groups[0] === 0x2002) return viaGateway(groups[1] * 65536 + groups[2]);
  if ((groups[0] & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((groups[0] & 0xffc0) === 0xfe80) return 'link_local'; // fe80::/10
  if ((groups[0] & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 site-local, deprecated
  if ((groups[0] & 0xff00) === 0xff00) return 'multicast';
  if (groups[0] === 0x2001 && groups[1] === 0x0db8) return 'reserved'; // documentation
  return 'public';
}

/**
 * Names that only mean something on a local network: mDNS, RFC 8375, ICANN's private-use proposal,
 * and the suffixes routers, NAS boxes and company networks hand out by DHCP (fritz.box, printer.lan,
 * intranet.corp). A public video is never served from one of them.
 */
export const LOCAL_SUFFIXES = [
  'localhost',
  'local',
  'internal',
  'home.arpa',
  'lan',
  'home',
  'corp',
  'intranet',
  'private',
  'localdomain',
  'box',
  'router',
  'gateway',
] as const;

/**
 * Public DNS names that resolve to whatever address is written in them, or always to 127.0.0.1:
 * `127.0.0.1.nip.io`, `10-0-0-1.sslip.io`, `localtest.me`. Judged by the address they stand for.
 */
const LOOPBACK_NAMES = ['localtest.me', 'lvh.me', 'vcap.me', 'lacolhost.com', 'fuf.me', 'yoogle.com'];
const ADDRESS_IN_NAME = /(?:^|[.-])(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})(?=[.-])/;

function embeddedAddressClass(host: string): HostClass | undefined {
  if (LOOPBACK_NAMES.some((n) => host === n || host.endsWith(`.${n}`))) return 'loopback';
  const match = ADDRESS_IN_NAME.exec(host);
  if (!match) return undefined;
  const bytes = match.slice(1).map(Number);
  if (bytes.some((b) => b > 255)) return undefined;
  const ip = ((bytes[0] * 256 + bytes[1]) * 256 + bytes[2]) * 256 + bytes[3];
  const embedded = classifyIPv4(ip);
  return embedded === 'public' ? undefined : embedded;
}

/** Classifies a URL's `hostname` (IPv6 in brackets, as `URL` gives it). */
export function classifyHost(hostname: string): HostClass {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') && host.endsWith(']')) {
    const groups = parseIPv6(host.slice(1, -1));
    return groups ? classifyIPv6(groups) : 'reserved';
  }
  const v4 = parseIPv4(host);
  if (v4 !== null) return classifyIPv4(v4);
  if (host === 'localhost') return 'loopback';
  // A single label (`router`, `nas`) is resolved through the local search domain, never the DNS root.
  if (host === '' || !host.includes('.')) return 'local_name';
  if (LOCAL_SUFFIXES.some((s) => host.endsWith(`.${s}`))) return 'local_name';
  return embeddedAddressClass(host) ?? 'public';
}

/** True when the host is an IP literal (v4 in any spelling, or bracketed v6). */
export function isIpHost(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '');
  return (host.startsWith('[') && host.endsWith(']')) || parseIPv4(host) !== null;
}

/** Loopback as loopback builds allow it: 127/8, `localhost`, ::1 (and IPv4-mapped loopback). */
export function isLoopbackHost(hostname: string): boolean {
  return classifyHost(hostname) === 'loopback';
}

const HOST_WORDS: Record<Exclude<HostClass, 'public'>, MessageKey> = {
  loopback: 'hostLoopback',
  private: 'hostPrivate',
  link_local: 'hostLinkLocal',
  unspecified: 'hostUnspecified',
  shared: 'hostShared',
  multicast: 'hostMulticast',
  reserved: 'hostReserved',
  local_name: 'hostLocalName',
};

export function checkSourceUrl(raw: string, opts: { allowLoopback: boolean }): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, code: 'invalid_url', message: t('invalidUrl') };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const why = Object.hasOwn(SCHEME_REASONS, url.protocol)
      ? t(SCHEME_REASONS[url.protocol])
      : t('schemeOther', url.protocol);
    return {
      ok: false,
      code: 'bad_scheme',
      message: t('onlyHttp', why),
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      code: 'invalid_url',
      message: t('urlHasCredentials'),
    };
  }
  const hostClass = classifyHost(url.hostname);
  if (hostClass !== 'public' && !(opts.allowLoopback && hostClass === 'loopback')) {
    return {
      ok: false,
      code: 'blocked_host',
      message: t('blockedHost', t(HOST_WORDS[hostClass]), url.hostname),
    };
  }
  return { ok: true, url };
}

/** Where chunk PUTs may go: TikTok's upload hosts over https; loopback builds also the emulator over http. */
export function isAllowedUploadUrl(raw: string, opts: { allowLoopback: boolean }): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:' && (host === 'tiktokapis.com' || host.endsWith('.tiktokapis.com')))
    return true;
  return (
    opts.allowLoopback &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    isLoopbackHost(url.hostname)
  );
}
