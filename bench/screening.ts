/**
 * Batch screening benchmark (PERFORMANCE.md §1, issue 6 item 7).
 *
 *   npm run bench -- screening [--entries 100000] [--travellers 1000000] [--hits 3000] [--seed 6]
 *                              [--budget-s 170] [--workers 2] [--skip-names] [--out results/screening.json]
 *   smoke: npm run bench -- screening --entries 5000 --travellers 20000 --hits 100 --skip-names
 *
 * 1. Generates the watchlist and the travellers (bench/generators/travellers.ts: several scripts;
 *    true hits mutated by typos, word swaps, `SURNAME, Given`, transliteration, DOB shifts and swaps,
 *    missing DOB; exact passports), writes the travellers to an arrivals CSV file in the temp
 *    directory (before the clock starts: the generator is the benchmark's, not the batch's; its time
 *    is reported apart), then streams that file through the real batch path
 *    (server/src/modules/offenders/batch: decoding, CSV parsing, row checks, matcher, hits CSV)
 *    and measures recall (all; altered names), false alerts per 1,000 innocent travellers, records/s
 *    (end to end, and matcher CPU only), peak RSS.
 *    When the screening would overrun `--budget-s` (the whole benchmark must stay under 5 minutes)
 *    it stops there, says so, and extrapolates the time for the full count linearly (cost is linear
 *    in records: the same per-record work). True hits are 0.3% of the travellers by default so that
 *    a run stopped at the budget still measures recall on a few hundred of them.
 *    Figures per CPU second are printed beside wall-clock ones: the machine is shared, and under load
 *    the wall clock measures the neighbours. CPU time of the CSV stage includes garbage collection
 *    caused by the matcher (V8 collects wherever allocation happens to trigger it).
 *    Then the same stream again on `--workers` threads (screenArrivalsParallel, as `karpear screen
 *    --workers N`), with its own budget: records/s wall and per CPU second (all threads), recall and
 *    false alerts (they must equal the single-thread ones on the same records). Peak RSS is the
 *    process's, so it covers both runs (the workers' copies of the list included); the parallel run
 *    also reports its own peak (RSS sampled every 100 ms after a full collection), the footprint
 *    of `karpear screen --workers N`.
 * 2. Brute-force baseline: the same scorer over every entry of a 2,000-entry sample, scaled to the
 *    list size.
 * 3. Precision / recall / F1 on the labelled sets in ../shared/data/names (bench/screening-quality.ts,
 *    run as a child with --skip-synthetic).
 * Writes bench/results/screening.json (and screening-names.json from step 3).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  fileMatcher,
  type HitRow,
  screenArrivals,
  screenArrivalsParallel,
} from '../server/src/modules/offenders/batch/index.ts';
import type { TravellerRecord } from '../server/src/modules/offenders/matching/types.ts';
import { arrivalsReader, bruteForceRecordsPerCpuSecond } from './_screening-parts.ts';
import { generateWatchlist, type Truth } from './generators/travellers.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: '100000' },
    travellers: { type: 'string', default: '1000000' },
    hits: { type: 'string', default: '3000' },
    seed: { type: 'string', default: '6' },
    'budget-s': { type: 'string', default: '170' },
    'skip-names': { type: 'boolean', default: false },
    workers: { type: 'string', default: '2' },
    out: { type: 'string', default: 'results/screening.json' },
  },
});

const nEntries = Number(args.entries);
const nTravellers = Number(args.travellers);
const nHits = Number(args.hits);
const seed = Number(args.seed);
const budgetMs = Number(args['budget-s']) * 1000;
const mib = (bytes: number): number => Math.round(bytes / 1048576);
const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;
const log = (s: string) => process.stderr.write(`${s}\n`);

// 1. The list.
const loadAtStart = os.loadavg().map((x) => Math.round(x * 10) / 10);
const t0 = performance.now();
const watchlist = generateWatchlist(nEntries, seed);
const entries = watchlist.map((w) => w.entry);
const t1 = performance.now();
log(`watchlist: ${nEntries} entries generated in ${Math.round(t1 - t0)} ms; building the index…`);
const { match, screener } = fileMatcher(entries, { hit: 0.9, review: 0.8 });
const t2 = performance.now();
log(`index built in ${Math.round(t2 - t1)} ms (${JSON.stringify(screener.stats())})`);

// 2. The travellers as an arrivals CSV file, written before the clock starts (the batch reads a file
// on disk, as `karpear screen --input` does; the generator's CPU is reported apart), then streamed
// through the batch, stopped at the time budget.
const arrivalsPath = join(mkdtempSync(join(os.tmpdir(), 'karpear-bench-')), 'arrivals.csv');
const genStart = performance.now();
// In a child process (bench/_screening-arrivals.ts, the same seeds): its garbage stays out of this
// process's peak RSS. Its CPU time is its own report.
const child = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    join(here, '_screening-arrivals.ts'),
    String(nEntries),
    String(nTravellers),
    String(nHits),
    String(seed),
    arrivalsPath,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
if (child.status !== 0) throw new Error(`generating the arrivals file failed (exit ${child.status})`);
const generateCpuMs = (JSON.parse(child.stdout) as { cpuMs: number }).cpuMs;
const generateWallMs = performance.now() - genStart;
const truthById = new Map<string, Truth>(
  JSON.parse(readFileSync(`${arrivalsPath}.truth.json`, 'utf8')) as Array<[string, Truth]>,
);
const arrivalsBytes = statSync(arrivalsPath).size;
log(
  `arrivals file: ${nTravellers} travellers, ${mib(arrivalsBytes)} MiB, written in ${Math.round(generateWallMs)} ms`,
);

const { arrivalsCsv, progressLog } = arrivalsReader(arrivalsPath, arrivalsBytes, budgetMs, log);

const screenStart = performance.now();
const screenCpu0 = process.cpuUsage();
const singleInput = arrivalsCsv(screenStart, progressLog(screenStart));
let matchCpuMs = 0;
const found = new Map<string, HitRow[]>();
/** Every record's output rows on the main thread (sparse: records with pairs), to compare with the workers'. */
const singleRows = new Map<string, string>();
const rowDigest = (pairs: readonly HitRow[]): string =>
  pairs.map((p) => `${p.watchlistId} ${p.score} ${p.decision} ${p.reasons.join(';')}`).join('\n');
