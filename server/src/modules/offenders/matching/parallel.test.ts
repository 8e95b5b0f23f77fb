import { describe, expect, it } from 'vitest';
import { Screener, type ScreeningMatch, screenBatchParallel, screenRecords } from './screen.ts';
import type { TravellerRecord, WatchlistEntry } from './types.ts';

// A list with people born in many years (the index numbers entries by year) and repeated names.
const FAMILY = ['Sok', 'Chan', 'Smith', 'Ivanov', 'Kim', 'Nguyen', 'Martin', 'Keo'];
const GIVEN = ['Dara', 'John', 'Sergei', 'Minjun', 'Anh', 'Paul', 'Sophea', 'Vanna'];
const entries: WatchlistEntry[] = Array.from({ length: 400 }, (_, i) => ({
  id: `W${String(i).padStart(4, '0')}`,
  full_name: `${GIVEN[i % 8]} ${GIVEN[(i >> 3) % 8]} ${FAMILY[(i * 7) % 8]}`,
  dob: i % 10 === 0 ? '' : `${1950 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
  nationality: ['KH', 'GB', 'RU', 'KR'][i % 4],
  ...(i % 5 === 0 ? { passport_country: 'KH', passport_number: `N${1000 + i}` } : {}),
}));
const screener = Screener.build(entries);
const records: TravellerRecord[] = entries.flatMap((e, i) => [
  // The same person, misspelt, in the other name order, a day off; and a stranger.
  {
    id: `T${i}a`,
    full_name: e.full_name!.split(' ').reverse().join(' ').replace('a', 'e'),
    dob: e.dob ? e.dob.replace(/-1(\d)$/, (_, d) => `-1${(Number(d) + 1) % 10}`) : undefined,
  },
  { id: `T${i}b`, full_name: 'Zebulon Quartermaine', dob: '1977-07-07' },
  ...(i % 5 === 0 ? [{ id: `T${i}c`, passport_country: 'KHM', passport_number: `N${1000 + i}` }] : []),
]);

async function all(source: AsyncIterable<ScreeningMatch>): Promise<ScreeningMatch[]> {
  const out: ScreeningMatch[] = [];
  for await (const m of source) out.push(m);
  return out;
}

describe('screenBatchParallel', () => {
  const expected = [...screenRecords(screener, records)];

  it('finds true hits in a list of many birth years (the year filter of the index)', () => {
    const found = records.filter((r) => r.id.endsWith('a') && expected.some((m) => m.inputId === r.id));
    expect(found.length).toBeGreaterThan(300);
    expect(expected.filter((m) => m.inputId.endsWith('c')).every((m) => m.decision === 'hit')).toBe(true);
  });

  it('yields the same matches in the same order on two worker threads as on one', async () => {
    const parallel = await all(screenBatchParallel(screener, records, { workers: 2, chunkSize: 7 }));
    expect(parallel.length).toBe(expected.length);
    expect(parallel).toEqual(expected);
  }, 60_000);

  it('reads async record streams, builds from entries and stops its workers when the caller stops', async () => {
    async function* stream(): AsyncGenerator<TravellerRecord> {
      for (const r of records.slice(0, 50)) yield r;
    }
    const parallel = await all(screenBatchParallel(entries, stream(), { workers: 2, chunkSize: 4 }));
    expect(parallel).toEqual(expected.filter((m) => records.slice(0, 50).some((r) => r.id === m.inputId)));
    let closed = false;
    async function* endless(): AsyncGenerator<TravellerRecord> {
      try {
        for (let i = 0; ; i++) yield records[i % records.length]!;
      } finally {
        closed = true;
      }
    }
    const first = screenBatchParallel(screener, endless(), { workers: 2 });
    const step = await first.next();
    expect(step.done).toBe(false);
    await first.return(undefined);
    expect(closed).toBe(true);
  }, 60_000);

  it('runs on the calling thread with one worker', async () => {
    expect(await all(screenBatchParallel(screener, records, { workers: 1 }))).toEqual(expected);
  });
});
