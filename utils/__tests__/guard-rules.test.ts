import { describe, expect, it } from 'vitest';
import { guardBlocks, guardPatterns, hostRegex } from '../guard-rules';

const PRIVATE = [
  'http://10.1.2.3/v.mp4',
  'http://172.20.0.1/v.mp4',
  'https://192.168.1.1:8443/v.mp4',
  'http://169.254.169.254/latest/meta-data',
  'http://100.100.1.1/',
  'http://192.0.0.8/',
  'http://198.18.5.5/',
  'http://198.19.255.1/',
  'http://224.0.0.1/',
  'http://[fd00::1]/',
  'http://[fe80::1]/',
  'http://[fec0::1]/',
  'http://[ff02::1]/',
  'http://[::ffff:a00:1]/',
  'http://[2002:a00:1::1]/',
  'http://[2002:c0a8:101::1]/',
  'http://[2002:ac10:1::1]/',
  'http://[2002:7f00:1::1]/',
  'http://router/',
  'http://fritz.box/v.mp4',
  'http://printer.lan:631/',
  'https://intranet.corp/v.mp4',
  'http://nas.local/',
  'http://u:p@nas.home/',
];

const PUBLIC = [
  'https://cdn.example.com/v.mp4',
  'https://open.tiktokapis.com/v2/post/publish/inbox/video/init/',
  'https://8.8.8.8/',
  'http://172.32.0.1/',
  'http://[2002:808:808::1]/',
  'https://[2606:4700::1111]/',
  'https://example.com/router',
  'https://boxes.example.com/',
];

describe('network guard patterns', () => {
  it.each(PRIVATE)('block %s in every build', (url) => {
    expect(guardBlocks(url, false)).toBe(true);
    expect(guardBlocks(url, true)).toBe(true);
  });

  it.each(PUBLIC)('leave %s alone', (url) => {
    expect(guardBlocks(url, false)).toBe(false);
  });

  it('block loopback outside loopback builds only', () => {
    for (const url of [
      'http://127.0.0.1:8790/',
      'http://localhost/',
      'http://[::1]/',
      'http://a.localhost/',
    ]) {
      expect(guardBlocks(url, false), url).toBe(true);
    }
    expect(guardBlocks('http://127.0.0.1:8790/upload', true)).toBe(false);
    expect(guardBlocks('http://localhost:8790/', true)).toBe(false);
  });

  it('keep each regex short (Chrome drops regexes over RE2’s memory limit)', () => {
    for (const pattern of guardPatterns(false)) expect(hostRegex(pattern).length).toBeLessThan(300);
  });
});
