import { describe, expect, it } from 'vitest';
import { compareDob, describeDob, formatDob, parseDob } from './dob.ts';

const how = (a: string, b: string): string => compareDob(parseDob(a), parseDob(b)).how;

describe('parseDob', () => {
  it.each([
    ['1980-03-12', '1980-03-12'],
    ['1980-3-2', '1980-03-02'],
    ['1980-03', '1980-03'],
    ['1980', '1980'],
    ['1980/03/12', '1980-03-12'],
    ['19800312', '1980-03-12'],
    ['12/03/1980', '1980-03-12'],
    ['12.03.1980', '1980-03-12'],
    ['3/31/1954', '1954-03-31'], // day-first impossible: read month-first
    ['3/1/70', '1970-01-03'],
    ['15-Mar-92', '1992-03-15'],
    ['1980-03-12T00:00:00Z', '1980-03-12'],
  ])('%s → %s', (raw, iso) => {
    expect(formatDob(parseDob(raw)!)).toBe(iso);
  });

  it.each(['', '  ', '1980-13-01', '1981-02-29', '1980-04-31', '31/31/1980', 'yesterday', '1700'])(
    'rejects %j',
    (raw) => {
      expect(parseDob(raw)).toBeNull();
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(parseDob('1980-02-29')).toEqual({ year: 1980, month: 2, day: 29 });
  });
});

describe('compareDob', () => {
  it('recognises each relation', () => {
    expect(how('1980-03-12', '1980-03-12')).toBe('exact');
    expect(how('1980-03-12', '1980-12-03')).toBe('day_month_swapped');
    expect(how('1980-03-12', '1980-03-13')).toBe('one_day_apart');
    expect(how('1980-02-29', '1980-03-01')).toBe('one_day_apart');
    expect(how('1979-12-31', '1980-01-01')).toBe('one_day_apart');
    expect(how('1980-03-12', '1980-04-12')).toBe('month_off_by_one');
    expect(how('1980-03-12', '1981-03-12')).toBe('year_off_by_one');
    expect(how('1980-03-12', '1980-07-25')).toBe('same_year_only');
    expect(how('1980-03-12', '1975-07-25')).toBe('conflict');
    expect(how('1980-03-12', '')).toBe('missing');
    expect(how('', '')).toBe('missing');
  });

  it('compares partial dates as far as both are known', () => {
    expect(how('1980-03-12', '1980')).toBe('year_only_match');
    expect(how('1980-03-12', '1980-03')).toBe('partial_match');
    expect(how('1980-03-12', '1980-04')).toBe('partial_month_off_by_one');
    expect(how('1980-12-03', '1980-03')).toBe('partial_day_month_swapped');
    expect(how('1980-03-12', '1981')).toBe('partial_year_off_by_one');
    expect(how('1980-03-12', '1980-09')).toBe('same_year_only');
    expect(how('1980', '1990')).toBe('conflict');
  });

  it('rewards an exact date and punishes a conflict; a missing date is neutral-to-negative', () => {
    const exact = compareDob(parseDob('1980-03-12'), parseDob('1980-03-12'));
    const missing = compareDob(parseDob('1980-03-12'), null);
    const conflict = compareDob(parseDob('1980-03-12'), parseDob('1960-01-01'));
    expect(exact.adjustment).toBeGreaterThan(0);
    expect(missing.adjustment).toBeLessThan(0);
    expect(conflict.adjustment).toBeLessThan(missing.adjustment);
    expect(exact.doubt).toBe(0);
  });

  it('describes the comparison for the officer', () => {
    const a = parseDob('1980-03-12');
    const b = parseDob('1980-12-03');
    expect(describeDob(a, b, compareDob(a, b).how)).toBe(
      'dob: day and month swapped (1980-03-12 / 1980-12-03)',
    );
  });
});