/** Position of a generated traveller in the stream (`T00000042` → 42). */
const positionOf = (id: string): number => Number(id.slice(1));
let innocentsAlerted = 0;
let innocentsHit = 0;
const timedMatch = (record: TravellerRecord, line: number) => {
  const c0 = process.cpuUsage();
  const pairs = match(record, line) as HitRow[];
  const c1 = process.cpuUsage(c0);
  matchCpuMs += (c1.user + c1.system) / 1000;
  if (pairs.length > 0) singleRows.set(record.id, rowDigest(pairs));
  if (truthById.has(record.id)) found.set(record.id, pairs);
  else if (pairs.length > 0) {
    innocentsAlerted++;
    if (pairs.some((p) => p.decision === 'hit')) innocentsHit++;
  }
  return pairs;
};
let hitsBytes = 0;
let rejects = '';
const summary = await screenArrivals(
  singleInput.chunks,
  timedMatch,
  {
    hits: {
      write: (s) => {
        hitsBytes += s.length;
      },
    },
    rejects: {
      write: (s) => {
        rejects += s;
      },
    },
  },
  { fileLabel: 'generated-arrivals.csv', progressEvery: 10_000 },
);
const screenMs = performance.now() - screenStart;
const stoppedByBudget = singleInput.stopped();
const screenCpu = process.cpuUsage(screenCpu0);
const screenCpuMs = (screenCpu.user + screenCpu.system) / 1000;
const singleThreadPeakRssMiB = mib(process.resourceUsage().maxRSS * 1024);

let trueHits = 0;
let recalled = 0;
let recalledAsHit = 0;
let altered = 0;
let alteredRecalled = 0;
let exactPassport = 0;
let exactPassportHit = 0;
for (const [id, truth] of truthById) {
  // A run stopped at the budget is judged on the records it screened.
  if (positionOf(id) > summary.screened) continue;
  trueHits++;
  const m = found.get(id)?.find((p) => p.watchlistId === truth.entryId);
  if (m) recalled++;
  if (m?.decision === 'hit') recalledAsHit++;
  if (truth.alteredName) {
    altered++;
    if (m) alteredRecalled++;
  }
  if (truth.mutations.includes('same_passport')) {
    exactPassport++;
    if (m?.decision === 'hit') exactPassportHit++;
  }
}
const innocents = summary.screened - trueHits;
const endToEnd = Math.round(summary.rows / (screenMs / 1000));
// The batch's own CPU: everything in the screening loop (the file was generated before).
const batchCpuMs = screenCpuMs;
const batchPerCpuSecond = Math.round(summary.rows / (batchCpuMs / 1000));
const matcherOnly = Math.round(summary.screened / (matchCpuMs / 1000));

