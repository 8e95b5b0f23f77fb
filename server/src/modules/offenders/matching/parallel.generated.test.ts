import { describe, expect, it } from 'vitest';
import { generateTravellers, generateWatchlist } from '../../../../../bench/generators/travellers.ts';
import { clearSimilarityCache } from './name-similarity.ts';
import { Screener, type ScreeningMatch, screenBatchParallel, screenRecords } from './screen.ts';
import type { TravellerRecord } from './types.ts';

/**
 * Worker threads and the main thread must give the same rows for the same inputs, whatever records
 * were screened before (a memo keyed by too little once made 2 of 876 pairs differ at 150,000
 * travellers). Generated list and travellers in every script of the generator, Khmer included.
 */
const watchlist = generateWatchlist(3_000, 41);
const screener = Screener.build(watchlist.map((w) => w.entry));
const records: TravellerRecord[] = [...generateTravellers(watchlist, 6_000, 3_000, 42)].map((t) => t.record);

const byInput = (rows: ScreeningMatch[]) =>
  [...rows].sort((a, b) => (a.inputId < b.inputId ? -1 : a.inputId > b.inputId ? 1 : 0));

describe('screening results do not depend on order or thread', () => {
  clearSimilarityCache();
  const forward = [...screenRecords(screener, records)];

  it('finds the planted hits (the comparison below is not between two empty lists)', () => {
    expect(new Set(forward.map((m) => m.inputId)).size).toBeGreaterThan(500);
  });

  it('gives every row the same when the records come in reverse order on a cold memo', () => {
    clearSimilarityCache();
    const reversed = [...screenRecords(screener, [...records].reverse())];
    expect(byInput(reversed)).toEqual(byInput(forward));
  });

  it('gives every row the same on two worker threads as on the main thread', async () => {
    const parallel: ScreeningMatch[] = [];
    for await (const m of screenBatchParallel(screener, records, { workers: 2, chunkSize: 97 }))
      parallel.push(m);
    expect(parallel.length).toBe(forward.length);
    for (const [i, m] of parallel.entries()) expect(m, `row ${i} (${m.inputId})`).toEqual(forward[i]);
  }, 120_000);
});
