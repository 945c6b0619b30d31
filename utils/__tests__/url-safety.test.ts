import { describe, expect, it } from 'vitest';
import { checkSourceUrl, classifyHost, isAllowedUploadUrl, parseIPv4, parseIPv6 } from '../url-safety';

const prod = { allowLoopback: false };
const loop = { allowLoopback: true };

function code(raw: string, opts = prod): string {
  const result = checkSourceUrl(raw, opts);
  return result.ok ? 'ok' : result.code;
}

describe('checkSourceUrl', () => {
  it('accepts public http and https URLs', () => {
    expect(code('https://cdn.example.com/v/a.mp4')).toBe('ok');
    expect(code('http://93.184.216.34/a.mp4')).toBe('ok');
    expect(code('https://[2606:2800:220:1:248:1893:25c8:1946]/a.mp4')).toBe('ok');
    const result = checkSourceUrl('  https://cdn.example.com/a.mp4  ', prod);
    expect(result.ok && result.url.href).toBe('https://cdn.example.com/a.mp4');
  });

  it.each([
    ['file:///home/me/a.mp4', 'file'],
    ['data:video/mp4;base64,AAAA', 'data:'],
    ['blob:https://example.com/6c1f0f8e-1d0a-4f8e-9b1a-2f8a0c1d2e3f', 'blob:'],
    ['javascript:alert(1)', 'javascript:'],
    ['chrome://settings', 'chrome:'],
    ['about:blank', 'about:'],
    ['ftp://example.com/a.mp4', 'FTP'],
    ['chrome-extension://abc/a.mp4', 'extension'],
  ])('refuses %s and says why', (raw, words) => {
    const result = checkSourceUrl(raw, loop);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('bad_scheme');
      expect(result.message).toContain(words);
    }
  });

  it('refuses what is not a URL and URLs with credentials', () => {
    expect(code('not a url')).toBe('invalid_url');
    expect(code('')).toBe('invalid_url');
    expect(code('https://user:pass@cdn.example.com/a.mp4')).toBe('invalid_url');
    expect(code('https://user@cdn.example.com/a.mp4')).toBe('invalid_url');
  });

  const loopbackSpellings = [
    'http://127.0.0.1/a.mp4',
    'http://127.255.255.254/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://127.1/',
    'http://127.0.0.1./',
    'http://[::1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://localhost:8080/',
    'http://LOCALHOST./',
  ];
  const otherBlocked = [
    'http://10.0.0.1/',
    'http://012.0.0.1/',
    'http://167772161/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://0xc0.0xa8.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0/',
    'http://0/',
    'http://100.64.0.1/',
    'http://100.127.255.255/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[::]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[fe80::1]/',
    'http://[febf::1]/',
    'http://[ff02::1]/',
    'http://[64:ff9b::a00:1]/',
    'http://[2002:7f00:1::]/',
    'http://app.localhost/',
    'http://printer.local/',
    'http://metadata.google.internal/',
  ];

  it.each(loopbackSpellings)('blocks loopback %s in production and allows it in loopback builds', (raw) => {
    expect(code(raw, prod)).toBe('blocked_host');
    expect(code(raw, loop)).toBe('ok');
  });

  it.each(otherBlocked)('blocks %s in every build', (raw) => {
    expect(code(raw, prod)).toBe('blocked_host');
    expect(code(raw, loop)).toBe('blocked_host');
  });

  it('does not block public neighbours of the blocked ranges', () => {
    for (const raw of [
      'http://172.32.0.1/',
      'http://172.15.255.255/',
      'http://100.128.0.1/',
      'http://100.63.255.255/',
      'http://11.0.0.1/',
      'http://169.253.0.1/',
      'http://223.255.255.255/',
      'http://[2001:4860:4860::8888]/',
      'http://[fbff::1]/',
      'https://localhost.example.com/',
      'https://local.example.com/',
    ]) {
      expect(code(raw), raw).toBe('ok');
    }
  });

  it('names the reason in the message', () => {
    const result = checkSourceUrl('http://192.168.0.10/a.mp4', prod);
    expect(!result.ok && result.message).toContain('private network');
  });
});

