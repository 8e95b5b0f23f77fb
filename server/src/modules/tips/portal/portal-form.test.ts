import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FormValues,
  isValidWhen,
  parseMessage,
  parseReceiptCode,
  parseReportForm,
} from './portal-form.ts';
import { parseFormBody } from './portal-http.ts';
import { generateReceiptCode, LOCATOR_DIGITS, receiptLocator } from './portal-receipt.ts';
import { reportPage } from './portal-report-page.ts';

const NOW = new Date('2026-11-28T08:00:00Z');
const valid: FormValues = { what: 'A foreign man takes children from the village to his guesthouse.' };

function errorsOf(values: FormValues) {
  const result = parseReportForm({ ...valid, ...values }, NOW);
  return result.ok ? {} : result.errors;
}

describe('parseReportForm', () => {
  it('accepts a report with only the narrative', () => {
    const result = parseReportForm(valid, NOW);
    expect(result).toMatchObject({
      ok: true,
      value: { narrative: valid.what, province: null, suspect: null, identifiers: [], imminentDanger: false },
    });
  });

  it('turns every field into the tip shape, identifiers normalised and tagged as the suspect', () => {
    const result = parseReportForm(
      {
        what: '  He meets children near the market.\r\nEvery Sunday.  ',
        danger: 'yes',
        province: 'KH-18',
        place: 'Otres beach',
        when: '2026-11',
        child_age: '10-12',
        nationality: 'Australian, British',
        languages: 'English',
        suspect_name: 'Bob',
        suspect_description: 'About 60, grey beard',
        urls: 'https://example.org/profile/bob\n\n',
        username_1: '@Bob_Travel',
        platform_1: 'telegram',
        phones: '+855 12 345 678',
        emails: 'Bob.Traveller@Example.org',
        contact: 'call me on +855 99 999 999',
      },
      NOW,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const v = result.value;
    expect(v.narrative).toBe('He meets children near the market.\nEvery Sunday.');
    expect(v).toMatchObject({
      imminentDanger: true,
      province: 'KH-18',
      place: 'Otres beach',
      occurredAt: '2026-11',
      childAgeMin: 10,
      childAgeMax: 12,
      reporterContact: 'call me on +855 99 999 999',
      suspect: { nationalities: ['Australian', 'British'], languages: ['English'], names: ['Bob'] },
    });
    expect(v.identifiers.map((i) => [i.kind, i.role])).toEqual([
      ['url', 'suspect'],
      ['phone', 'suspect'],
      ['email', 'suspect'],
      ['username', 'suspect'],
    ]);
    expect(v.identifiers.find((i) => i.kind === 'username')?.value).toBe('telegram:bob_travel');
    expect(v.identifiers.find((i) => i.kind === 'phone')?.value).toBe('+85512345678');
    expect(v.rawIdentifiers).toHaveLength(4);
  });

  it('names the field of each problem', () => {
    expect(errorsOf({ what: '' })).toEqual({ what: { key: 'errRequired' } });
    expect(errorsOf({ what: 'too short' })).toEqual({ what: { key: 'errTooShort', params: { min: 10 } } });
    expect(errorsOf({ what: 'x'.repeat(8001) })).toEqual({
      what: { key: 'errTooLong', params: { max: 8000 } },
    });
    expect(errorsOf({ province: 'KH-99' })).toEqual({ province: { key: 'errProvince' } });
    expect(errorsOf({ place: 'p'.repeat(301) })).toEqual({
      place: { key: 'errTooLong', params: { max: 300 } },
    });
    expect(errorsOf({ when: 'yesterday' })).toEqual({ when: { key: 'errWhen' } });
    expect(errorsOf({ child_age: '3' })).toEqual({ child_age: { key: 'errChildAge' } });
    expect(errorsOf({ nationality: 'a,b,c,d,e,f' })).toEqual({
      nationality: { key: 'errTooMany', params: { max: 5 } },
    });
    expect(errorsOf({ suspect_description: 'd'.repeat(2001) })).toEqual({
      suspect_description: { key: 'errTooLong', params: { max: 2000 } },
    });
    expect(errorsOf({ contact: 'c'.repeat(501) })).toEqual({
      contact: { key: 'errTooLong', params: { max: 500 } },
    });
  });

  it('names the line of an identifier it cannot read', () => {
    expect(errorsOf({ phones: '+855 12 345 678\nnot a phone' })).toEqual({
      phones: { key: 'errLine', params: { line: 2 }, line: 2 },
    });
    expect(errorsOf({ emails: 'nobody-at-all' })).toEqual({
      emails: { key: 'errLine', params: { line: 1 }, line: 1 },
    });
    expect(errorsOf({ urls: 'not a url at all' })).toEqual({
      urls: { key: 'errLine', params: { line: 1 }, line: 1 },
    });
    expect(errorsOf({ urls: Array.from({ length: 11 }, (_, i) => `https://e${i}.org`).join('\n') })).toEqual({
      urls: { key: 'errTooMany', params: { max: 10 } },
    });
  });

  it('asks for the platform of a username, and ignores a platform without a username', () => {
    expect(errorsOf({ username_2: 'bob' })).toEqual({ platform_2: { key: 'errPlatform' } });
    expect(errorsOf({ username_2: 'bob', platform_2: 'myspace' })).toEqual({
      platform_2: { key: 'errPlatform' },
    });
    expect(errorsOf({ platform_3: 'telegram' })).toEqual({});
    const other = parseReportForm({ ...valid, username_1: 'bob', platform_1: 'other' }, NOW);
    expect(other.ok && other.value.identifiers[0]?.value).toBe('unknown:bob');
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(errorsOf({ what: '', province: 'x', when: '3000', child_age: 'x' })).sort()).toEqual([
      'child_age',
      'province',
      'what',
      'when',
    ]);
  });
});

