/**
 * Screening quality and speed (issue 6, PERFORMANCE.md §1).
 *
 *   npx tsx bench/screening-quality.ts [--entries 10000] [--travellers 100000] [--hits 300] [--seed 6]
 *                                      [--skip-dev] [--skip-synthetic] [--out results/x.json] [--max-posting N]
 *                                      [--workers 2]   (also measures the batch on N worker threads)
 *
 * 1. Precision / recall / F1 on the labelled development sets in ../shared/data/names/.
 * 2. A generated watchlist and travellers (bench/generators/travellers.ts): recall (all, altered names),
 *    false alerts per 1,000 innocent travellers, records/s, peak memory, and the brute-force baseline
 *    (the same scorer over every entry of a 2,000-entry sample, scaled to the list size).
 * Writes bench/results/screening-quality.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tokenSimilarity } from '../server/src/modules/offenders/matching/name-similarity.ts';
import { makeToken, normaliseName } from '../server/src/modules/offenders/matching/normalise.ts';
import { Screener } from '../server/src/modules/offenders/matching/screen.ts';
import { detectScript } from '../server/src/modules/offenders/matching/scripts.ts';
import type { WatchlistEntry } from '../server/src/modules/offenders/matching/types.ts';
import { screenInParallel } from './_screening-parallel.ts';
import { synthetic } from './_screening-synthetic.ts';
import { createRng } from './generators/travellers.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.KARPEAR_NAMES_DATA ?? join(here, '../../shared/data/names');
const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: '10000' },
    travellers: { type: 'string', default: '100000' },
    hits: { type: 'string', default: '300' },
    seed: { type: 'string', default: '6' },
    'skip-dev': { type: 'boolean', default: false },
    'skip-synthetic': { type: 'boolean', default: false },
    out: { type: 'string', default: 'results/screening-quality.json' },
    'max-posting': { type: 'string' },
    workers: { type: 'string', default: '0' },
  },
});

interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}
function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 1;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number): number => Math.round(x * 10_000) / 10_000;
  return { tp, fp, fn, precision: r(precision), recall: r(recall), f1: r(f1) };
}

/** Minimal CSV reader for the development files (quoted fields, no embedded newlines needed). */
function readCsv(path: string): Array<Record<string, string>> {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter(Boolean);
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        out.push(cur);
        cur = '';
      } else cur += c;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i], v])));
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}~${b}` : `${b}~${a}`);

/** Screen every record against all others (self excluded): predicted pairs at review or above. */
function selfScreen(records: WatchlistEntry[]): Set<string> {
  const screener = Screener.build(records);
  const found = new Set<string>();
  for (const r of records)
    for (const m of screener.check(r)) if (m.watchlistId !== r.id) found.add(pairKey(r.id, m.watchlistId));
  return found;
}

function splink(): Record<string, unknown> {
  const rows = readCsv(join(DATA, 'splink-fake1000/fake_1000.csv'));
  const records: WatchlistEntry[] = rows.map((r) => ({
    id: r.unique_id!,
    given_name: r.first_name,
    family_name: r.surname,
    dob: r.dob,
  }));
  const byId = new Map(records.map((r) => [r.id, r]));
  const cluster = new Map(rows.map((r) => [r.unique_id!, r.cluster!]));
  // (a) the 3,176 clerical pair labels, each scored directly.
  const screener = Screener.build(records);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const l of readCsv(join(DATA, 'splink-fake1000/fake_1000_labels.csv'))) {
    const truth = Number(l.clerical_match_score) >= 0.5;
    const found = screener.checkAll(byId.get(l.unique_id_l!)!).some((m) => m.watchlistId === l.unique_id_r);
    if (found && truth) tp++;
    else if (found) fp++;
    else if (truth) fn++;
  }
  // (b) screening every record against the others through the candidate index.
  const predicted = selfScreen(records);
  const truePairs = new Set<string>();
  for (const a of rows)
    for (const b of rows)
      if (a.unique_id! < b.unique_id! && a.cluster === b.cluster)
        truePairs.add(pairKey(a.unique_id!, b.unique_id!));
  let stp = 0;
  for (const p of predicted) if (truePairs.has(p)) stp++;
  void cluster;
  return { labelledPairs: prf(tp, fp, fn), screening: prf(stp, predicted.size - stp, truePairs.size - stp) };
}

function senzing(): Record<string, unknown> {
  const key = readCsv(join(DATA, 'senzing-truthset/actual_truthset_key.csv'));
  const records: WatchlistEntry[] = [];
  for (const file of ['customers', 'watchlist', 'reference']) {
    for (const r of readCsv(join(DATA, `senzing-truthset/${file}.csv`))) {
      if (r.RECORD_TYPE !== 'PERSON') continue;
      const given = [r.PRIMARY_NAME_FIRST, r.PRIMARY_NAME_MIDDLE].filter(Boolean).join(' ');
      records.push({
        id: `${r.DATA_SOURCE}:${r.RECORD_ID}`,
        full_name: r.PRIMARY_NAME_FULL || undefined,
        given_name: given || undefined,
        family_name: r.PRIMARY_NAME_LAST || undefined,
        aliases: r.NATIVE_NAME_FULL || undefined,
        dob: r.DATE_OF_BIRTH,
        gender: r.GENDER,
        passport_number: r.PASSPORT_NUMBER,
        passport_country: r.PASSPORT_COUNTRY,
      });
    }
  }
  const ids = new Set(records.map((r) => r.id));
  const clusters = new Map<string, string[]>();
  for (const k of key) {
    const id = `${k.DATA_SOURCE}:${k.RECORD_ID}`;
    if (!ids.has(id)) continue;
    clusters.set(k.CLUSTER_ID!, [...(clusters.get(k.CLUSTER_ID!) ?? []), id]);
  }
  const truePairs = new Set<string>();
  for (const members of clusters.values())
    for (const a of members) for (const b of members) if (a < b) truePairs.add(pairKey(a, b));
  const predicted = selfScreen(records);
  let tp = 0;
  for (const p of predicted) if (truePairs.has(p)) tp++;
  return {
    personRecords: records.length,
    truePairs: truePairs.size,
    screening: prf(tp, predicted.size - tp, truePairs.size - tp),
  };
}

function transliteration(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rng = createRng(2018);
  for (const name of ['russian', 'arabic', 'chinese', 'japanese', 'katakana', 'korean', 'hebrew']) {
    const rows = readFileSync(join(DATA, `transliteration/wd_${name}_20`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    const token = (text: string) => {
      const latin = normaliseName(text)
        .tokens.map((t) => t.latin)
        .join('');
      return makeToken(latin, detectScript(text), false);
    };
    const sample = Array.from({ length: 2000 }, () => rng.pick(rows));
    const thresholds = [0.8, 0.85, 0.9];
    const counts = thresholds.map(() => ({ tp: 0, fp: 0, fn: 0 }));
    for (const [lat, native] of sample) {
      const a = token(lat!);
      const pos = tokenSimilarity(a, token(native!.replace(/ /g, '')));
      const neg = tokenSimilarity(a, token(rng.pick(rows)[1]!.replace(/ /g, '')));
      thresholds.forEach((t, i) => {
        if (pos >= t) counts[i]!.tp++;
        else counts[i]!.fn++;
        if (neg >= t) counts[i]!.fp++;
      });
    }
    out[name] = Object.fromEntries(
      thresholds.map((t, i) => [`at${t}`, prf(counts[i]!.tp, counts[i]!.fp, counts[i]!.fn)]),
    );
  }
  return out;
}

function negatives(screener: Screener): Record<string, unknown> {
  const rows = readCsv(join(DATA, 'synthetic-travellers/negatives_us.csv'));
  let alerted = 0;
  let hits = 0;
  for (const [i, r] of rows.entries()) {
    const given = [r.first_name, r.middle_name].filter(Boolean).join(' ');
    const m = screener.check({
      id: `N${i}`,
      full_name: r.full_name,
      given_name: given,
      family_name: r.last_name,
      dob: r.date_of_birth,
      gender: r.gender,
      nationality: r.nationality,
    });
    if (m.length > 0) alerted++;
    if (m.some((x) => x.decision === 'hit')) hits++;
  }
  return {
    travellers: rows.length,
    falseAlertsPer1000: Math.round((alerted / rows.length) * 1e6) / 1e3,
    falseHitsPer1000: Math.round((hits / rows.length) * 1e6) / 1e3,
  };
}

async function main(): Promise<void> {
  const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  const devAvailable = existsSync(DATA);
  if (!args['skip-dev'] && devAvailable) {
    result.splinkFake1000 = splink();
    result.senzingTruthset = senzing();
    result.transliterationTokens = transliteration();
  } else if (!devAvailable) console.warn(`development data not found at ${DATA}: skipped`);
  if (!args['skip-synthetic']) {
    const { result: s, screener } = synthetic(
      Number(args.entries),
      Number(args.travellers),
      Number(args.hits),
      Number(args.seed),
      args['max-posting'] ? { maxPosting: Number(args['max-posting']) } : {},
    );
    result.synthetic = s;
    if (Number(args.workers) > 0) {
      result.parallel = await screenInParallel({
        entries: Number(args.entries),
        travellers: Number(args.travellers),
        hits: Number(args.hits),
        seed: Number(args.seed),
        workers: Number(args.workers),
        options: args['max-posting'] ? { maxPosting: Number(args['max-posting']) } : {},
      });
    }
    if (devAvailable && !args['skip-dev']) result.negativesUsAgainstSyntheticList = negatives(screener);
  }
  result.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const out = join(here, args.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  const { missedSamples, falseAlertSamples, ...shown } = (result.synthetic ?? {}) as Record<string, unknown>;
  console.log(JSON.stringify({ ...result, synthetic: shown }, null, 2));
  console.log(`written ${out}`);
  void missedSamples;
  // The top false alerts with their reasons (all 40 are in the JSON), for tuning.
  const top = (
    (falseAlertSamples ?? []) as Array<{ watchlistId: string; score: number; reasons: string[] }>
  ).slice(0, 12);
  if (top.length > 0) console.error('\ntop false alerts (score, entry, reasons):');
  for (const f of top) console.error(`  ${f.score} ${f.watchlistId}\n    ${f.reasons.join('\n    ')}`);
}

await main();
