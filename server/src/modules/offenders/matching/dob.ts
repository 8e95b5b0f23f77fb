/** Dates of birth: parsing (full, year-month, year only) and the comparison rules of the matcher. */

export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValid(year: number, month?: number, day?: number): boolean {
  if (!Number.isInteger(year) || year < 1850 || year > 2100) return false;
  if (month === undefined) return day === undefined;
  if (month < 1 || month > 12) return false;
  if (day === undefined) return true;
  if (day < 1 || day > DAYS[month - 1]!) return false;
  return !(month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)));
}

function make(year: number, month?: number, day?: number): PartialDate | null {
  if (!isValid(year, month, day)) return null;
  const d: PartialDate = { year };
  if (month !== undefined) d.month = month;
  if (day !== undefined) d.day = day;
  return d;
}

/**
 * Parse `YYYY-MM-DD`, `YYYY-MM`, `YYYY` (also `/` or `.` separated), and `DD/MM/YYYY` (read as
 * month/day when the first number cannot be a month and the second can be a day… i.e. whichever
 * reading is a real date, day first preferred). Two-digit years are read as 19xx/20xx. `null` when
 * empty or impossible.
 */
export function parseDob(raw: string | undefined | null): PartialDate | null {
  const s = (raw ?? '').trim();
  if (!s) return null;
  let m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ].*)?$/.exec(s);
  if (m) return make(Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(s);
  if (m) {
    let year = Number(m[3]);
    if (m[3]!.length === 2) year += year > new Date().getUTCFullYear() % 100 ? 1900 : 2000;
    const a = Number(m[1]);
    const b = Number(m[2]);
    return make(year, b, a) ?? make(year, a, b);
  }
  m = /^(\d{1,2})[-\s]([A-Za-z]{3})[A-Za-z]*\.?[-\s](\d{2}|\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    let year = Number(m[3]);
    if (m[3]!.length === 2) year += year > new Date().getUTCFullYear() % 100 ? 1900 : 2000;
    return month > 0 ? make(year, month, Number(m[1])) : null;
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return make(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

export function formatDob(d: PartialDate): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return d.day !== undefined
    ? `${d.year}-${p(d.month!)}-${p(d.day)}`
    : d.month !== undefined
      ? `${d.year}-${p(d.month)}`
      : `${d.year}`;
}

export type DobHow =
  | 'exact'
  | 'day_month_swapped'
  | 'one_day_apart'
  | 'month_off_by_one'
  | 'year_off_by_one'
  | 'partial_match'
  | 'year_only_match'
  | 'partial_year_off_by_one'
  | 'partial_month_off_by_one'
  | 'partial_day_month_swapped'
  | 'same_year_only'
  | 'missing'
  | 'conflict';

export interface DobComparison {
  readonly how: DobHow;
  /** Added to the name score. */
  adjustment: number;
  /**
   * How much an imperfect name costs with this date: the score loses `doubt × (1 − name score)`.
   * A full matching date vouches for a misspelt name; a year alone or a missing date does not.
   */
  doubt: number;
}

/** [adjustment, doubt] per kind of date comparison. */
const EFFECT: Record<DobHow, readonly [number, number]> = {
  exact: [0.06, 0],
  day_month_swapped: [0.02, 0.5],
  one_day_apart: [0.01, 0.5],
  month_off_by_one: [0.01, 0.5],
  year_off_by_one: [0.01, 0.5],
  partial_match: [-0.03, 0.8],
  year_only_match: [-0.06, 2.5],
  partial_day_month_swapped: [-0.06, 1.5],
  partial_month_off_by_one: [-0.1, 2],
  partial_year_off_by_one: [-0.25, 3],
  same_year_only: [-0.3, 2],
  missing: [-0.08, 0.2],
  conflict: [-0.4, 0],
};

const DETAIL: Record<DobHow, string> = {
  exact: 'same date of birth',
  day_month_swapped: 'day and month swapped',
  one_day_apart: 'one day apart',
  month_off_by_one: 'month differs by one',
  year_off_by_one: 'year differs by one',
  partial_match: 'same year and month (day unknown on one side)',
  year_only_match: 'same year (only the year is known on one side)',
  partial_year_off_by_one: 'year differs by one (partial date)',
  partial_month_off_by_one: 'month differs by one (partial date)',
  partial_day_month_swapped: 'day of one date is the month of the other (partial date)',
  same_year_only: 'same year, different day and month',
  missing: 'missing on one side',
  conflict: 'different',
};

const dayNumber = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 86_400_000;

/**
 * The relation between two dates given as numbers, 0 for an unknown part (`ay === 0`: no date).
 * Numeric so that the screener can filter candidates from typed arrays without touching objects.
 */
export function classifyDob(ay: number, am: number, ad: number, by: number, bm: number, bd: number): DobHow {
  if (ay === 0 || by === 0) return 'missing';
  if (ad !== 0 && bd !== 0) {
    if (ay === by && am === bm && ad === bd) return 'exact';
    if (ay === by && am === bd && ad === bm) return 'day_month_swapped';
    if (Math.abs(ay - by) <= 1 && Math.abs(dayNumber(ay, am, ad) - dayNumber(by, bm, bd)) === 1)
      return 'one_day_apart';
    if (ay === by && ad === bd && Math.abs(am - bm) === 1) return 'month_off_by_one';
    if (am === bm && ad === bd && Math.abs(ay - by) === 1) return 'year_off_by_one';
    return ay === by ? 'same_year_only' : 'conflict';
  }
  // At least one side is partial: compare as far as both go.
  const bothMonths = am !== 0 && bm !== 0;
  if (ay === by) {
    if (!bothMonths) return 'year_only_match';
    if (am === bm) return 'partial_match';
    if (ad === bm || bd === am) return 'partial_day_month_swapped';
    return Math.abs(am - bm) === 1 ? 'partial_month_off_by_one' : 'same_year_only';
  }
  if (Math.abs(ay - by) === 1 && (!bothMonths || am === bm)) return 'partial_year_off_by_one';
  return 'conflict';
}

const COMPARISONS = Object.fromEntries(
  Object.entries(EFFECT).map(([how, [adjustment, doubt]]) => [
    how,
    Object.freeze({ how, adjustment, doubt }),
  ]),
) as Record<DobHow, DobComparison>;

/** Adjustment of a relation (see `EFFECT`). */
export const dobAdjustment = (how: DobHow): number => EFFECT[how][0];

/** Compare two dates of birth (either may be missing or partial). */
export function compareDob(a: PartialDate | null, b: PartialDate | null): DobComparison {
  return COMPARISONS[
    classifyDob(a?.year ?? 0, a?.month ?? 0, a?.day ?? 0, b?.year ?? 0, b?.month ?? 0, b?.day ?? 0)
  ];
}

/** The reason sentence for a date comparison: `dob: day and month swapped (1980-12-03 / 1980-03-12)`. */
export function describeDob(a: PartialDate | null, b: PartialDate | null, how: DobHow): string {
  const shown =
    a && b && how !== 'exact'
      ? ` (${formatDob(a)} / ${formatDob(b)})`
      : a && how === 'exact'
        ? ` (${formatDob(a)})`
        : '';
  return `dob: ${DETAIL[how]}${shown}`;
}
