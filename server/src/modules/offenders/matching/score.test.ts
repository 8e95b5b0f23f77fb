import { describe, expect, it } from 'vitest';
import { normaliseCountries, normaliseCountry } from './country.ts';
import { normalisePassport } from './passport.ts';
import { preparePerson } from './person.ts';
import { scorePair } from './score.ts';
import { type TravellerRecord, type WatchlistEntry, withDefaults } from './types.ts';

const entry: WatchlistEntry = {
  id: 'W1',
  full_name: 'SOK Dara',
  aliases: 'Dara Sokh|សុខ ដារ៉ា',
  dob: '1980-03-12',
  gender: 'M',
  nationality: 'KHM',
  passport_country: 'KHM',
  passport_number: 'N0123-4567',
};
const options = withDefaults();
const score = (r: Partial<TravellerRecord>, e: WatchlistEntry = entry, o = options) =>
  scorePair(preparePerson({ id: 'T1', ...r }), preparePerson(e, 'entry'), o);

describe('countries and passports', () => {
  it.each([
    ['KH', 'KH'],
    ['khm', 'KH'],
    ['Cambodia', 'KH'],
    ['Kingdom of Cambodia', 'KH'],
    ['cambodian', 'KH'],
    ['United States of America', 'US'],
    ['Viet Nam', 'VN'],
    ['GBR', 'GB'],
    ['D', 'DE'],
    ['Atlantis', null],
    ['', null],
  ])('%j → %j', (raw, code) => {
    expect(normaliseCountry(raw)).toBe(code);
  });
  it('splits several nationalities', () => {
    expect(normaliseCountries('KH|France')).toEqual(['KH', 'FR']);
  });
  it('normalises passport numbers', () => {
    expect(normalisePassport('khm', ' n0123-4567 ')).toEqual({ country: 'KH', number: 'N01234567' });
    expect(normalisePassport('KH', '12')).toBeNull();
  });
});

describe('scorePair', () => {
  it('always makes an exact passport (country + number) a hit, whatever the rest', () => {
    const r = score({
      full_name: 'Someone Else',
      dob: '1950-01-01',
      passport_country: 'Cambodia',
      passport_number: 'n01234567',
    });
    expect(r?.decision).toBe('hit');
    expect(r?.score).toBe(1);
    expect(r?.reasons[0]).toMatchObject({ field: 'passport', how: 'exact' });
    expect(r?.reasons[0]?.detail).toBe('passport: same number N01234567 issued by Cambodia');
  });

  it('does not treat the same number from another country as the same passport', () => {
    const r = score({ full_name: 'Someone Else', passport_country: 'FR', passport_number: 'N01234567' });
    expect(r).toBeNull();
  });

  it('hits a swapped name with day and month swapped, with reasons for each field', () => {
    const r = score({ full_name: 'Dara Sok', dob: '1980-12-03', nationality: 'Cambodia', gender: 'male' });
    expect(r?.decision).toBe('hit');
    expect(r?.reasons.map((x) => `${x.field}:${x.how}`)).toEqual([
      'name:reordered',
      'dob:day_month_swapped',
      'nationality:same',
    ]);
    expect(r?.reasons.find((x) => x.field === 'dob')?.detail).toBe(
      'dob: day and month swapped (1980-12-03 / 1980-03-12)',
    );
  });

  it('finds a record written in Khmer script', () => {
    expect(score({ full_name: 'សុខ ដារ៉ា', dob: '1980-03-12' })?.decision).toBe('hit');
  });

  it('alerts on a name without date of birth, more surely when the name is exact', () => {
    expect(score({ full_name: 'Sok Dara' })?.decision).toBe('hit');
    expect(score({ full_name: 'Sok Dsra', nationality: 'KH' })?.decision).toBe('review');
  });

  it('clears the same name with a different date of birth', () => {
    expect(score({ full_name: 'Sok Dara', dob: '1991-07-25' })?.decision ?? 'no_hit').toBe('no_hit');
  });

  it('lowers the score for a different gender and nationality', () => {
    const same = score({ full_name: 'Sok Dara', dob: '1980-03-13' })!;
    const other = score({ full_name: 'Sok Dara', dob: '1980-03-13', gender: 'F', nationality: 'FR' })!;
    expect(other.score).toBeLessThan(same.score);
    expect(other.reasons.map((x) => x.field)).toEqual(['name', 'dob', 'nationality', 'gender']);
  });

  it('costs a different nationality more when the date of birth is close but not the same', () => {
    const e: WatchlistEntry = {
      id: 'W2',
      full_name: 'Hassan Saeed Mahmoud',
      dob: '1980-03-12',
      nationality: 'LB',
    };
    const exactDate = score({ full_name: 'Saeed Hassan Mahmoud', dob: '1980-03-12', nationality: 'JO' }, e)!;
    const noDate = score({ full_name: 'Saeed Hassan Mahmoud', nationality: 'JO' }, e)!;
    const closeDate = score({ full_name: 'Saeed Hassan Mahmoud', dob: '1980-12-03', nationality: 'JO' }, e)!;
    expect(exactDate.decision).toBe('hit'); // 1 + 0.06 − 0.1
    expect(noDate.decision).toBe('review'); // a second passport: still looked at (1 − 0.08 − 0.1)
    // Day and month swapped and another country: 1 + 0.02 − 0.15.
    expect(closeDate.score).toBeCloseTo(0.87, 3);
  });

  it('uses configurable thresholds', () => {
    const strict = withDefaults({ thresholds: { hit: 0.999, review: 0.99 } });
    expect(score({ full_name: 'Darah Sok', dob: '1980-03-13' })?.decision).toBe('hit');
    expect(score({ full_name: 'Darah Sok', dob: '1980-03-13' }, entry, strict)?.decision).toBe('no_hit');
  });

  it('adds weight, not certainty, to the same number with a country missing', () => {
    const r = score({ full_name: 'Sok Dara', passport_number: 'N01234567' })!;
    expect(r.reasons[0]).toMatchObject({ field: 'passport', how: 'number_only' });
    expect(r.decision).toBe('hit');
  });
});

