/** Passport numbers: normalised for exact comparison (country + number). */
import { normaliseCountry } from './country.ts';

export interface Passport {
  /** ISO alpha-2, or null when the country is not given or unknown. */
  country: string | null;
  /** Upper-case letters and digits only. */
  number: string;
}

/** Upper-case, spaces, dashes and other punctuation removed, filler `<` of the MRZ removed. */
export function normalisePassportNumber(raw: string | undefined | null): string {
  return (raw ?? '')
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '');
}

/** A passport, or null when there is no usable number (fewer than 4 characters). */
export function normalisePassport(
  country: string | undefined | null,
  number: string | undefined | null,
): Passport | null {
  const n = normalisePassportNumber(number);
  if (n.length < 4) return null;
  return { country: normaliseCountry(country), number: n };
}
