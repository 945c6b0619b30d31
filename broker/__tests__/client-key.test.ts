import { describe, expect, it } from 'vitest';
import { addressFromHeader, clientKeyFor } from '../client-key';

describe('clientKeyFor', () => {
  it('keeps IPv4 addresses and unwraps IPv4-mapped IPv6', () => {
    expect(clientKeyFor('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKeyFor('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 clients per /64, whatever the spelling', () => {
    const a = clientKeyFor('2001:db8:1:2:aaaa::1');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(clientKeyFor('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(a);
    expect(clientKeyFor('[2001:db8:1:2::9]')).toBe(a);
    expect(clientKeyFor('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKeyFor('2001:db8:1:3::1')).not.toBe(a);
  });

  it('puts requests without an address in one shared bucket', () => {
    expect(clientKeyFor(undefined)).toBe('unknown');
    expect(clientKeyFor(' ')).toBe('unknown');
  });
});

describe('addressFromHeader', () => {
  it('takes the right-most X-Forwarded-For entry (the one the trusted proxy appended)', () => {
    expect(addressFromHeader('1.1.1.1, 10.0.0.1, 198.51.100.4')).toBe('198.51.100.4');
    expect(addressFromHeader('198.51.100.4')).toBe('198.51.100.4');
    expect(addressFromHeader(undefined)).toBeUndefined();
    expect(addressFromHeader(' , ')).toBeUndefined();
  });
});
