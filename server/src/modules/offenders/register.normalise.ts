import { AppError } from '../../platform/errors.ts';
import { normaliseCountry } from './matching/country.ts';
import { formatDob, parseDob } from './matching/dob.ts';
import { normalisePassportNumber } from './matching/passport.ts';

/**
 * Normalisation of register input, shared by create and update: one primary name, real dates of
 * birth at their precision, countries as ISO alpha-2 (the matcher's helper), passport numbers as the
 * matcher compares them. Each refusal names the field and element at fault.
 */
export const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The request is not valid', [{ path, message }]);

export function normaliseNames(
  names: ReadonlyArray<{ name: string; primary: boolean }>,
  path = 'body.names',
): Array<{ name: string; primary: boolean }> {
  const primaries = names.filter((n) => n.primary).length;
  if (primaries > 1) throw invalid(path, 'mark only one name as primary');
  if (primaries === 0 && names.length > 1) throw invalid(path, 'mark one name as primary');
  const seen = new Set<string>();
  names.forEach((n, i) => {
    const key = n.name.normalize('NFC').toLocaleLowerCase();
    if (seen.has(key)) throw invalid(`${path}.${i}.name`, 'repeats another name of the entry');
    seen.add(key);
  });
  const out = names.map((n) => ({ name: n.name.normalize('NFC'), primary: n.primary || names.length === 1 }));
  return out.sort((a, b) => Number(b.primary) - Number(a.primary));
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` that is a real date (29 February only in leap years). */
export function normaliseDob(dob: string | null | undefined, path: string): string | null {
  if (dob === null || dob === undefined) return null;
  const parsed = parseDob(dob);
  if (!parsed || formatDob(parsed) !== dob)
    throw invalid(path, 'is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)');
  return dob;
}

export function normaliseCountryField(raw: string, path: string): string {
  const code = normaliseCountry(raw);
  if (!code) throw invalid(path, 'unknown country: use an ISO code such as KH or FRA, or an English name');
  return code;
}

export function normaliseNationalities(list: readonly string[], path = 'body.nationalities'): string[] {
  const out: string[] = [];
  list.forEach((raw, i) => {
    const code = normaliseCountryField(raw, `${path}.${i}`);
    if (!out.includes(code)) out.push(code);
  });
  return out;
}

export function normalisePassportField(raw: string, path: string): string {
  const number = normalisePassportNumber(raw);
  if (number.length < 4) throw invalid(path, 'needs at least 4 letters or digits');
  return number;
}

export function normalisePassports(
  list: ReadonlyArray<{ country: string; number: string }>,
  path = 'body.passports',
): Array<{ country: string; number: string }> {
  const out: Array<{ country: string; number: string }> = [];
  list.forEach((p, i) => {
    const country = normaliseCountryField(p.country, `${path}.${i}.country`);
    const number = normalisePassportField(p.number, `${path}.${i}.number`);
    if (out.some((o) => o.country === country && o.number === number))
      throw invalid(`${path}.${i}`, 'repeats another passport of the entry');
    out.push({ country, number });
  });
  return out;
}