describe('host parsing', () => {
  it('parses IPv4 in the WHATWG spellings', () => {
    const loopback = 0x7f000001;
    for (const host of ['127.0.0.1', '2130706433', '0177.0.0.1', '0x7f.1', '127.1', '0x7F.0.0.1', '127.0.1'])
      expect(parseIPv4(host), host).toBe(host === '127.0.1' ? 0x7f000001 : loopback);
    expect(parseIPv4('256.0.0.1')).toBeNull();
    expect(parseIPv4('1.2.3.4.5')).toBeNull();
    expect(parseIPv4('example.com')).toBeNull();
    expect(parseIPv4('08.0.0.1')).toBeNull();
  });

  it('parses IPv6 with compression and embedded IPv4', () => {
    expect(parseIPv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6('fe80::1%eth0')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('1::2::3')).toBeNull();
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeNull();
  });

  it('classifies hosts the URL parser did not normalise', () => {
    expect(classifyHost('0x7f.1')).toBe('loopback');
    expect(classifyHost('[::ffff:127.0.0.1]')).toBe('loopback');
    expect(classifyHost('example.com')).toBe('public');
  });
});

describe('isAllowedUploadUrl', () => {
  it('allows https TikTok upload hosts only in production', () => {
    expect(isAllowedUploadUrl('https://open-upload.tiktokapis.com/video/?upload_id=1', prod)).toBe(true);
    expect(isAllowedUploadUrl('https://upload.us.tiktokapis.com/video/', prod)).toBe(true);
    expect(isAllowedUploadUrl('https://tiktokapis.com/video/', prod)).toBe(true);
    expect(isAllowedUploadUrl('http://open-upload.tiktokapis.com/video/', prod)).toBe(false);
    expect(isAllowedUploadUrl('https://tiktokapis.com.evil.net/video/', prod)).toBe(false);
    expect(isAllowedUploadUrl('https://eviltiktokapis.com/video/', prod)).toBe(false);
    expect(isAllowedUploadUrl('https://u:p@open-upload.tiktokapis.com/', prod)).toBe(false);
    expect(isAllowedUploadUrl('http://127.0.0.1:8790/upload/x', prod)).toBe(false);
    expect(isAllowedUploadUrl('garbage', prod)).toBe(false);
  });

  it('also allows loopback http in loopback builds, nothing private', () => {
    expect(isAllowedUploadUrl('http://127.0.0.1:8790/upload/x?upload_token=t', loop)).toBe(true);
    expect(isAllowedUploadUrl('http://localhost:8790/upload/x', loop)).toBe(true);
    expect(isAllowedUploadUrl('http://[::1]:8790/upload/x', loop)).toBe(true);
    expect(isAllowedUploadUrl('http://192.168.0.2:8790/upload/x', loop)).toBe(false);
    expect(isAllowedUploadUrl('http://example.com/upload/x', loop)).toBe(false);
  });
});

describe('local network names', () => {
  it.each([
    'router',
    'nas',
    'fritz.box',
    'printer.lan',
    'intranet.corp',
    'files.home',
    'server.localdomain',
    'media.home.arpa',
    'cams.internal',
  ])('treats %s as a local name', (host) => {
    expect(classifyHost(host)).toBe('local_name');
    expect(checkSourceUrl(`https://${host}/v.mp4`, { allowLoopback: true }).ok).toBe(false);
  });

  it.each([
    ['127.0.0.1.nip.io', 'loopback'],
    ['app.10.0.0.1.nip.io', 'private'],
    ['192-168-1-20.sslip.io', 'private'],
    ['169.254.169.254.xip.io', 'link_local'],
    ['localtest.me', 'loopback'],
    ['x.lvh.me', 'loopback'],
  ])('judges %s by the address it stands for', (host, expected) => {
    expect(classifyHost(host)).toBe(expected);
    expect(checkSourceUrl(`https://${host}/v.mp4`, { allowLoopback: false }).ok).toBe(false);
  });

  it('keeps public names public, including ones with public addresses or numbers in them', () => {
    for (const host of [
      'cdn.example.com',
      'video-1080.example.net',
      '8.8.8.8.nip.io',
      'a1-2-3.example.org',
    ]) {
      expect(classifyHost(host)).toBe('public');
    }
  });
});
