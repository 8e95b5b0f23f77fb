import type { IdentifierKind } from './identifier.ts';
import { classifyIp } from './ip.ts';
import { hostOf } from './url.ts';

/**
 * Identifiers that must never link two tips: they say nothing about a person. Works on normalised
 * values (`stopListReason`) and on raw field values (`isEmptyValue`). The data-driven rule ("seen in
 * more than X% of tips") is `isOverShareThreshold`; its counts come from the database.
 */
export type StopReason =
  | 'empty_value' // n/a, unknown, -, 0000000000, មិនដឹង …
  | 'placeholder_email' // test@test.com, noemail@…, anything @example.com …
  | 'placeholder_phone' // +85500000000, 12345678, one digit repeated
  | 'non_public_ip' // private, loopback, link-local, CGNAT, multicast, reserved, documentation
  | 'placeholder_device' // all-zero IMEI, MAC, advertising id (ad tracking switched off)
  | 'placeholder_username' // unknown, anonymous, deleted …
  | 'example_url'; // example.com, localhost, private-address hosts

/** A `|`-separated word list (line breaks allowed) as a set. */
function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s*[|\n]\s*/).filter((w) => w.length > 0));
}

// Includes Khmer "don't know" (មិនដឹង), "none" (គ្មាន), "no" (ទេ), "don't have" (អត់មាន).
const EMPTY_VALUES = words(`n/a|na|n.a.|none|null|nil|undefined|unknown|unk|not known|-|--|?|??|.|0|x|xx|xxx
  tbd|not available|not applicable|not provided|no|nothing|anonymous|anon|redacted|withheld|blank|empty
  test|no data|nodata|មិនដឹង|គ្មាន|ទេ|អត់មាន`);

/** True for a raw value that means "nothing": blanks, n/a, unknown, one character repeated… */
export function isEmptyValue(raw: string | null | undefined): boolean {
  if (typeof raw !== 'string') return true;
  const v = raw.normalize('NFKC').trim().toLowerCase();
  if (v.length === 0 || EMPTY_VALUES.has(v)) return true;
  const compact = v.replace(/[\s\-_.()+/:]/g, '');
  if (compact.length === 0) return true;
  return compact.length >= 3 && /^(.)\1+$/u.test(compact);
}

const PLACEHOLDER_LOCALS = words(`test|testing|noemail|no-email|no.email|no_email|nomail|none|noreply
  no-reply|donotreply|do-not-reply|nobody|null|na|n/a|unknown|email|abc|asdf|xxx|fake|dummy|example|sample
  user|anonymous|noone|nil|a|x`);
const PLACEHOLDER_DOMAINS = words(`example.com|example.net|example.org|test.com|none.com|noemail.com
  nomail.com|noemail.org|invalid.com|fake.com|email.invalid|domain.com|unknown.com|no.com`);
const RESERVED_TLDS = words('example|test|invalid|localhost|local');
const PLACEHOLDER_USERNAMES = words(`unknown|anonymous|anon|user|deleted|deleteduser|null|none|n/a|na|test
  guest|admin|noname|no_name`);
const ZERO_DEVICES = words(`imei:000000000000000|mac:00:00:00:00:00:00|mac:ff:ff:ff:ff:ff:ff
  adid:00000000-0000-0000-0000-000000000000`);

/** Why a normalised identifier is stop-listed, or null when it may link tips. */
export function stopListReason(kind: IdentifierKind, value: string): StopReason | null {
  // An address such as 1.1.1.1 is a real one, not "one character repeated".
  if (kind !== 'ip' && isEmptyValue(value)) return 'empty_value';
  switch (kind) {
    case 'email': {
      const at = value.lastIndexOf('@');
      const local = value.slice(0, at);
      const domain = value.slice(at + 1);
      const tld = domain.slice(domain.lastIndexOf('.') + 1);
      if (PLACEHOLDER_LOCALS.has(local) || PLACEHOLDER_DOMAINS.has(domain) || RESERVED_TLDS.has(tld)) {
        return 'placeholder_email';
      }
      if (isEmptyValue(local) || domain.startsWith('example.')) return 'placeholder_email';
      return null;
    }
    case 'phone': {
      const nsn = value.startsWith('+855') ? value.slice(4) : value.replace(/^\+/, '');
      if (/^(\d)\1+$/.test(nsn) || /^0+$/.test(nsn.slice(1)) || isSequence(nsn)) return 'placeholder_phone';
      return null;
    }
    case 'ip':
      return classifyIp(value) === 'public' ? null : 'non_public_ip';
    case 'device':
      if (ZERO_DEVICES.has(value) || /^imei:(\d)\1{14}$/.test(value)) return 'placeholder_device';
      return null;
    case 'username':
    case 'esp_account': {
      const user = value.slice(value.indexOf(':') + 1).toLowerCase();
      return PLACEHOLDER_USERNAMES.has(user) || isEmptyValue(user) ? 'placeholder_username' : null;
    }
    case 'url': {
      const host = hostOf(value);
      if (host === null) return 'example_url';
      const tld = host.slice(host.lastIndexOf('.') + 1);
      if (host === 'localhost' || RESERVED_TLDS.has(tld) || /(^|\.)example\.(com|net|org)$/.test(host)) {
        return 'example_url';
      }
      if (/^[\d.]+$/.test(host) || host.startsWith('[')) {
        return classifyIp(host.replace(/^\[|\]$/g, '')) === 'public' ? null : 'example_url';
      }
      return null;
    }
    case 'passport':
      return isEmptyValue(value.slice(value.indexOf(':') + 1)) ? 'empty_value' : null;
    case 'name':
    case 'file_hash':
      return null;
  }
}

function isSequence(digits: string): boolean {
  return '0123456789012'.includes(digits) || '9876543210987'.includes(digits);
}

/** Default for the configurable share rule: an identifier in more than 1% of tips is stop-listed. */
export const DEFAULT_STOP_SHARE = 0.01;
/** Below this many tips the share rule does not fire (2 tips sharing a phone is evidence, not noise). */
export const DEFAULT_STOP_MIN_TIPS = 100;

/**
 * The "seen in more than `share` of tips" rule: true when `countWithValue / totalTips > share` and
 * there are at least `minTips` tips. `share` is a fraction in (0, 1]. Throws RangeError on nonsense
 * arguments (a programming error, not data).
 */
export function isOverShareThreshold(
  countWithValue: number,
  totalTips: number,
  share: number,
  minTips: number = DEFAULT_STOP_MIN_TIPS,
): boolean {
  const counts = [countWithValue, totalTips, minTips];
  if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError('counts must be non-negative integers');
  }
  if (!(share > 0 && share <= 1)) throw new RangeError('share must be in (0, 1]');
  if (countWithValue > totalTips) throw new RangeError('countWithValue cannot exceed totalTips');
  if (totalTips === 0 || totalTips < minTips) return false;
  return countWithValue > share * totalTips;
}
