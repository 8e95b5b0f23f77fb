/**
 * Writes the generated travellers of bench/screening.ts as an arrivals CSV file, and their ground
 * truth (true hits only) as JSON beside it, in a child process: the million records generated leave
 * their garbage in this process's heap, not in the benchmark's, whose peak RSS is measured.
 *
 *   node --import tsx bench/_screening-arrivals.ts <entries> <travellers> <hits> <seed> <csv path>
 *
 * Prints `{ cpuMs, bytes }` on stdout. The truth goes to `<csv path>.truth.json`.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { csvRow } from '../server/src/modules/offenders/batch/csv-out.ts';
import { ARRIVAL_COLUMNS } from '../server/src/modules/offenders/batch/subject.ts';
import { generateTravellers, generateWatchlist, type Truth } from './generators/travellers.ts';

const [entries, travellers, hits, seed, path] = process.argv.slice(2);
const watchlist = generateWatchlist(Number(entries), Number(seed));
const truth: Array<[string, Truth]> = [];
const fd = openSync(path!, 'w');
let bytes = 0;
let lines: string[] = [csvRow(ARRIVAL_COLUMNS)];
const flush = (): void => {
  const text = lines.join('');
  bytes += Buffer.byteLength(text);
  writeSync(fd, text);
  lines = [];
};
for (const { record, truth: t } of generateTravellers(
  watchlist,
  Number(travellers),
  Number(hits),
  Number(seed) + 1,
)) {
  if (t.entryId) truth.push([record.id, t]);
  lines.push(csvRow(ARRIVAL_COLUMNS.map((c) => (record as unknown as Record<string, string>)[c] ?? '')));
  if (lines.length >= 5000) flush();
}
flush();
closeSync(fd);
writeFileSync(`${path}.truth.json`, JSON.stringify(truth));
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ cpuMs: Math.round((cpu.user + cpu.system) / 1000), bytes }));
