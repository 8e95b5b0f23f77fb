import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * Person names: NFKC, invisible characters removed (ZWNJ/ZWJ kept), white space collapsed, trimmed;
 * script and case kept (display form). At least one letter. `nameKey` is the case-folded form for
 * matching; fuzzy and cross-script matching belong to the screening module.
 */
export function normaliseName(raw: string): NormaliseResult {
  const cleaned = cleanText(raw, 200, true);
  if (isRejection(cleaned)) return cleaned;
  if (!/\p{L}/u.test(cleaned)) return reject('invalid', 'no letter');
  return accept(cleaned);
}

export function nameKey(normalised: string): string {
  return normalised.toLowerCase().normalize('NFKC');
}
