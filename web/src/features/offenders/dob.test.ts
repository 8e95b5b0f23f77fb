import { describe, expect, it } from 'vitest';
import { dobFromString, dobToString } from './dob';

describe('date of birth at its precision', () => {
  it('writes year, year-month and full dates, padding months and days', () => {
    expect(dobToString({ precision: 'year', year: '1961', month: '7', day: '3' })).toBe('1961');
    expect(dobToString({ precision: 'month', year: '1961', month: '7', day: '3' })).toBe('1961-07');
    expect(dobToString({ precision: 'day', year: '1961', month: '7', day: '3' })).toBe('1961-07-03');
    expect(dobToString({ precision: 'day', year: ' ', month: '7', day: '3' })).toBeNull();
  });

  it('reads them back with their precision', () => {
    expect(dobFromString('1961-07')).toEqual({ precision: 'month', year: '1961', month: '07', day: '' });
    expect(dobFromString('1961')).toMatchObject({ precision: 'year', year: '1961' });
    expect(dobFromString(null).year).toBe('');
  });
});
