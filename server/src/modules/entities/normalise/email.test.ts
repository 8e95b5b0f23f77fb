import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './email.ts';

const value = (raw: string) => {
  const r = normaliseEmail(raw);
  return r.ok ? r.value : `!${r.reason}`;
};

describe('normaliseEmail', () => {
  it('trims, lower-cases and strips mailto: and angle brackets', () => {
    expect(value('  Some.One@Gmail.COM ')).toBe('some.one@gmail.com');
    expect(value('mailto:A@B.CO')).toBe('a@b.co');
    expect(value('<Bob@Example.org>')).toBe('bob@example.org');
  });

  it('stores IDN domains as punycode so both spellings are one entity', () => {
    expect(value('user@Bücher.example')).toBe('user@xn--bcher-kva.example');
    expect(value('user@xn--bcher-kva.example.')).toBe('user@xn--bcher-kva.example');
    expect(value('សុខ@ភ្នំពេញ.com')).toBe('សុខ@xn--r2etjc6s2a6f.com');
  });

  it('maps full-width characters (pasted from phones) to ASCII', () => {
    expect(value('ＡＢＣ＠ｇｍａｉｌ．ｃｏｍ')).toBe('abc@gmail.com');
  });

  it('keeps provider-specific forms apart (no Gmail dot or +tag folding)', () => {
    expect(value('a.b+tag@gmail.com')).toBe('a.b+tag@gmail.com');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['plainaddress', 'invalid'],
    ['a@b', 'invalid'],
    ['x@@y.com', 'invalid'],
    ['a b@c.com', 'invalid'],
    ['.a@c.com', 'invalid'],
    ['a..b@c.com', 'invalid'],
    ['a@-c.com', 'invalid'],
    ['a@c.123', 'invalid'],
    ['a@[1.2.3.4]', 'invalid'],
    ['"quoted"@c.com', 'invalid'],
    [`${'a'.repeat(65)}@c.com`, 'too_long'],
    ['a@'.concat('b'.repeat(5000), '.com'), 'too_long'],
  ])('rejects %j (%s)', (raw, reason) => {
    expect(value(raw)).toBe(`!${reason}`);
  });
});
