/**
 * Dates of birth at their precision (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), as the register keeps them:
 * an offender's exact date is often unknown, and a guessed day would make the matcher trust it.
 */
export type DobPrecision = 'day' | 'month' | 'year';

export interface DobDraft {
  precision: DobPrecision;
  year: string;
  month: string;
  day: string;
}

export const EMPTY_DOB: DobDraft = { precision: 'day', year: '', month: '', day: '' };

const two = (value: string) => value.trim().padStart(2, '0');

/** The stored form, or null when no year is given. */
export function dobToString(draft: DobDraft): string | null {
  const year = draft.year.trim();
  if (!year) return null;
  if (draft.precision === 'year') return year;
  if (draft.precision === 'month') return `${year}-${two(draft.month)}`;
  return `${year}-${two(draft.month)}-${two(draft.day)}`;
}

export function dobFromString(dob: string | null): DobDraft {
  if (!dob) return EMPTY_DOB;
  const [year = '', month = '', day = ''] = dob.split('-');
  return { precision: day ? 'day' : month ? 'month' : 'year', year, month, day };
}
