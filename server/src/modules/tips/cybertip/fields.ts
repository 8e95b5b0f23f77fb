import { FieldError } from './errors.ts';
import type { Reader, XNode } from './tree.ts';

/**
 * Values the report model interprets. Each throws `FieldError(path, reason)` on a value it cannot
 * read: a wrong date, an impossible age, "maybe" for a boolean. Absent values are null.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MIN_YEAR = 1970;
const MAX_YEAR = 2100;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO 8601 date-time → `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC). A value without a zone is read as UTC (with a
 * warning); a date alone is its midnight UTC. */
export function dateTimeField(r: Reader, node: XNode, name: string): string | null {
  const value = r.prop(node, name);
  if (value === null) return null;
  const path = r.pathOf(node, name);
  const m = DATE_TIME.exec(value);
  if (!m) throw new FieldError(path, 'not a date (expected ISO 8601, e.g. 2024-01-15T14:30:00Z)');
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw new FieldError(path, `not a date (year ${year} out of range)`);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    throw new FieldError(path, 'not a date (no such day)');
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    throw new FieldError(path, 'not a date (bad time)');
  let offsetMinutes = 0;
  if (zone === undefined) r.warn(path, 'no time zone; read as UTC');
  else if (zone.toUpperCase() !== 'Z') {
    const [, sign, oh, om = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    if (Number(oh) > 14 || Number(om) > 59) throw new FieldError(path, 'not a date (bad time zone)');
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), ms) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

/** A calendar date (date of birth) → `YYYY-MM-DD`; a date-time keeps its written date. */
export function dateField(r: Reader, node: XNode, name: string): string | null {
  const value = r.prop(node, name);
  if (value === null) return null;
  const path = r.pathOf(node, name);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value);
  if (!m) throw new FieldError(path, 'not a date (expected YYYY-MM-DD)');
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    throw new FieldError(path, 'not a date');
  }
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** A person's age in whole years, 0–120. */
export function ageField(r: Reader, node: XNode, name: string): number | null {
  const value = r.prop(node, name);
  if (value === null) return null;
  const path = r.pathOf(node, name);
  if (!/^-?\d+(?:\.\d+)?$/.test(value)) throw new FieldError(path, 'not a number');
  const age = Number(value);
  if (age < 0 || age > 120) throw new FieldError(path, `impossible age ${value} (must be 0–120)`);
  if (!Number.isInteger(age)) throw new FieldError(path, 'age is not a whole number of years');
  return age;
}

const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n']);

export function boolField(r: Reader, node: XNode, name: string): boolean | null {
  const value = r.prop(node, name);
  if (value === null) return null;
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new FieldError(r.pathOf(node, name), 'not a boolean (true or false)');
}

export function intField(r: Reader, node: XNode, name: string, min: number, max: number): number | null {
  const value = r.prop(node, name);
  if (value === null) return null;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) {
    throw new FieldError(r.pathOf(node, name), `not a whole number from ${min} to ${max}`);
  }
  return n;
}

export function numberField(r: Reader, node: XNode, name: string, min: number, max: number): number | null {
  const value = r.prop(node, name);
  if (value === null) return null;
  const n = /^[+-]?\d{1,4}(?:\.\d{1,15})?$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new FieldError(r.pathOf(node, name), `not a number from ${min} to ${max}`);
  return n;
}

/** Optional text: trimmed, null when empty. */
export function textField(r: Reader, node: XNode, name: string): string | null {
  return r.prop(node, name);
}
