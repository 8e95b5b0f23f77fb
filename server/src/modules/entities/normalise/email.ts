import { domainToASCII } from 'node:url';
import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * E-mail addresses, for linking.
 *
 * Decision (IDN): the domain is stored in its ASCII form (punycode A-labels, via the WHATWG/UTS-46
 * mapping in `node:url`), so `user@bücher.example` and `user@xn--bcher-kva.example` are one entity; a
 * screen can show the Unicode form with `domainToUnicode`. The local part is lower-cased (every large
 * provider treats it case-insensitively) and kept in Unicode (RFC 6531). Provider tricks (Gmail dots,
 * `+tags`) are NOT folded: that would merge addresses that really are different elsewhere.
 * Quoted local parts and IP-literal domains are rejected (not seen in tips; a favourite of junk input).
 */
const MAX_INPUT = 512;
const LOCAL_PART = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export function normaliseEmail(raw: string): NormaliseResult {
  const cleaned = cleanText(raw, MAX_INPUT);
  if (isRejection(cleaned)) return cleaned;
  let text = cleaned.replace(/^mailto:/i, '');
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
  if (/\s/u.test(text)) return reject('invalid', 'contains white space');
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return reject('invalid', 'needs local@domain');
  if (text.indexOf('@') !== at) return reject('invalid', 'more than one @');

  const local = text.slice(0, at).toLowerCase().normalize('NFKC');
  if ([...local].length > 64) return reject('too_long', 'local part over 64 characters');
  if (!LOCAL_PART.test(local)) return reject('invalid', 'local part has characters not allowed');
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return reject('invalid', 'local part dots');
  }

  const domain = asciiDomain(text.slice(at + 1));
  if (domain === null) return reject('invalid', 'domain');
  const value = `${local}@${domain}`;
  if (value.length > 254) return reject('too_long');
  return accept(value);
}

/** The ASCII (A-label) form of a host name, lower-case, without a trailing dot; null when invalid. */
export function asciiDomain(input: string): string | null {
  if (input.startsWith('[') || input.length > 253 * 4) return null;
  const ascii = domainToASCII(input.replace(/\.$/, ''));
  if (ascii === '' || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2) return null;
  if (!labels.every((l) => LABEL.test(l))) return null;
  if (!TLD.test(labels[labels.length - 1]!)) return null;
  return ascii;
}
