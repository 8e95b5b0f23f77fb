import { describe, expect, it } from 'vitest';
import { isEmptyValue, isOverShareThreshold, stopListReason } from './stoplist.ts';

describe('isEmptyValue', () => {
  it.each([
    '',
    '  ',
    'n/a',
    'N/A',
    'unknown',
    'Unknown',
    '-',
    '--',
    '?',
    '0000000000',
    'xxxx',
    'none',
    'មិនដឹង',
  ])('%j means nothing', (raw) => {
    expect(isEmptyValue(raw)).toBe(true);
  });
  it.each(['bob', '012 345 678', 'ab', 'Phnom Penh'])('%j is a value', (raw) => {
    expect(isEmptyValue(raw)).toBe(false);
  });
});

describe('stopListReason', () => {
  it.each([
    ['email', 'test@test.com', 'placeholder_email'],
    ['email', 'noemail@gmail.com', 'placeholder_email'],
    ['email', 'someone@example.com', 'placeholder_email'],
    ['email', 'someone@example.co.uk', 'placeholder_email'],
    ['email', 'someone@mail.test', 'placeholder_email'],
    ['email', 'none@none.com', 'placeholder_email'],
    ['email', 'real.person@gmail.com', null],
    ['phone', '+85500000000', 'placeholder_phone'],
    ['phone', '+85512345678', 'placeholder_phone'],
    ['phone', '+85511111111', 'placeholder_phone'],
    ['phone', '+85510000000', 'placeholder_phone'],
    ['phone', '+85512837465', null],
    ['ip', '192.168.1.1', 'non_public_ip'],
    ['ip', '10.0.0.1', 'non_public_ip'],
    ['ip', '100.64.1.1', 'non_public_ip'],
    ['ip', '127.0.0.1', 'non_public_ip'],
    ['ip', 'fe80::1', 'non_public_ip'],
    ['ip', '203.0.113.5', 'non_public_ip'],
    ['ip', '8.8.8.8', null],
    ['ip', '1.1.1.1', null],
    ['device', 'imei:000000000000000', 'placeholder_device'],
    ['device', 'adid:00000000-0000-0000-0000-000000000000', 'placeholder_device'],
    ['device', 'mac:00:00:00:00:00:00', 'placeholder_device'],
    ['device', 'imei:352099001761481', null],
    ['username', 'telegram:unknown', 'placeholder_username'],
    ['username', 'unknown:anonymous', 'placeholder_username'],
    ['username', 'telegram:someone', null],
    ['url', 'https://example.com/x', 'example_url'],
    ['url', 'http://localhost/x', 'example_url'],
    ['url', 'http://192.168.1.1/admin', 'example_url'],
    ['url', 'https://some.site/x', null],
    ['passport', 'KH:000000', 'empty_value'],
    ['passport', 'KH:N0123456', null],
    ['name', 'unknown', 'empty_value'],
    ['name', 'Sok Dara', null],
  ] as const)('%s %j → %s', (kind, value, reason) => {
    expect(stopListReason(kind, value)).toBe(reason);
  });
});

describe('placeholders that are not even valid', () => {
  it('never become identifiers', async () => {
    const { normaliseEmail } = await import('./email.ts');
    expect(normaliseEmail('none@none').ok).toBe(false);
    expect(normaliseEmail('n/a').ok).toBe(false);
  });
});

describe('isOverShareThreshold', () => {
  it('fires only above the share, and only with enough tips', () => {
    expect(isOverShareThreshold(11, 1000, 0.01)).toBe(true);
    expect(isOverShareThreshold(10, 1000, 0.01)).toBe(false);
    expect(isOverShareThreshold(2, 10, 0.01)).toBe(false);
    expect(isOverShareThreshold(2, 10, 0.01, 0)).toBe(true);
    expect(isOverShareThreshold(0, 0, 0.5, 0)).toBe(false);
    expect(isOverShareThreshold(1000, 1000, 1)).toBe(false);
  });

  it('refuses nonsense arguments', () => {
    expect(() => isOverShareThreshold(-1, 10, 0.1)).toThrow(RangeError);
    expect(() => isOverShareThreshold(1.5, 10, 0.1)).toThrow(RangeError);
    expect(() => isOverShareThreshold(11, 10, 0.1)).toThrow(RangeError);
    expect(() => isOverShareThreshold(1, 10, 0)).toThrow(RangeError);
    expect(() => isOverShareThreshold(1, 10, 1.5)).toThrow(RangeError);
    expect(() => isOverShareThreshold(1, 10, Number.NaN)).toThrow(RangeError);
  });
});
