import { callingCodeOf } from './calling-codes.ts';
import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * Phone numbers to E.164 (`+85512345678`), Cambodia first.
 *
 * - `+…` and `00…` are international; after `+855` one stray trunk `0` is dropped (`+855 (0)12…`,
 *   `+855 012…`), and `(0)` is dropped for every country.
 * - `0…` is a Cambodian national number: the national significant number (NSN) is 8 or 9 digits
 *   (`023 456 789` fixed, `012 345 678` / `097 123 4567` mobile).
 * - `855…` with 11–12 digits is a Cambodian number missing its `+`; 8–9 digits without a leading 0
 *   are taken as a Cambodian NSN (forms often drop the 0).
 * - Anything else without a country code is `ambiguous` (we do not guess a foreign country).
 * - Extensions (`ext 12`, `x12`, `#12`) are dropped; letters are rejected; foreign numbers need a known
 *   calling code and 4–14 digits after it (15 in all); NANP (`+1`) needs exactly 10.
 * No carrier/prefix tables: allocations change, and a valid-looking unknown prefix is still evidence.
 */
const MAX_INPUT = 64;
const KH = '855';

export function normalisePhone(raw: string): NormaliseResult {
  const cleaned = cleanText(raw, MAX_INPUT);
  if (isRejection(cleaned)) return cleaned;
  const text = cleaned
    .replace(/^tel:/i, '')
    .replace(/\s*(?:ext\.?|extension|x|#)\s*\d{1,6}$/i, '')
    .replace(/\(0\)/g, '');
  if (!/^\+?[\d\s().\-/]+$/.test(text)) return reject('invalid', 'only digits, +, spaces, dashes, dots');
  const digits = text.replace(/\D/g, '');
  if (digits.length === 0) return reject('empty');
  if (digits.length > 17) return reject('too_long');

  if (text.startsWith('+')) return international(digits);
  if (digits.startsWith('00')) return international(digits.slice(2));
  if (digits.startsWith('0')) return cambodian(digits.slice(1));
  if (digits.startsWith(KH) && (digits.length === 11 || digits.length === 12)) return international(digits);
  if (digits.length === 8 || digits.length === 9) return cambodian(digits);
  return reject('ambiguous', 'no country code and not a Cambodian number');
}

function international(digits: string): NormaliseResult {
  const code = callingCodeOf(digits);
  if (code === null) return reject('invalid', 'unknown country calling code');
  let national = digits.slice(code.length);
  if (code === KH) {
    if (national.startsWith('0')) national = national.slice(1);
    return cambodian(national);
  }
  if (code === '1' && national.length !== 10) return reject('invalid', 'NANP numbers have 10 digits');
  if (national.length < 4) return reject('too_short');
  if (digits.length > 15) return reject('too_long');
  return accept(`+${digits}`);
}

function cambodian(nsn: string): NormaliseResult {
  if (nsn.length < 8) return reject('too_short');
  if (nsn.length > 9) return reject('too_long');
  if (nsn.startsWith('0')) return reject('invalid', 'national number cannot start with 0');
  return accept(`+${KH}${nsn}`);
}
