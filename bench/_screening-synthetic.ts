/**
 * The synthetic part of bench/screening-quality.ts: a generated watchlist and travellers
 * (bench/generators/travellers.ts) screened through the candidate index, with recall, false alerts,
 * speed (wall and CPU time), memory and the brute-force baseline on a 2,000-entry sample, scaled.
 */
import os from 'node:os';
import { Screener, type ScreenOptions } from '../server/src/modules/offenders/matching/screen.ts';
import type { TravellerRecord } from '../server/src/modules/offenders/matching/types.ts';
import { generateTravellers, generateWatchlist } from './generators/travellers.ts';

const mib = (bytes: number): number => Math.round(bytes / 1048576);

export function synthetic(
  nEntries: number,
  nTravellers: number,
  nHits: number,
  seed: number,
  options: ScreenOptions = {},
): { result: Record<string, unknown>; screener: Screener } {
  const t0 = performance.now();
  const watchlist = generateWatchlist(nEntries, seed);
  const t1 = performance.now();
  const screener = Screener.build(
    watchlist.map((w) => w.entry),
    options,
  );
  const t2 = performance.now();
  const heapAfterBuild = process.memoryUsage();
  let hitsTotal = 0;
  let found = 0;
  let foundAsHit = 0;
  let altered = 0;
  let alteredFound = 0;
  let innocents = 0;
  let falseAlerts = 0;
  let falseHits = 0;
  let exactPassport = 0;
  let exactPassportHit = 0;
  let pairs = 0;
  const missed: Array<{ record: TravellerRecord; entryId: string; mutations: string[] }> = [];
  const falseAlertSamples: Array<{
    record: TravellerRecord;
    watchlistId: string;
    score: number;
    reasons: string[];
  }> = [];
  const sample: TravellerRecord[] = [];
  let screenMs = 0;
  let screenCpuMs = 0;
  const falseAlertByDob: Record<string, number> = {};
  const falseAlertByKind: Record<string, number> = {};
  for (const { record, truth } of generateTravellers(watchlist, nTravellers, nHits, seed + 1)) {
    if (sample.length < 500) sample.push(record);
    const s = performance.now();
    const c0 = process.cpuUsage();
    const matches = screener.check(record);
    const c1 = process.cpuUsage(c0);
    screenCpuMs += (c1.user + c1.system) / 1000;
    screenMs += performance.now() - s;
    pairs += matches.length;
    if (truth.entryId) {
      hitsTotal++;
      const m = matches.find((x) => x.watchlistId === truth.entryId);
      if (m) found++;
      if (m?.decision === 'hit') foundAsHit++;
      if (truth.alteredName) {
        altered++;
        if (m) alteredFound++;
      }
      if (truth.mutations.includes('same_passport')) {
        exactPassport++;
        if (m?.decision === 'hit') exactPassportHit++;
      }
      if (!m && missed.length < 15)
        missed.push({ record, entryId: truth.entryId, mutations: truth.mutations });
    } else {
      innocents++;
      if (matches.length > 0) {
        falseAlerts++;
        const how = matches[0]!.reasons.find((r) => r.field === 'dob')?.how ?? 'none';
        falseAlertByDob[how] = (falseAlertByDob[how] ?? 0) + 1;
        // What kinds of pairs make the false alerts (name how / dob how / nationality how).
        const kind = ['name', 'dob', 'nationality']
          .map((f) => matches[0]!.reasons.find((r) => r.field === f)?.how ?? '-')
          .join(' / ');
        falseAlertByKind[kind] = (falseAlertByKind[kind] ?? 0) + 1;
        // Keep the 40 highest-scoring false alerts (the ones tuning must explain first).
        falseAlertSamples.push({
          record,
          watchlistId: matches[0]!.watchlistId,
          score: matches[0]!.score,
          reasons: matches[0]!.reasons.map((r) => r.detail),
        });
        if (falseAlertSamples.length > 40) {
          falseAlertSamples.sort((a, b) => b.score - a.score);
          falseAlertSamples.length = 40;
        }
      }
      if (matches.some((x) => x.decision === 'hit')) falseHits++;
    }
  }
  const recordsPerSecond = Math.round(nTravellers / (screenMs / 1000));
  const recordsPerCpuSecond = Math.round(nTravellers / (screenCpuMs / 1000));
  // Brute-force baseline: the same scorer over every entry of a 2,000-entry sample, scaled to the list.
  const sampleSize = Math.min(2000, nEntries);
  const small = Screener.build(
    watchlist.slice(0, sampleSize).map((w) => w.entry),
    options,
  );
  const b0 = process.cpuUsage();
  for (const r of sample) small.checkAll(r);
  const b1 = process.cpuUsage(b0);
  const perRecordSample = (b1.user + b1.system) / 1000 / sample.length;
  const bruteRecordsPerCpuSecond = Math.round(1000 / (perRecordSample * (nEntries / sampleSize)));
  const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;
  falseAlertSamples.sort((a, b) => b.score - a.score);
  const result = {
    entries: nEntries,
    travellers: nTravellers,
    trueHits: hitsTotal,
    recallReviewOrHit: r4(found / hitsTotal),
    recallHitOnly: r4(foundAsHit / hitsTotal),
    alteredNames: altered,
    recallAlteredNames: r4(alteredFound / Math.max(1, altered)),
    exactPassportHits: `${exactPassportHit}/${exactPassport}`,
    innocents,
    falseAlertsPer1000: Math.round((falseAlerts / innocents) * 1e6) / 1e3,
    falseHitsPer1000: Math.round((falseHits / innocents) * 1e6) / 1e3,
    falseAlertsByDobComparison: falseAlertByDob,
    falseAlertsByKind: Object.fromEntries(Object.entries(falseAlertByKind).sort((a, b) => b[1] - a[1])),
    pairsOut: pairs,
    generateMs: Math.round(t1 - t0),
    buildMs: Math.round(t2 - t1),
    screenMs: Math.round(screenMs),
    screenCpuMs: Math.round(screenCpuMs),
    recordsPerSecondWall: recordsPerSecond,
    recordsPerCpuSecond,
    bruteForceRecordsPerCpuSecondScaled: bruteRecordsPerCpuSecond,
    speedupOverBruteForce: Math.round(recordsPerCpuSecond / Math.max(1, bruteRecordsPerCpuSecond)),
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 10) / 10),
    index: screener.stats(),
    heapUsedAfterBuildMiB: mib(heapAfterBuild.heapUsed),
    rssAfterBuildMiB: mib(heapAfterBuild.rss),
    missedSamples: missed,
    falseAlertSamples,
  };
  return { result, screener };
}