describe('isValidWhen', () => {
  it('takes a year, a month or a day that exists, from 1990 and not in the future', () => {
    for (const ok of ['2026', '2026-11', '2026-11-28', '1990-01-01', '2024-02-29'])
      expect(isValidWhen(ok, NOW), ok).toBe(true);
    for (const bad of ['2027', '2026-12-25', '1989', '2026-13', '2025-02-29', '2026-11-31', '26-11-2026', ''])
      expect(isValidWhen(bad, NOW), bad).toBe(false);
  });
});

describe('receipt codes', () => {
  it('reads 16 digits with spaces, dashes or Khmer digits', () => {
    expect(parseReceiptCode('1234 5678-9012 3456')).toBe('1234567890123456');
    expect(parseReceiptCode('១២៣៤៥៦៧៨៩០១២៣៤៥៦')).toBe('1234567890123456');
    expect(parseReceiptCode('123456789012345')).toBeNull();
    expect(parseReceiptCode('12345678901234567')).toBeNull();
    expect(parseReceiptCode('1234abcd90123456')).toBeNull();
    expect(parseReceiptCode(undefined)).toBeNull();
  });

  it('draws 16 random digits with a 6-digit locator', () => {
    const codes = new Set(Array.from({ length: 200 }, generateReceiptCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^\d{16}$/);
    expect(receiptLocator('1234567890123456')).toBe('123456');
    expect(LOCATOR_DIGITS).toBe(6);
    // Leading zeros survive (a number would drop them).
    const firstDigits = new Set([...codes].map((c) => c[0]));
    expect(firstDigits.size).toBeGreaterThan(5);
  });
});

describe('parseMessage and the form body', () => {
  it('requires a message of at most 4,000 characters', () => {
    expect(parseMessage('  ')).toEqual({ ok: false, errors: { message: { key: 'errRequired' } } });
    expect(parseMessage('m'.repeat(4001))).toEqual({
      ok: false,
      errors: { message: { key: 'errTooLong', params: { max: 4000 } } },
    });
    expect(parseMessage(' He left for Siem Reap. ')).toEqual({ ok: true, value: 'He left for Siem Reap.' });
  });

  it('parses url-encoded bodies: first value wins, Khmer decoded, too many names cut off', () => {
    expect(parseFormBody('what=%E1%9E%80%E1%9E%BB%E1%9E%98%E1%9E%B6%E1%9E%9A&what=second&a+b=c+d')).toEqual({
      what: 'កុមារ',
      'a b': 'c d',
    });
    const many = Array.from({ length: 500 }, (_, i) => `f${i}=x`).join('&');
    expect(Object.keys(parseFormBody(many))).toHaveLength(100);
    expect(parseFormBody(`${'n'.repeat(65)}=x`)).toEqual({});
  });
});

describe('any input (property)', () => {
  const names = [
    'what',
    'province',
    'place',
    'when',
    'child_age',
    'nationality',
    'languages',
    'urls',
    'phones',
    'emails',
    'username_1',
    'platform_1',
    'contact',
    'danger',
  ];

  it('never throws, and every typed value is shown back escaped', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), fc.string({ unit: 'binary', maxLength: 300 })),
        (dict) => {
          const values = Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, `${v}<zz"`]));
          const result = parseReportForm(values, NOW);
          const page = reportPage({
            lang: 'en',
            stylesheet: '/s.css',
            token: 't',
            values,
            errors: result.ok ? {} : result.errors,
          });
          expect(page).not.toContain('<zz');
          expect(page).not.toContain('zz"');
        },
      ),
      { numRuns: 100 },
    );
  });
});
