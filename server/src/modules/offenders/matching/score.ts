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
/**
 * A different nationality when the name or a given date of birth is not exact either: two
 * disagreements together are stronger evidence of two people than either alone. (A different
 * nationality with an exact name and no date, e.g. a second passport, keeps the smaller cost.)
 */
const NATIONALITY_DIFFERENT_WITH_DOUBT = -0.15;
const GENDER_DIFFERENT = -0.25;
const PASSPORT_NUMBER_ONLY = 0.15;
/**
 * A name with a part missing on one side whose matching parts are common in the list (so many
 * entries share them that they do not pick out one person), with a date of birth that is close but
 * not the same: the name and the date each vouch for little, and together they made most false
 * alerts on the generated set (Khmer two-word names: `TEP Kosal` ~ `TEP Socheat Kosal`, a day apart).
 * Large enough to take such a pair below review (0.95 + 0.01 − 0.025 + 0.02 − 0.2 ≈ 0.76). Not applied
 * with an exact or a missing date (a missing middle name with no date is a normal true hit), nor when
 * the list is too small for the words to be common (fewer than one other entry expected to hold them).
 */
const COMMON_PARTIAL_NAME = -0.2;

/**
 * How common each name word is in the list the entry belongs to (entries holding it, by Latin
 * spelling), for the common-partial-name rule. Made by the `Screener` from its entries.
 */
export interface NameFrequency {
  size: number;
  entriesWith(latin: string): number;
}

/**
 * Expected number of list entries holding all the entry-side words the comparison matched (list size
 * × the product of each word's share, as if independent): ≥ 1 means the matched words alone do not
 * single out an entry.
 */
function expectedSharers(name: NameComparison, frequency: NameFrequency): number {
  let expected = frequency.size;
  for (const p of name.chosen) {
    const t = name.e[p.j]!;
    if (t.kind === 'initial' || name.q[p.i]!.kind === 'initial') continue;
    expected *= Math.max(1, frequency.entriesWith(t.latin)) / frequency.size;
  }
  return expected;
}

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
  frequency?: NameFrequency,
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
  const dobClose = dob.how !== 'exact' && dob.how !== 'missing' && dob.how !== 'conflict';
  if (name && frequency && passport === 'none' && name.unmatched > 0 && dobClose) {
    const sharers = expectedSharers(name, frequency);
    if (sharers >= 1) {
      score += COMMON_PARTIAL_NAME;
      reasons.push({
        field: 'name',
        how: 'common_partial',
        detail: `name: the parts that match are common in the list (about ${Math.round(sharers)} entries hold them) and a part is missing`,
      });
    }
  }
  reasons.push({ field: 'dob', how: dob.how, detail: describeDob(query.dob, entry.dob, dob.how) });
  if (query.nationalities.length > 0 && entry.nationalities.length > 0) {
    const shared = query.nationalities.find((c) => entry.nationalities.includes(c));
    if (shared) {
      score += NATIONALITY_SAME;
      reasons.push({ field: 'nationality', how: 'same', detail: `nationality: both ${countryName(shared)}` });
    } else {
      score += dobClose || nameScore < 1 ? NATIONALITY_DIFFERENT_WITH_DOUBT : NATIONALITY_DIFFERENT;
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
