import { type DobDraft, dobFromString, dobToString, EMPTY_DOB } from './dob';
import type { EntryBody, EntryDetail, Gender, RegisterBasis, RiskLevel } from './offenders.api';

/** The register entry form's state (text as typed) and its conversions to and from the API shapes. */
export interface Draft {
  basis: RegisterBasis;
  names: Array<{ name: string; primary: boolean }>;
  dob: DobDraft;
  gender: Gender | null;
  nationalities: string;
  passports: Array<{ country: string; number: string }>;
  offences: string;
  legalBasis: string;
  sourceDocument: string;
  photoRef: string;
  riskLevel: RiskLevel;
  reviewDate: string;
  expiresAt: string;
  instructions: string;
}

export const EMPTY: Draft = {
  basis: 'convicted_kh',
  names: [{ name: '', primary: true }],
  dob: EMPTY_DOB,
  gender: null,
  nationalities: '',
  passports: [],
  offences: '',
  legalBasis: '',
  sourceDocument: '',
  photoRef: '',
  riskLevel: 'medium',
  reviewDate: '',
  expiresAt: '',
  instructions: '',
};

const lines = (text: string) =>
  text
    .split(/\n|,/)
    .map((s) => s.trim())
    .filter(Boolean);
const orNull = (text: string) => text.trim() || null;

export function draftOf(entry: EntryDetail): Draft {
  return {
    basis: entry.basis,
    names: entry.names.map((n) => ({ ...n })),
    dob: dobFromString(entry.dob),
    gender: entry.gender,
    nationalities: entry.nationalities.join(', '),
    passports: entry.passports.map((p) => ({ country: p.country ?? '', number: p.number })),
    offences: entry.offences.join('\n'),
    legalBasis: entry.legalBasis,
    sourceDocument: entry.sourceDocument ?? '',
    photoRef: entry.photoRef ?? '',
    riskLevel: entry.riskLevel,
    reviewDate: entry.reviewDate ?? '',
    expiresAt: entry.expiresAt ? entry.expiresAt.slice(0, 10) : '',
    instructions: entry.instructions,
  };
}

/** The request body: names left empty are dropped; one primary name (the first, when none is marked). */
export function toEntryBody(draft: Draft): EntryBody {
  const names = draft.names.filter((n) => n.name.trim());
  if (names.length > 0 && !names.some((n) => n.primary)) names[0] = { ...names[0]!, primary: true };
  return {
    basis: draft.basis,
    names: names.map((n) => ({ name: n.name.trim(), primary: n.primary })),
    dob: dobToString(draft.dob),
    gender: draft.gender,
    nationalities: lines(draft.nationalities),
    passports: draft.passports
      .filter((p) => p.number.trim())
      .map((p) => ({ country: p.country.trim(), number: p.number.trim() })),
    photoRef: orNull(draft.photoRef),
    // One offence per line (commas belong to an offence's wording).
    offences: draft.offences
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean),
    legalBasis: draft.legalBasis.trim(),
    sourceDocument: orNull(draft.sourceDocument),
    riskLevel: draft.riskLevel,
    reviewDate: orNull(draft.reviewDate),
    // An expiry date ends at the end of that day (UTC).
    expiresAt: draft.expiresAt ? `${draft.expiresAt}T23:59:59Z` : null,
    instructions: draft.instructions.trim(),
  };
}