// 2b. The same stream on worker threads (screenArrivalsParallel, as `karpear screen --workers N`),
// with its own time budget. Recall and false alerts are counted again: they must not move.
const nWorkers = Number(args.workers);
let parallel: Record<string, unknown> | null = null;
if (nWorkers > 1) {
  log(`parallel: ${nWorkers} workers…`);
  // The single-thread run's garbage out of the way first (a full collection), then the process's RSS
  // sampled during this run: `karpear screen --workers` runs only this, so its footprint is this
  // run's peak; the process-wide high-water mark (peakRssMiB) also holds the single-thread run's heap.
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  let pPeakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    pPeakRss = Math.max(pPeakRss, process.memoryUsage().rss);
  }, 100);
  const pStart = performance.now();
  const pCpu0 = process.cpuUsage();
  const pInput = arrivalsCsv(pStart, progressLog(pStart));
  let pRecalled = 0;
  let pAlerted = 0;
  let pTrue = 0;
  // Rows compared with the single-thread run, for the records both runs screened.
  const comparedWithPairs = new Set<string>();
  const differing: string[] = [];
  const pSummary = await screenArrivalsParallel(
    pInput.chunks,
    screener,
    { hits: { write: () => {} }, rejects: { write: () => {} } },
    {
      fileLabel: 'generated-arrivals.csv',
      progressEvery: 10_000,
      workers: nWorkers,
      onMatched: (record, pairs) => {
        if (positionOf(record.id) <= summary.screened) {
          const single = singleRows.get(record.id) ?? '';
          if (single) comparedWithPairs.add(record.id);
          if (rowDigest(pairs) !== single && differing.length < 1000) differing.push(record.id);
        }
        const truth = truthById.get(record.id);
        if (truth) {
          pTrue++;
          if (pairs.some((p) => p.watchlistId === truth.entryId)) pRecalled++;
        } else if (pairs.length > 0) pAlerted++;
      },
    },
  );
  const pMs = performance.now() - pStart;
  clearInterval(sampler);
  // Records with pairs on the main thread that the workers never reported (within both runs' range).
  const bothScreened = Math.min(summary.screened, pSummary.screened);
  for (const id of singleRows.keys())
    if (positionOf(id) <= bothScreened && !comparedWithPairs.has(id) && !differing.includes(id))
      differing.push(id);
  // CPU of the whole process, worker threads included (process.cpuUsage counts every thread).
  const pCpu = process.cpuUsage(pCpu0);
  const pBatchCpuMs = (pCpu.user + pCpu.system) / 1000;
  const pStopped = pInput.stopped();
  const pEndToEnd = Math.round(pSummary.rows / (pMs / 1000));
  parallel = {
    workers: nWorkers,
    travellersScreened: pSummary.screened,
    recordsComparedWithSingleThread: bothScreened,
    recordsWhoseRowsDiffer: differing.length,
    differingRecordSamples: differing.slice(0, 10),
    stoppedByTimeBudget: pStopped,
    screenWallMs: Math.round(pMs),
    recordsPerSecondEndToEnd: pEndToEnd,
    batchCpuMs: Math.round(pBatchCpuMs),
    batchRecordsPerCpuSecond: Math.round(pSummary.rows / (pBatchCpuMs / 1000)),
    speedupWallOverSingleThread: Math.round((pEndToEnd / Math.max(1, endToEnd)) * 100) / 100,
    extrapolatedFullRunSeconds: Math.round(nTravellers / Math.max(1, pEndToEnd)),
    recallReviewOrHit: r4(pRecalled / Math.max(1, pTrue)),
    trueHits: pTrue,
    falseAlertsPer1000: Math.round((pAlerted / Math.max(1, pSummary.screened - pTrue)) * 1e6) / 1e3,
    pairsInHitsFile: pSummary.pairs,
    peakRssMiBSoFar: mib(process.resourceUsage().maxRSS * 1024),
    peakRssMiBDuringThisRun: mib(pPeakRss),
  };
  log(`parallel: ${JSON.stringify(parallel)}`);
}

