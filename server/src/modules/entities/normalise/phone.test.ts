import { describe, expect, it } from 'vitest';
import { callingCodeOf } from './calling-codes.ts';
import { normalisePhone } from './phone.ts';

const value = (raw: string) => {
  const r = normalisePhone(raw);
  return r.ok ? r.value : `!${r.reason}`;
};

describe('normalisePhone', () => {
  it.each([
    ['012 345 678', '+85512345678'],
    ['012-345-678', '+85512345678'],
    ['(012) 345 678', '+85512345678'],
    ['012.345.678', '+85512345678'],
    ['097 123 4567', '+855971234567'],
    ['023 218 000', '+85523218000'],
    ['+855 12 345 678', '+85512345678'],
    ['+855 (0)12 345 678', '+85512345678'],
    ['+855 012 345 678', '+85512345678'],
    ['00855 12 345 678', '+85512345678'],
    ['855-12-345-678', '+85512345678'],
    ['855971234567', '+855971234567'],
    ['12345678', '+85512345678'],
    ['tel:+85512345678', '+85512345678'],
    ['012 345 678 ext. 12', '+85512345678'],
    ['０１２ ３４５ ６７８', '+85512345678'],
  ])('Cambodian %j → %s', (raw, e164) => {
    expect(value(raw)).toBe(e164);
  });

  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['+1 (202) 555-0123', '+12025550123'],
    ['0061 2 9374 4000', '+61293744000'],
    ['+66 2 123 4567', '+6621234567'],
    ['+84 90 123 45 67', '+84901234567'],
  ])('foreign %j → %s', (raw, e164) => {
    expect(value(raw)).toBe(e164);
  });

  it.each([
    ['', 'empty'],
    ['abc', 'invalid'],
    ['012 ABC 678', 'invalid'],
    ['+855 12 345', 'too_short'],
    ['0123 456 789 0', 'too_long'],
    ['+855 1234 567 890', 'too_long'],
    ['2025550123', 'ambiguous'],
    ['12345', 'ambiguous'],
    ['+999 123 456', 'invalid'],
    ['+1 555 0123', 'invalid'],
    ['+44 12', 'too_short'],
    ['+44 1234 5678 9012 34', 'too_long'],
    ['++85512345678', 'invalid'],
    ['012 345 678 +1', 'invalid'],
  ])('rejects %j (%s)', (raw, reason) => {
    expect(value(raw)).toBe(`!${reason}`);
  });

  it('finds calling codes as a prefix code', () => {
    expect(callingCodeOf('85512345678')).toBe('855');
    expect(callingCodeOf('12025550123')).toBe('1');
    expect(callingCodeOf('442079460958')).toBe('44');
    expect(callingCodeOf('999')).toBeNull();
  });
});
