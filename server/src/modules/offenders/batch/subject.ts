import { normaliseCountry } from '../matching/country.ts';
import { formatDob, parseDob } from '../matching/dob.ts';
import { normalisePassportNumber } from '../matching/passport.ts';
import type { TravellerRecord, WatchlistEntry } from '../matching/types.ts';
import type { CsvSpec } from './csv.ts';

/**
 * A CSV row → a screening subject, with every problem of the row named by column. A row with a
 * problem is not screened (a wrong date or country would change who it matches) and is listed in the
 * rejects file; the others go on.
 */
export const ARRIVAL_COLUMNS = [
  'id',
  'full_name',
  'given_name',
  'family_name',
  'dob',
  'gender',
  'nationality',
  'passport_country',
  'passport_number',
] as const;

export const WATCHLIST_COLUMNS = [
  'id',
  'full_name',
  'given_name',
  'family_name',
  'aliases',
  'dob',
  'gender',
  'nationality',
  'passport_country',
  'passport_number',
] as const;

export const NAME_COLUMNS = ['full_name', 'given_name', 'family_name'] as const;

export const ARRIVALS_SPEC: CsvSpec = {
  label: 'arrivals file',
  columns: ARRIVAL_COLUMNS,
  requireOneOf: NAME_COLUMNS,
};
export const WATCHLIST_SPEC: CsvSpec = {
  label: 'watchlist',
  columns: WATCHLIST_COLUMNS,
  requireOneOf: NAME_COLUMNS,
};

export interface FieldProblem {
  column: string | null;
  reason: string;
}

const MAX_NAME = 200;
const MAX_ID = 100;
const GENDERS: Record<string, string> = {
  m: 'm',
  male: 'm',
  f: 'f',
  female: 'f',
  x: 'x',
  u: '',
  unknown: '',
};

/** The person fields shared by arrivals, watchlists and guest registers. */
export function checkPerson(
  values: Record<string, string | undefined>,
  fallbackId: string,
): { ok: true; record: WatchlistEntry } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const get = (k: string): string => (values[k] ?? '').trim();
  const id = get('id') || fallbackId;
  if (id.length > MAX_ID) problems.push({ column: 'id', reason: `longer than ${MAX_ID} characters` });

  for (const column of [...NAME_COLUMNS, 'aliases']) {
    if (get(column).length > MAX_NAME * (column === 'aliases' ? 10 : 1))
      problems.push({ column, reason: 'name too long' });
  }
  if (NAME_COLUMNS.every((c) => get(c) === '')) {
    problems.push({
      column: 'full_name',
      reason: 'no name: full_name, or given_name/family_name, is required',
    });
  }

  let dob: string | undefined;
  if (get('dob')) {
    const parsed = parseDob(get('dob'));
    if (!parsed) {
      problems.push({
        column: 'dob',
        reason: `'${clip(get('dob'))}' is not a possible date (use YYYY-MM-DD, YYYY-MM or YYYY)`,
      });
    } else dob = formatDob(parsed);
  }

  let gender: string | undefined;
  if (get('gender')) {
    const g = GENDERS[get('gender').toLowerCase()];
    if (g === undefined)
      problems.push({ column: 'gender', reason: `'${clip(get('gender'))}' is not a gender (use M, F or X)` });
    else if (g) gender = g;
  }

  const country = (column: string): string | undefined => {
    const raw = get(column);
    if (!raw) return undefined;
    const code = normaliseCountry(raw);
    if (!code) {
      problems.push({
        column,
        reason: `unknown country '${clip(raw)}' (use an ISO code such as KH or KHM, or the English name)`,
      });
      return undefined;
    }
    return code;
  };
  const nationality = country('nationality');
  const passportCountry = country('passport_country');

  let passportNumber: string | undefined;
  if (get('passport_number')) {
    passportNumber = normalisePassportNumber(get('passport_number'));
    if (passportNumber.length < 4 || passportNumber.length > 20)
      problems.push({
        column: 'passport_number',
        reason: 'not a passport number (4 to 20 letters and digits)',
      });
  }

  if (problems.length > 0) return { ok: false, problems };
  const record: WatchlistEntry = { id };
  for (const column of NAME_COLUMNS) if (get(column)) record[column] = get(column);
  if (get('aliases'))
    record.aliases = get('aliases')
      .split('|')
      .map((a) => a.trim())
      .filter(Boolean);
  if (dob) record.dob = dob;
  if (gender) record.gender = gender;
  if (nationality) record.nationality = nationality;
  if (passportCountry) record.passport_country = passportCountry;
  if (passportNumber) record.passport_number = passportNumber;
  return { ok: true, record };
}

/** An arrivals row: the person fields only (no aliases). */
export function checkArrival(
  values: Record<string, string>,
  line: number,
): { ok: true; record: TravellerRecord } | { ok: false; problems: FieldProblem[] } {
  return checkPerson(values, `line-${line}`);
}

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