// 3. Brute force on a 2,000-entry sample, scaled to the list size.
const bruteRecordsPerCpuSecond = bruteForceRecordsPerCpuSecond(watchlist, 2000, seed + 2);

const result: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverageAtStart: loadAtStart,
  entries: nEntries,
  travellersAsked: nTravellers,
  travellersScreened: summary.screened,
  stoppedByTimeBudget: stoppedByBudget,
  rejectedLines: summary.rejectedLines,
  quality: {
    trueHits,
    recallReviewOrHit: r4(recalled / Math.max(1, trueHits)),
    recallHitOnly: r4(recalledAsHit / Math.max(1, trueHits)),
    alteredNames: altered,
    recallAlteredNames: r4(alteredRecalled / Math.max(1, altered)),
    exactPassportHits: `${exactPassportHit}/${exactPassport}`,
    innocents,
    falseAlertsPer1000: Math.round((innocentsAlerted / Math.max(1, innocents)) * 1e6) / 1e3,
    falseHitsPer1000: Math.round((innocentsHit / Math.max(1, innocents)) * 1e6) / 1e3,
    pairsInHitsFile: summary.pairs,
    hitsFileBytes: hitsBytes,
  },
  speed: {
    generateListMs: Math.round(t1 - t0),
    buildIndexMs: Math.round(t2 - t1),
    screenWallMs: Math.round(screenMs),
    recordsPerSecondEndToEnd: endToEnd,
    generateArrivalsFileWallMs: Math.round(generateWallMs),
    generateArrivalsFileCpuMs: Math.round(generateCpuMs),
    arrivalsFileMiB: mib(arrivalsBytes),
    batchCpuMs: Math.round(batchCpuMs),
    batchRecordsPerCpuSecond: batchPerCpuSecond,
    csvAndChecksCpuMs: Math.round(batchCpuMs - matchCpuMs),
    matcherRecordsPerCpuSecond: matcherOnly,
    bruteForceRecordsPerCpuSecondScaled: bruteRecordsPerCpuSecond,
    speedupOverBruteForce: Math.round(matcherOnly / Math.max(1, bruteRecordsPerCpuSecond)),
    extrapolatedFullRunSeconds: Math.round(nTravellers / Math.max(1, endToEnd)),
    extrapolatedFullRunCpuSecondsWithoutGenerator: Math.round(nTravellers / Math.max(1, batchPerCpuSecond)),
    targetRecordsPerSecond: 16_000,
  },
  parallel,
  peakRssMiBSingleThread: singleThreadPeakRssMiB,
  peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
  loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 10) / 10),
  note: stoppedByBudget
    ? `screening stopped at the ${args['budget-s']} s budget after ${summary.screened} of ${nTravellers} travellers; the full run is extrapolated linearly (extrapolatedFullRunSeconds)`
    : 'full run',
};
if (rejects.split('\n').length > 2) result.unexpectedRejects = rejects.split('\n').slice(1, 6);

// 4. P/R/F1 on the labelled name sets (the quality bench, without its synthetic part).
if (!args['skip-names']) {
  log('names: running bench/screening-quality.ts --skip-synthetic…');
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(here, 'screening-quality.ts'),
      '--skip-synthetic',
      '--out',
      'results/screening-names.json',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (run.status === 0) {
    const names = JSON.parse(readFileSync(join(here, 'results/screening-names.json'), 'utf8'));
    result.names = {
      splinkFake1000: names.splinkFake1000,
      senzingTruthset: names.senzingTruthset,
      transliterationTokensAt085: Object.fromEntries(
        Object.entries((names.transliterationTokens ?? {}) as Record<string, Record<string, unknown>>).map(
          ([k, v]) => [k, v['at0.85']],
        ),
      ),
    };
  } else result.names = { error: `screening-quality exited ${run.status}` };
}

rmSync(dirname(arrivalsPath), { recursive: true, force: true });
const out = join(here, args.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`written ${out}`);