describe('common partial names', () => {
  // Ten entries share the words 'Tep' and 'Kosal' (with a third word each): the two words alone
  // do not single out anyone.
  const list: WatchlistEntry[] = [
    'Sokha',
    'Dara',
    'Vanna',
    'Rith',
    'Sophal',
    'Nary',
    'Visal',
    'Chenda',
    'Bora',
    'Samnang',
  ].map((third, i) => ({
    id: `E${i}`,
    full_name: `TEP ${third} Kosal`,
    dob: `19${60 + i}-04-25`,
    nationality: 'KH',
  }));
  const prepared = list.map((e) => preparePerson(e, 'entry'));
  const frequency = {
    size: 1000,
    entriesWith: (latin: string) =>
      prepared.filter((p) => p.names.some((n) => n.tokens.some((t) => t.latin === latin))).length * 10,
  };
  const check = (r: Partial<TravellerRecord>, f = frequency) =>
    scorePair(preparePerson({ id: 'T', nationality: 'KH', ...r }), prepared[0]!, options, f);

  it('doubts a missing part whose matching words are common when the date is only close', () => {
    const close = check({ full_name: 'TEP Kosal', dob: '1960-04-26' });
    const rare = check({ full_name: 'TEP Kosal', dob: '1960-04-26' }, { size: 1000, entriesWith: () => 1 });
    expect(rare?.decision).toBe('hit');
    expect(close!.score).toBeCloseTo(rare!.score - 0.2, 3);
    expect(close!.decision).toBe('no_hit');
    expect(close!.reasons.map((r) => r.how)).toContain('common_partial');
  });

  it('leaves an exact or a missing date, and a full name, alone', () => {
    expect(check({ full_name: 'TEP Kosal', dob: '1960-04-25' })!.reasons.map((r) => r.how)).not.toContain(
      'common_partial',
    );
    expect(check({ full_name: 'TEP Kosal' })!.reasons.map((r) => r.how)).not.toContain('common_partial');
    expect(
      check({ full_name: 'TEP Sokha Kosal', dob: '1960-04-26' })!.reasons.map((r) => r.how),
    ).not.toContain('common_partial');
  });
});
