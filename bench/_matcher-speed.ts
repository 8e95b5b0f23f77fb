/**
 * Matcher speed and quality on the synthetic set (issue 6, PERFORMANCE.md §1), for tuning the
 * matcher itself (the official benchmark is bench/screening.ts):
 *
 *   npx tsx bench/_matcher-speed.ts [--entries 100000] [--travellers 20000] [--hits 300] [--seed 6]
 *                                   [--workers 0] [--phases] [--out results/x.json]
 *
 * Prints the build time, records/s on one thread (wall and CPU time: the machine is shared), the
 * time per phase (prepare / candidates / scoring) with candidate counts when `--phases`, and with
 * `--workers N` the same records through `screenBatchParallel` on N worker threads. Quality: recall
 * (review or hit) on true hits, on altered names, exact passports as hits, false alerts per 1,000
 * innocent travellers, and reasons on every match.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { preparePerson } from '../server/src/modules/offenders/matching/person.ts';
import { Screener, type ScreeningMatch } from '../server/src/modules/offenders/matching/screen.ts';
import type { TravellerRecord } from '../server/src/modules/offenders/matching/types.ts';
import { generateTravellers, generateWatchlist, type Truth } from './generators/travellers.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: '100000' },
    travellers: { type: 'string', default: '20000' },
    hits: { type: 'string', default: '300' },
    seed: { type: 'string', default: '6' },
    workers: { type: 'string', default: '0' },
    phases: { type: 'boolean', default: false },
    'skip-single': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const nEntries = Number(args.entries);
const nTravellers = Number(args.travellers);
const nHits = Number(args.hits);
const seed = Number(args.seed);
const workers = Number(args.workers);
const mib = (b: number): number => Math.round(b / 1048576);
const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

const t0 = performance.now();
const watchlist = generateWatchlist(nEntries, seed);
const entries = watchlist.map((w) => w.entry);
const records: TravellerRecord[] = [];
const truths: Truth[] = [];
for (const { record, truth } of generateTravellers(watchlist, nTravellers, nHits, seed + 1)) {
  records.push(record);
  truths.push(truth);
}
const t1 = performance.now();
const c1 = process.cpuUsage();
const screener = Screener.build(entries);
const buildCpuMs = cpuMs(process.cpuUsage(c1));
const t2 = performance.now();
console.log(
  `generated ${nEntries} entries + ${nTravellers} travellers in ${Math.round(t1 - t0)} ms; ` +
    `built in ${Math.round(t2 - t1)} ms wall / ${Math.round(buildCpuMs)} ms CPU`,
  screener.stats(),
);

/** Recall, false alerts and reasons of one run's matches (grouped by record). */
function quality(byRecord: Map<string, ScreeningMatch[]>): Record<string, unknown> {
  let hits = 0;
  let found = 0;
  let altered = 0;
  let alteredFound = 0;
  let passports = 0;
  let passportHits = 0;
  let innocents = 0;
  let falseAlerts = 0;
  let withoutReasons = 0;
  records.forEach((r, k) => {
    const matches = byRecord.get(r.id) ?? [];
    for (const m of matches) if (m.reasons.length === 0) withoutReasons++;
    const truth = truths[k]!;
    if (truth.entryId) {
      hits++;
      const m = matches.find((x) => x.watchlistId === truth.entryId);
      if (m) found++;
      if (truth.alteredName) {
        altered++;
        if (m) alteredFound++;
      }
      if (truth.mutations.includes('same_passport')) {
        passports++;
        if (m?.decision === 'hit') passportHits++;
      }
    } else {
      innocents++;
      if (matches.length > 0) falseAlerts++;
    }
  });
  return {
    trueHits: hits,
    recall: r4(found / Math.max(1, hits)),
    altered,
    recallAltered: r4(alteredFound / Math.max(1, altered)),
    exactPassportHits: `${passportHits}/${passports}`,
    falseAlertsPer1000: Math.round((falseAlerts / Math.max(1, innocents)) * 1e6) / 1e3,
    matchesWithoutReasons: withoutReasons,
  };
}

