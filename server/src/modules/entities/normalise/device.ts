import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * Device identifiers, value `kind:id`:
 * - `imei:` 15 digits with a valid Luhn check digit. A 14-digit IMEI (check digit left off) gets its
 *   check digit; an IMEI-SV (16 digits: IMEI without check digit + 2-digit software version) becomes
 *   the IMEI of the same device, so both link.
 * - `iccid:` SIM serial, 19–20 digits starting 89, Luhn-checked.
 * - `mac:` six bytes, lower-case, colon-separated (`AA-BB-…`, `aabb.ccdd.eeff`, `aabbccddeeff` with a hint).
 * - `adid:` advertising ids (IDFA, GAID/AAID) and other UUIDs, lower-case 8-4-4-4-12.
 * `idType` (as in CyberTipline `deviceId/idType`) is a hint; without it the shape decides, and a bare
 * 12-hex-digit value is ambiguous. Other kinds (SSID, serial numbers) are `unsupported`.
 */
export type DeviceKind = 'imei' | 'iccid' | 'mac' | 'adid';

const MAX_INPUT = 128;
const HINTS: Record<string, DeviceKind> = {
  imei: 'imei',
  imeisv: 'imei',
  iccid: 'iccid',
  sim: 'iccid',
  mac: 'mac',
  macaddress: 'mac',
  wifimac: 'mac',
  bluetoothmac: 'mac',
  adid: 'adid',
  idfa: 'adid',
  idfv: 'adid',
  gaid: 'adid',
  aaid: 'adid',
  advertisingid: 'adid',
  uuid: 'adid',
};
const UUID = /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;
const MAC_SEP = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i;
const MAC_DOTS = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i;

export function normaliseDeviceId(raw: string, idType?: string | null): NormaliseResult {
  const cleaned = cleanText(raw, MAX_INPUT);
  if (isRejection(cleaned)) return cleaned;
  let text = cleaned;
  let hint: DeviceKind | undefined;
  const prefixed = /^([a-z]+):(.+)$/i.exec(text);
  if (prefixed && Object.hasOwn(HINTS, prefixed[1]!.toLowerCase())) {
    hint = HINTS[prefixed[1]!.toLowerCase()];
    text = prefixed[2]!.trim();
  } else if (idType) {
    const key = idType.toLowerCase().replace(/[^a-z]/g, '');
    if (!Object.hasOwn(HINTS, key)) return reject('unsupported', `device id type ${idType}`);
    hint = HINTS[key];
  }
  if (hint === 'adid' || (!hint && UUID.test(text) && text.includes('-'))) return uuid(text);
  if (hint === 'mac' || (!hint && (MAC_SEP.test(text) || MAC_DOTS.test(text)))) return mac(text);
  const digits = text.replace(/[\s\-/.]/g, '');
  if (!/^\d+$/.test(digits)) {
    return reject(hint ? 'invalid' : 'ambiguous', 'not a known device id shape');
  }
  if (hint === 'iccid' || (!hint && /^89\d{17,18}$/.test(digits))) return iccid(digits);
  return imei(digits);
}

function imei(digits: string): NormaliseResult {
  if (digits.length === 14) return accept(`imei:${digits}${luhnDigit(digits)}`);
  if (digits.length === 16) {
    const body = digits.slice(0, 14);
    return accept(`imei:${body}${luhnDigit(body)}`);
  }
  if (digits.length < 14) return reject('too_short');
  if (digits.length > 16) return reject('too_long');
  if (!luhnValid(digits)) return reject('bad_checksum', 'IMEI check digit');
  return accept(`imei:${digits}`);
}

function iccid(digits: string): NormaliseResult {
  if (!/^89\d{17,18}$/.test(digits)) return reject('invalid', 'ICCID is 19–20 digits starting 89');
  if (!luhnValid(digits)) return reject('bad_checksum', 'ICCID check digit');
  return accept(`iccid:${digits}`);
}

function mac(text: string): NormaliseResult {
  const hex = text.replace(/[:\-.\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return reject('invalid', 'MAC is six bytes');
  return accept(`mac:${hex.match(/../g)!.join(':')}`);
}

function uuid(text: string): NormaliseResult {
  const m = UUID.exec(text);
  if (!m) return reject('invalid', 'not a UUID');
  return accept(`adid:${m.slice(1).join('-').toLowerCase()}`);
}

/** The Luhn check digit for a digit string. */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function luhnValid(digits: string): boolean {
  return digits.length > 1 && luhnDigit(digits.slice(0, -1)) === digits.slice(-1);
}
