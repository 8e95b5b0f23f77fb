import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preparePerson } from './person.ts';
import { Screener, type ScreeningMatch, screenBatch, screenRecords } from './screen.ts';
import type { TravellerRecord, WatchlistEntry } from './types.ts';

const entries: WatchlistEntry[] = [
  { id: 'W1', full_name: 'SOK Dara', dob: '1980-03-12', nationality: 'KH', gender: 'M' },
  {
    id: 'W2',
    full_name: 'John Michael Smith',
    aliases: 'Johnny Smith|J. M. Smith',
    dob: '1965',
    nationality: 'GBR',
  },
  { id: 'W3', full_name: 'Иванов Сергей Петрович', dob: '1970-05-04', nationality: 'Russia' },
  { id: 'W4', full_name: '王小明', dob: '1975-01-02', passport_country: 'CHN', passport_number: 'E12345678' },
  { id: 'W5', full_name: 'សុខ ដារ៉ា', dob: '1990-12-01' },
  { id: 'W6', passport_country: 'FR', passport_number: '18AB12345' },
  { id: 'W7', full_name: 'Kim Minjun', aliases: '김민준', dob: '1988-07-21', nationality: 'KR' },
];
const screener = Screener.build(entries);

async function* slowly(records: TravellerRecord[]): AsyncGenerator<TravellerRecord> {
  for (const r of records) {
    await Promise.resolve();
    yield r;
  }
}

describe('Screener', () => {
  it('finds each kind of true hit with the right entry first', () => {
    const cases: Array<[TravellerRecord, string]> = [
      [{ id: 'a', full_name: 'Dara Sok', dob: '1980-12-03', nationality: 'Cambodia' }, 'W1'],
      [
        { id: 'b', given_name: 'John', family_name: 'Smith', dob: '1965-07-01', nationality: 'British' },
        'W2',
      ],
      [{ id: 'c', full_name: 'Sergei Ivanov', dob: '1970-04-05', nationality: 'RUS' }, 'W3'],
      [{ id: 'd', full_name: 'WANG, Xiao-Ming', dob: '1975-01-03' }, 'W4'],
      [{ id: 'e', full_name: 'SOKH Dara', dob: '1990-12-01' }, 'W5'],
      [{ id: 'f', full_name: 'Anyone', passport_country: 'France', passport_number: '18 AB 12345' }, 'W6'],
      [{ id: 'g', full_name: 'Minjun Kim', dob: '1988-07-21' }, 'W7'],
    ];
    for (const [record, id] of cases) {
      const matches = screener.check(record);
      expect(matches[0]?.watchlistId, JSON.stringify(record)).toBe(id);
      expect(matches[0]?.inputId).toBe(record.id);
    }
  });

  it('clears innocent travellers', () => {
    for (const r of [
      { id: 'x', full_name: 'Dara Sok', dob: '1955-01-01' },
      { id: 'y', full_name: 'Maria Gonzalez', dob: '1980-03-12' },
      { id: 'z', full_name: '' },
    ]) {
      expect(screener.check(r)).toEqual([]);
    }
  });

  it('reports its size', () => {
    expect(screener.stats()).toMatchObject({ entries: entries.length });
    expect(screener.stats().indexBytes).toBeGreaterThan(0);
  });
});

describe('screenBatch', () => {
  it('streams records (sync or async) and yields matches in input order', async () => {
    const records: TravellerRecord[] = [
      { id: '1', full_name: 'Kim Minjun', dob: '1988-07-21' },
      { id: '2', full_name: 'Nobody Special', dob: '2000-01-01' },
      { id: '3', full_name: 'SOK, Dara', dob: '1980-03-12' },
    ];
    const fromEntries: ScreeningMatch[] = [];
    for await (const m of screenBatch(entries, slowly(records))) fromEntries.push(m);
    expect(fromEntries.map((m) => `${m.inputId}:${m.watchlistId}:${m.decision}`)).toEqual([
      '1:W7:hit',
      '3:W1:hit',
    ]);
    const fromScreener: ScreeningMatch[] = [];
    for await (const m of screenBatch(screener, records)) fromScreener.push(m);
    expect(fromScreener).toEqual(fromEntries);
    expect([...screenRecords(screener, records)]).toEqual(fromEntries);
  });

  it('takes thresholds from the options', async () => {
    const out: ScreeningMatch[] = [];
    for await (const m of screenBatch(entries, [{ id: '1', full_name: 'Dara Sok' }], {
      thresholds: { review: 0.95 },
    })) {
      out.push(m);
    }
    expect(out).toEqual([]);
  });

  it('gives every reported pair a score in 0..1 and readable reasons, and loses nothing to the index', () => {
    const names = [
      'Dara Sok',
      'Sok Dara',
      'SOK, Dara',
      'John Smith',
      'Smith John',
      'Sergey Ivanov',
      'Xiaoming Wang',
      'Minjun Kim',
      'Jon Smyth',
    ];
    const dates = [
      '1980-03-12',
      '1980-12-03',
      '1965',
      '1970-05-04',
      '1975-01-02',
      '1988-07-21',
      '',
      '1990-12-01',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.constantFrom(...dates),
        fc.constantFrom('', 'KH', 'GB', 'M'),
        (name, dob, extra) => {
          const record: TravellerRecord = {
            id: 'r',
            full_name: name,
            dob,
            nationality: extra === 'M' ? '' : extra,
            gender: extra === 'M' ? 'M' : '',
          };
          const indexed = screener.check(record);
          for (const m of indexed) {
            expect(m.score).toBeGreaterThanOrEqual(0);
            expect(m.score).toBeLessThanOrEqual(1);
            expect(m.decision).not.toBe('no_hit');
            expect(m.reasons.some((r) => r.field === 'name' || r.field === 'passport')).toBe(true);
            for (const r of m.reasons) expect(r.detail).toMatch(new RegExp(`^${r.field}: `));
          }
          expect(indexed.map((m) => m.watchlistId)).toEqual(
            screener.checkAll(record).map((m) => m.watchlistId),
          );
        },
      ),
      { numRuns: 150, seed: 6 },
    );
  });

  it('looks only at entries born a year around the record (and of unknown year), unless review is low', () => {
    // The same name in many years: only the neighbours of the record's year can reach review.
    const list: WatchlistEntry[] = Array.from({ length: 60 }, (_, i) => ({
      id: `Y${1950 + i}`,
      full_name: 'Sophal KONG',
      dob: `${1950 + i}-12-31`,
    }));
    list.push(
      { id: 'Ynone', full_name: 'Sophal KONG' },
      { id: 'Ypartial', full_name: 'Sophal KONG', dob: '1981' },
    );
    const s = Screener.build(list);
    const record = { id: 'r', full_name: 'KONG Sophal', dob: '1981-01-01' };
    const proposed = s.candidates(preparePerson(record)).map((n) => s.entries[n]!.id);
    expect(proposed.sort()).toEqual(['Y1980', 'Y1981', 'Y1982', 'Ynone', 'Ypartial']);
    // One day apart across New Year is found, and it agrees with the brute force.
    expect(s.check(record).map((m) => m.watchlistId)).toEqual(s.checkAll(record).map((m) => m.watchlistId));
    expect(s.check(record).map((m) => m.watchlistId)).toContain('Y1980');
    // With review at 0.5 a conflicting date no longer rules an entry out: every year is proposed.
    const low = Screener.build(list, { thresholds: { review: 0.5 } });
    expect(low.candidates(preparePerson(record))).toHaveLength(62);
    expect(low.check(record).map((m) => m.watchlistId)).toContain('Y1950');
  });
});
