import { resolveCountry } from './countries.ts';
import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * Passports are country + number: `KH:N0123456`. The country is an ISO alpha-2/alpha-3 code, an ICAO
 * code (`D`, `GBD`…), an English name or nationality (`Cambodia`, `British`); the number is upper-cased
 * without spaces, dashes, dots, slashes or MRZ fillers (`<`), 5–20 letters/digits. Input is either
 * `{ country, number }` or the string `COUNTRY:NUMBER` (which is also the output, so it is idempotent).
 */
export function normalisePassport(input: string | { country: string; number: string }): NormaliseResult {
  let country: unknown;
  let number: unknown;
  if (typeof input === 'string') {
    const i = input.indexOf(':');
    if (i < 0) return reject('invalid', 'needs COUNTRY:NUMBER');
    country = input.slice(0, i);
    number = input.slice(i + 1);
  } else if (typeof input === 'object' && input !== null) {
    country = input.country;
    number = input.number;
  } else {
    return reject('invalid');
  }
  const c = cleanText(country, 100);
  if (isRejection(c)) return reject(c.reason === 'empty' ? 'empty' : 'invalid', 'country');
  const alpha2 = resolveCountry(c);
  if (!alpha2) return reject('unsupported', 'unknown country');
  const n = cleanText(number, 64);
  if (isRejection(n)) return n;
  const compact = n.toUpperCase().replace(/[\s\-./<]/g, '');
  if (!/^[A-Z0-9]+$/.test(compact)) return reject('invalid', 'passport number letters and digits only');
  if (compact.length < 5) return reject('too_short');
  if (compact.length > 20) return reject('too_long');
  return accept(`${alpha2}:${compact}`);
}
