/**
 * Scoring of one traveller against one entry: best name comparison over both persons' names, then
 * date of birth, nationality and gender adjust it; an exact passport (same country and number) is
 * always a hit. Every result carries readable reasons.
 */
import { countryName } from './country.ts';
import { compareDob, describeDob } from './dob.ts';
import { compareNames, describeNameMatch, type NameComparison } from './name-similarity.ts';
import type { PreparedPerson } from './person.ts';
import type { MatchOptions, MatchResult, Reason } from './types.ts';

const NATIONALITY_SAME = 0.02;
const NATIONALITY_DIFFERENT = -0.1;
const GENDER_DIFFERENT = -0.25;
const PASSPORT_NUMBER_ONLY = 0.15;

function bestName(query: PreparedPerson, entry: PreparedPerson): NameComparison | null {
  let best: NameComparison | null = null;
  for (const q of query.names) {
    for (const e of entry.names) {
      const c = compareNames(q, e);
      if (!best || c.score > best.score) best = c;
      if (c.score === 1) return c;
    }
  }
  return best;
}

type PassportMatch = 'exact' | 'number_only' | 'none';

function passportMatch(query: PreparedPerson, entry: PreparedPerson): PassportMatch {
  const a = query.passport;
  const b = entry.passport;
  if (!a || !b || a.number !== b.number) return 'none';
  if (a.country && b.country) return a.country === b.country ? 'exact' : 'none';
  return 'number_only';
}

/**
 * Score a pair. Returns null (no_hit, without building reasons) when the names are too far apart and
 * the passports do not match: the fast path for the many candidates of a batch.
 */
export function scorePair(
  query: PreparedPerson,
  entry: PreparedPerson,
  options: MatchOptions,
): MatchResult | null {
  const passport = passportMatch(query, entry);
  const dob = compareDob(query.dob, entry.dob);
  // Even a perfect name cannot lift a pair whose dates of birth conflict above the review threshold:
  // skip the name comparison (most candidates of an innocent traveller end here).
  if (passport === 'none' && 1 + dob.adjustment + NATIONALITY_SAME < options.thresholds.review) return null;
  const name = bestName(query, entry);
  const nameScore = name?.score ?? 0;
  if (passport === 'none' && nameScore < options.minNameScore) return null;

  const reasons: Reason[] = [];
  if (passport === 'exact') {
    reasons.push({
      field: 'passport',
      how: 'exact',
      detail: `passport: same number ${query.passport!.number} issued by ${countryName(query.passport!.country!)}`,
    });
  } else if (passport === 'number_only') {
    reasons.push({
      field: 'passport',
      how: 'number_only',
      detail: `passport: same number ${query.passport!.number}, issuing country missing on one side`,
    });
  }
  if (name) {
    const { how, detail } = describeNameMatch(name);
    reasons.push({ field: 'name', how, detail });
  }
  let score = nameScore + dob.adjustment - dob.doubt * (1 - nameScore);
  reasons.push({ field: 'dob', how: dob.how, detail: describeDob(query.dob, entry.dob, dob.how) });
  if (query.nationalities.length > 0 && entry.nationalities.length > 0) {
    const shared = query.nationalities.find((c) => entry.nationalities.includes(c));
    if (shared) {
      score += NATIONALITY_SAME;
      reasons.push({ field: 'nationality', how: 'same', detail: `nationality: both ${countryName(shared)}` });
    } else {
      score += NATIONALITY_DIFFERENT;
      reasons.push({
        field: 'nationality',
        how: 'different',
        detail: `nationality: ${query.nationalities.join('/')} vs ${entry.nationalities.join('/')}`,
      });
    }
  }
  if (query.gender && entry.gender && query.gender !== entry.gender) {
    score += GENDER_DIFFERENT;
    reasons.push({ field: 'gender', how: 'different', detail: `gender: ${query.gender} vs ${entry.gender}` });
  }
  if (passport === 'number_only') score += PASSPORT_NUMBER_ONLY;
  score = Math.max(0, Math.min(1, score));
  if (passport === 'exact') score = 1;
  const { hit, review } = options.thresholds;
  const decision = passport === 'exact' || score >= hit ? 'hit' : score >= review ? 'review' : 'no_hit';
  return { score: Math.round(score * 1000) / 1000, decision, reasons };
}
