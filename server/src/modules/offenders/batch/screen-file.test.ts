import { describe, expect, it } from 'vitest';
import type { TravellerRecord, WatchlistEntry } from '../matching/types.ts';
import { fileMatcher } from './batch.service.ts';
import { csvRow, type HitRow, MemorySink } from './csv-out.ts';
import { screenArrivals, screenArrivalsParallel, startOutputs } from './screen-file.ts';

/**
 * The arrivals loop on worker threads must write the same hits and rejects files, in the same
 * order, as the single-thread loop — including rows that share an id and bad rows in between.
 */
const FAMILY = ['Sok', 'Chan', 'Smith', 'Ivanov', 'Kim', 'Nguyen', 'Martin', 'Keo'];
const GIVEN = ['Dara', 'John', 'Sergei', 'Minjun', 'Anh', 'Paul', 'Sophea', 'Vanna'];
const entries: WatchlistEntry[] = Array.from({ length: 200 }, (_, i) => ({
  id: `W${i}`,
  full_name: `${GIVEN[i % 8]} ${GIVEN[(i >> 3) % 8]} ${FAMILY[(i * 7) % 8]}`,
  dob: `${1950 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
  nationality: ['KH', 'GB', 'RU', 'KR'][i % 4],
}));
const { screener } = fileMatcher(entries, { hit: 0.9, review: 0.8 });

function arrivalsCsv(): string {
  let text = 'id,full_name,dob,nationality\n';
  entries.forEach((e, i) => {
    // The listed person misspelt; a stranger; every 10th a line that is rejected; and a row that
    // reuses the previous id (ids in an airline file are not always unique).
    text += csvRow([`A${i}`, e.full_name!.replace('a', 'e'), e.dob!, e.nationality!]);
    text += csvRow([`S${i}`, 'Zebulon Quartermaine', '1977-07-07', 'FR']);
    if (i % 10 === 0) text += csvRow([`B${i}`, '', 'not-a-date', 'KH']);
    if (i % 7 === 0) text += csvRow([`A${i}`, e.full_name!, e.dob!, e.nationality!]);
  });
  return text;
}

async function* chunked(text: string): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
}

async function single() {
  const out = { hits: new MemorySink(), rejects: new MemorySink() };
  await startOutputs(out);
  const { match } = fileMatcher(entries, { hit: 0.9, review: 0.8 });
  const summary = await screenArrivals(chunked(arrivalsCsv()), match, out, { fileLabel: 'a.csv' });
  return { summary, hits: out.hits.text(), rejects: out.rejects.text() };
}

describe('screenArrivalsParallel', () => {
  it('writes the same files and summary as screenArrivals, on 2 workers with small chunks', async () => {
    const expected = await single();
    expect(expected.summary.pairs).toBeGreaterThan(150);
    expect(expected.summary.rejectedLines).toBe(20);
    const out = { hits: new MemorySink(), rejects: new MemorySink() };
    await startOutputs(out);
    const seen: Array<[string, number]> = [];
    const summary = await screenArrivalsParallel(chunked(arrivalsCsv()), screener, out, {
      fileLabel: 'a.csv',
      workers: 2,
      chunkSize: 7,
      onMatched: (record: TravellerRecord, pairs: HitRow[]) => seen.push([record.id, pairs.length]),
    });
    expect(summary).toEqual(expected.summary);
    expect(out.hits.text()).toBe(expected.hits);
    expect(out.rejects.text()).toBe(expected.rejects);
    // Every screened record is reported once, in input order, with its own pairs.
    expect(seen).toHaveLength(summary.screened);
    expect(seen.filter(([id]) => id === 'S3')).toEqual([['S3', 0]]);
    expect(seen.reduce((n, [, p]) => n + p, 0)).toBe(summary.pairs);
    expect(seen.filter(([id]) => id === 'A7').map(([, p]) => p > 0)).toEqual([true, true]);
  }, 60_000);

  it('keeps the rejects of the reading (bad UTF-8, a quote never closed) in line order with the rows', async () => {
    const text = arrivalsCsv();
    const bytes = Buffer.concat([
      Buffer.from(text.slice(0, 3000)),
      Buffer.from('\nX1,M\xfcller Latin1,1970,FR\nX2,"Open quote,1970,FR\n', 'latin1'),
      Buffer.from(text.slice(3000).replace(/^[^\n]*\n/, '')),
    ]);
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
    }
    const one = { hits: new MemorySink(), rejects: new MemorySink() };
    await startOutputs(one);
    const { match } = fileMatcher(entries, { hit: 0.9, review: 0.8 });
    const expected = await screenArrivals(source(), match, one, { fileLabel: 'a.csv' });
    expect(one.rejects.text()).toContain('not valid UTF-8');
    expect(one.rejects.text()).toContain('a quote opened on this line');
    const two = { hits: new MemorySink(), rejects: new MemorySink() };
    await startOutputs(two);
    const summary = await screenArrivalsParallel(source(), screener, two, {
      fileLabel: 'a.csv',
      workers: 2,
      chunkSize: 5,
    });
    expect(summary).toEqual(expected);
    expect(two.rejects.text()).toBe(one.rejects.text());
    expect(two.hits.text()).toBe(one.hits.text());
  }, 60_000);

  it('screens on the calling thread with workers: 1 and gives the same hits', async () => {
    const expected = await single();
    const out = { hits: new MemorySink(), rejects: new MemorySink() };
    await startOutputs(out);
    await screenArrivalsParallel(chunked(arrivalsCsv()), screener, out, { fileLabel: 'a.csv', workers: 1 });
    expect(out.hits.text()).toBe(expected.hits);
  });
});