function group(matches: Iterable<ScreeningMatch>): Map<string, ScreeningMatch[]> {
  const out = new Map<string, ScreeningMatch[]>();
  for (const m of matches) {
    const list = out.get(m.inputId);
    if (list) list.push(m);
    else out.set(m.inputId, [m]);
  }
  return out;
}

const result: Record<string, unknown> = {
  date: new Date().toISOString(),
  entries: nEntries,
  travellers: nTravellers,
  buildMsWall: Math.round(t2 - t1),
  buildMsCpu: Math.round(buildCpuMs),
  index: screener.stats(),
  heapAfterBuildMiB: mib(process.memoryUsage().heapUsed),
};

if (!args['skip-single']) {
  const all: ScreeningMatch[] = [];
  const s = performance.now();
  const c = process.cpuUsage();
  for (const r of records) for (const m of screener.check(r)) all.push(m);
  const cpu = cpuMs(process.cpuUsage(c));
  const wall = performance.now() - s;
  result.singleThread = {
    recordsPerSecondWall: Math.round(nTravellers / (wall / 1000)),
    recordsPerCpuSecond: Math.round(nTravellers / (cpu / 1000)),
    ...quality(group(all)),
  };
  console.log('single thread', result.singleThread);
}

if (args.phases) {
  // Time per phase on the same records (second pass: caches are warm as they are in a long batch).
  let prepareMs = 0;
  let candidatesMs = 0;
  let totalCandidates = 0;
  let maxCandidates = 0;
  const counts: number[] = [];
  const s = performance.now();
  for (const r of records) {
    const a = performance.now();
    const p = preparePerson(r);
    const b = performance.now();
    const ids = screener.candidates(p);
    const c = performance.now();
    prepareMs += b - a;
    candidatesMs += c - b;
    totalCandidates += ids.length;
    counts.push(ids.length);
    if (ids.length > maxCandidates) maxCandidates = ids.length;
  }
  const s2 = performance.now();
  for (const r of records) screener.check(r);
  const checkMs = performance.now() - s2;
  counts.sort((x, y) => x - y);
  result.phases = {
    prepareUsPerRecord: Math.round((prepareMs * 1000) / nTravellers),
    candidatesUsPerRecord: Math.round((candidatesMs * 1000) / nTravellers),
    scoringUsPerRecord: Math.round(((checkMs - prepareMs - candidatesMs) * 1000) / nTravellers),
    checkUsPerRecord: Math.round((checkMs * 1000) / nTravellers),
    candidatesMean: Math.round((totalCandidates / nTravellers) * 10) / 10,
    candidatesMedian: counts[counts.length >> 1],
    candidatesP99: counts[Math.floor(counts.length * 0.99)],
    candidatesMax: maxCandidates,
    wallMs: Math.round(s2 - s),
  };
  console.log('phases', result.phases);
}

if (workers > 0) {
  // Imported here so that the script also measures the matcher before the parallel batch existed.
  const { screenBatchParallel } = await import('../server/src/modules/offenders/matching/screen.ts');
  const all: ScreeningMatch[] = [];
  const s = performance.now();
  const c = process.cpuUsage(); // the whole process: workers included
  let firstMs = 0;
  for await (const m of screenBatchParallel(screener, records, { workers })) {
    if (firstMs === 0) firstMs = performance.now() - s;
    all.push(m);
  }
  const wall = performance.now() - s;
  const cpu = cpuMs(process.cpuUsage(c));
  result.parallel = {
    workers,
    recordsPerSecondWall: Math.round(nTravellers / (wall / 1000)),
    wallMs: Math.round(wall),
    /** Start-up (snapshot, workers reading it) is in there: time to the first match. */
    firstMatchMs: Math.round(firstMs),
    cpuMsAllThreads: Math.round(cpu),
    recordsPerCpuSecondAllThreads: Math.round(nTravellers / (cpu / 1000)),
    ...quality(group(all)),
  };
  console.log('parallel', result.parallel);
}

result.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
result.loadAverage = os.loadavg().map((x) => Math.round(x * 10) / 10);
console.log(`peak RSS ${result.peakRssMiB} MiB, load ${result.loadAverage}`);
if (args.out) writeFileSync(join(here, args.out), `${JSON.stringify(result, null, 2)}\n`);
