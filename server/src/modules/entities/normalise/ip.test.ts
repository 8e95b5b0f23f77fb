import { describe, expect, it } from 'vitest';
import { classifyIp, normaliseIp } from './ip.ts';

const value = (raw: string) => {
  const r = normaliseIp(raw);
  return r.ok ? r.value : `!${r.reason}`;
};

describe('normaliseIp', () => {
  it.each([
    ['8.8.8.8', '8.8.8.8'],
    [' 192.168.001.010 ', '192.168.1.10'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::FFFF:1.2.3.4', '1.2.3.4'],
    ['::ffff:0102:0304', '1.2.3.4'],
    ['fe80::1%eth0', 'fe80::1'],
    ['[2400:cb00::1]', '2400:cb00::1'],
  ])('%j → %s', (raw, canonical) => {
    expect(value(raw)).toBe(canonical);
  });

  it.each(['0x7f.1', '1.2.3', '256.1.1.1', '1.2.3.4:80', '1.2.3.4.5', 'localhost', '12:30:45', ':::', ''])(
    'rejects %j',
    (raw) => {
      expect(normaliseIp(raw).ok).toBe(false);
    },
  );

  it.each([
    ['8.8.8.8', 'public'],
    ['2400:cb00::1', 'public'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['fd00::1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.1.1', 'link_local'],
    ['fe80::1', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['not an ip', 'reserved'],
  ])('classifies %s as %s', (ip, cls) => {
    expect(classifyIp(ip)).toBe(cls);
  });
});
