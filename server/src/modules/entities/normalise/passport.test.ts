import { describe, expect, it } from 'vitest';
import { resolveCountry } from './countries.ts';
import { nameKey, normaliseName } from './name.ts';
import { normalisePassport } from './passport.ts';

const value = (input: string | { country: string; number: string }) => {
  const r = normalisePassport(input);
  return r.ok ? r.value : `!${r.reason}`;
};

describe('resolveCountry', () => {
  it.each([
    ['KH', 'KH'],
    ['kh', 'KH'],
    ['KHM', 'KH'],
    ['Cambodia', 'KH'],
    ['Kampuchea', 'KH'],
    ['United States of America', 'US'],
    ['USA', 'US'],
    ['American', 'US'],
    ['British', 'GB'],
    ['UK', 'GB'],
    ['GBD', 'GB'],
    ['D', 'DE'],
    ['Viet Nam', 'VN'],
    ['South Korea', 'KR'],
    ['Laos', 'LA'],
    ['Türkiye', 'TR'],
    ['Narnia', null],
    ['ZZ', null],
    ['', null],
  ])('%j → %s', (input, alpha2) => {
    expect(resolveCountry(input)).toBe(alpha2);
  });
});

describe('normalisePassport', () => {
  it('is country + number, number upper-cased without separators', () => {
    expect(value({ country: 'Cambodia', number: 'n 012-3456' })).toBe('KH:N0123456');
    expect(value({ country: 'KHM', number: 'N0123456' })).toBe('KH:N0123456');
    expect(value('British:123 456 789')).toBe('GB:123456789');
    expect(value('D:C01X00T47<<')).toBe('DE:C01X00T47');
    expect(value('KH:N0123456')).toBe('KH:N0123456');
  });

  it.each([
    ['N0123456', 'invalid'],
    ['Narnia:123456', 'unsupported'],
    [':123456', 'empty'],
    ['KH:12', 'too_short'],
    ['KH:N01234567890123456789', 'too_long'],
    ['KH:N0123_456', 'invalid'],
  ])('rejects %j (%s)', (input, reason) => {
    expect(value(input)).toBe(`!${reason}`);
  });
});

describe('normaliseName', () => {
  it('applies NFKC, removes invisible characters, collapses spaces and keeps the script', () => {
    expect(normaliseName('  សុខ\u200B  ដារា  ')).toEqual({ ok: true, value: 'សុខ ដារា' });
    expect(normaliseName('ＪＯＨＮ   Smith')).toEqual({ ok: true, value: 'JOHN Smith' });
    expect(normaliseName('Іван Петров')).toEqual({ ok: true, value: 'Іван Петров' });
    expect(normaliseName('a\u200Cb')).toEqual({ ok: true, value: 'a\u200Cb' });
    expect(nameKey('JOHN Smith')).toBe('john smith');
  });

  it('rejects values without a letter', () => {
    expect(normaliseName('12345').ok).toBe(false);
    expect(normaliseName('   ').ok).toBe(false);
  });
});
