import ipaddr from 'ipaddr.js';
import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * IP addresses: IPv4 in dotted decimal, IPv6 compressed lower-case (RFC 5952), IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`) as the IPv4 it carries. Strict input: only four decimal parts for IPv4 (leading
 * zeros read as decimal, never octal: `010.1.1.1` is `10.1.1.1`); the hex/octal/short forms some parsers
 * accept (`0x7f.1`, `1.2.3`) are rejected. Brackets and an IPv6 zone (`%eth0`) are dropped; a port is not
 * part of an address and is rejected.
 */
const MAX_INPUT = 64;
const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const V6_CHARS = /^[0-9a-f:.]+$/i;

export function normaliseIp(raw: string): NormaliseResult {
  const cleaned = cleanText(raw, MAX_INPUT);
  if (isRejection(cleaned)) return cleaned;
  let text = cleaned;
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const v4 = V4.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return reject('invalid', 'IPv4 part over 255');
    return accept(parts.join('.'));
  }
  const zone = text.indexOf('%');
  if (zone > 0) text = text.slice(0, zone);
  if (!text.includes(':') || !V6_CHARS.test(text)) return reject('invalid', 'not an IP address');
  if (!ipaddr.IPv6.isValid(text)) return reject('invalid', 'not an IPv6 address');
  try {
    const v6 = ipaddr.IPv6.parse(text);
    if (v6.isIPv4MappedAddress()) return accept(v6.toIPv4Address().toString());
    return accept(v6.toRFC5952String());
  } catch {
    return reject('invalid', 'not an IPv6 address');
  }
}

/** Where an address lives. Everything but `public` is stop-listed: it cannot identify anyone. */
export type IpClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved';

const RANGE_CLASS: Record<string, IpClass> = {
  unicast: 'public',
  private: 'private',
  uniqueLocal: 'private',
  loopback: 'loopback',
  linkLocal: 'link_local',
  carrierGradeNat: 'cgnat',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  // Tunnels and translation prefixes carry real public endpoints.
  '6to4': 'public',
  teredo: 'public',
  rfc6052: 'public',
  rfc6145: 'public',
};

/** Classifies a canonical address (the output of `normaliseIp`); `reserved` covers documentation,
 * benchmarking and other special-purpose ranges. An invalid input is `reserved` (never `public`). */
export function classifyIp(canonical: string): IpClass {
  try {
    if (!ipaddr.isValid(canonical)) return 'reserved';
    const addr = ipaddr.process(canonical);
    const cls = RANGE_CLASS[addr.range()];
    return cls ?? 'reserved';
  } catch {
    return 'reserved';
  }
}
