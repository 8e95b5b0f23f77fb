/**
 * The one result shape of every normaliser: a canonical value, or a typed reason why the input is not an
 * identifier. Normalisers never throw on any string; they are pure and idempotent
 * (`normalise(normalise(x).value)` gives the same value).
 */
export type RejectReason =
  | 'empty' // nothing left after cleaning
  | 'too_long'
  | 'too_short'
  | 'invalid' // wrong shape
  | 'bad_checksum' // IMEI / ICCID Luhn digit wrong
  | 'unsupported' // a valid thing we do not take (URL scheme, device id type, country)
  | 'ambiguous'; // could be several things (a phone number without country that is not Cambodian)

export type NormaliseResult<T = string> =
  | { ok: true; value: T }
  | { ok: false; reason: RejectReason; detail?: string };

export type Rejection = Extract<NormaliseResult, { ok: false }>;

export function accept<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function reject(reason: RejectReason, detail?: string): Rejection {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

// Controls (Cc), format characters (Cf: zero-width space, BOM, bidi marks…), private-use code points and
// lone surrogates. Names keep ZWNJ/ZWJ (U+200C/U+200D), which some scripts need.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;
const INVISIBLE_EXCEPT_JOINERS = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;

/**
 * Removes invisible characters, applies NFKC (full-width `＠` → `@`, `０１２` → `012`), collapses runs of
 * white space to one space and trims. Returns a rejection when nothing is left or the input is longer
 * than `maxLength` (checked before any work, so a 200 MB string costs nothing).
 */
export function cleanText(raw: unknown, maxLength: number, keepJoiners = false): string | Rejection {
  if (typeof raw !== 'string') return reject('invalid', 'not a string');
  if (raw.length > maxLength * 4) return reject('too_long');
  const text = raw
    .replace(keepJoiners ? INVISIBLE_EXCEPT_JOINERS : INVISIBLE, '')
    .normalize('NFKC')
    .replace(/\s+/gu, ' ')
    .trim();
  if (text.length === 0) return reject('empty');
  if (text.length > maxLength) return reject('too_long');
  return text;
}

export function isRejection(v: unknown): v is Rejection {
  return typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;
}
