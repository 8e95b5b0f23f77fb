/** A traveller record or watchlist entry prepared once for matching (normalised fields, keys). */
import { normaliseCountries } from './country.ts';
import { type PartialDate, parseDob } from './dob.ts';
import { hashedKeys, type KeyRole } from './keys.ts';
import { type NormalisedName, normaliseName, normaliseNameParts } from './normalise.ts';
import { normalisePassport, type Passport } from './passport.ts';
import type { TravellerRecord, WatchlistEntry } from './types.ts';

export type Gender = 'm' | 'f';

export interface PreparedPerson {
  id: string;
  /** Every name of the person (full name, given + family, aliases), deduplicated. */
  names: NormalisedName[];
  dob: PartialDate | null;
  /** True when a date of birth was given but could not be read. */
  dobInvalid: boolean;
  gender: Gender | null;
  /** ISO alpha-2 (nationality and passport country). */
  nationalities: string[];
  passport: Passport | null;
  /** Hashed blocking keys of all names. */
  keys: number[];
}

export function normaliseGender(raw: string | undefined | null): Gender | null {
  const s = (raw ?? '').trim().toLowerCase();
  if (['m', 'male', 'man', 'h', 'homme', 'masculin', 'ប្រុស'].includes(s)) return 'm';
  if (['f', 'female', 'woman', 'femme', 'feminin', 'féminin', 'ស្រី'].includes(s)) return 'f';
  return null;
}

const HYPHENATED = /(\p{L})[-‐‑](\p{L})/u;
const HYPHENATED_ALL = /(\p{L})[-‐‑](\p{L})/gu;

function aliasList(aliases: WatchlistEntry['aliases']): string[] {
  if (!aliases) return [];
  return (typeof aliases === 'string' ? aliases.split('|') : [...aliases])
    .map((a) => a.trim())
    .filter(Boolean);
}

/** Prepare a record or an entry: every name normalised, date, gender, nationalities, passport, keys. */
export function preparePerson(r: TravellerRecord | WatchlistEntry, role: KeyRole = 'query'): PreparedPerson {
  const names: NormalisedName[] = [];
  const seen = new Set<string>();
  const push = (n: NormalisedName): void => {
    const sig = n.tokens
      .map((t) => t.latin)
      .sort()
      .join(' ');
    if (n.tokens.length === 0 || seen.has(sig)) return;
    seen.add(sig);
    names.push(n);
  };
  if (r.given_name?.trim() || r.family_name?.trim()) push(normaliseNameParts(r.given_name, r.family_name));
  const full: string[] = [];
  if (r.full_name?.trim()) full.push(r.full_name);
  if ('aliases' in r) full.push(...aliasList(r.aliases));
  for (const f of full) {
    push(normaliseName(f));
    // `Tao-hung`, `Min-jun`, `Jean-Pierre` are also written as one word.
    if (HYPHENATED.test(f)) push(normaliseName(f.replace(HYPHENATED_ALL, '$1$2')));
  }
  if (r.given_name && HYPHENATED.test(r.given_name)) {
    push(normaliseNameParts(r.given_name.replace(HYPHENATED_ALL, '$1$2'), r.family_name));
  }
  const dob = parseDob(r.dob);
  const nationalities = normaliseCountries(r.nationality);
  const passport = normalisePassport(r.passport_country, r.passport_number);
  if (passport?.country && !nationalities.includes(passport.country)) nationalities.push(passport.country);
  return {
    id: r.id,
    names,
    dob,
    dobInvalid: dob === null && Boolean(r.dob?.trim()),
    gender: normaliseGender(r.gender),
    nationalities,
    passport,
    keys: hashedKeys(names, role),
  };
}
