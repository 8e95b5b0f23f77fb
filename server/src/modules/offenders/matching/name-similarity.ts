/**
 * Token-aware name similarity: every token of one name is paired with at most one token of the
 * other (greedy assignment on Jaro-Winkler of the Latin and phonetic forms), so swapped words,
 * `SURNAME, Given` order and missing middle names still score high; initials match their token.
 */
import { jaroWinkler } from './jaro-winkler.ts';
import { displayName, type NameToken, type NormalisedName, significantTokens } from './normalise.ts';

export interface NameComparison {
  score: number;
  /** What the score was computed from; `describeNameMatch` turns it into a reason (only for hits). */
  query: NormalisedName;
  entry: NormalisedName;
  q: NameToken[];
  e: NameToken[];
  chosen: Pair[];
  unmatched: number;
  merged: boolean;
}

const INITIAL_SIMILARITY = 0.8;
const MIN_PAIR = 0.6;
const ABJADS = new Set(['arabic', 'hebrew']);
const ARTICLE = /^[ae]l.{4,}/;

const weightOf = (t: NameToken): number => (t.kind === 'word' ? 1 : 0.5);

const cache = new Map<string, number>();
const CACHE_LIMIT = 200_000;

/** Forget the memoised token similarities (tests: a result must not depend on what came before). */
export function clearSimilarityCache(): void {
  cache.clear();
}

/** Similarity of two tokens in 0..1 (memoised: the same pairs recur across candidates and records). */
export function tokenSimilarity(a: NameToken, b: NameToken): number {
  if (a.kind === 'initial' || b.kind === 'initial') {
    return a.latin[0] === b.latin[0] ? (a.latin === b.latin ? 1 : INITIAL_SIMILARITY) : 0;
  }
  if (a.latin === b.latin) return 1;
  const crossScript = a.script !== b.script || ABJADS.has(a.script) || ABJADS.has(b.script);
  // The key holds everything the value depends on: a Khmer word's accepted spellings too. Without
  // them, whichever pair came first decided the value for later pairs of the same spellings, so a
  // score depended on the records screened before (worker threads disagreed with the main thread).
  const key =
    a.alternatives || b.alternatives
      ? `${a.latin}|${b.latin}${crossScript ? '*' : ''}|${spellingsKey(a)}|${spellingsKey(b)}`
      : `${a.latin}|${b.latin}${crossScript ? '*' : ''}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  let s = spellingSimilarity(a, b, crossScript);
  // A Khmer word is compared with each of its accepted spellings.
  for (const x of a.alternatives ?? []) s = Math.max(s, spellingSimilarity(x, b, crossScript));
  for (const y of b.alternatives ?? []) s = Math.max(s, spellingSimilarity(a, y, crossScript));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, s);
  return s;
}

const spellingsKey = (t: NameToken): string => t.alternatives?.map((x) => x.latin).join('/') ?? '';

interface Spelling {
  latin: string;
  soft: string;
  skeleton: string;
}

function spellingSimilarity(a: Spelling, b: Spelling, crossScript: boolean): number {
  if (a.latin === b.latin) return 1;
  let s = jaroWinkler(a.latin, b.latin);
  const softJw = a.soft === b.soft ? 1 : jaroWinkler(a.soft, b.soft);
  s = sharpen(Math.max(s, softJw * 0.97), Math.min(a.latin.length, b.latin.length));
  // Vowels are the least reliable part across romanisations (chea ~ chia, nhem ~ nhim) and across
  // scripts (Arabic and Hebrew write few vowels): the same consonants make a fair match.
  if (a.skeleton === b.skeleton && a.skeleton[0] !== 'V') {
    if (crossScript && (a.skeleton.length >= 2 || a.latin[0] === b.latin[0])) s = Math.max(s, 0.9);
    else if (sameOnset(a.soft, b.soft) && consonants(a.soft) === consonants(b.soft)) s = Math.max(s, 0.88);
    else if (sameOnset(a.soft, b.soft) && a.soft.slice(1) === b.soft.slice(1)) s = Math.max(s, 0.88);
  }
  // The Arabic article written into the word (alrashid ~ rashid, elhassan ~ hassan).
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    if (ARTICLE.test(x.latin) && !ARTICLE.test(y.latin)) {
      const bare = x.latin.slice(2);
      s = Math.max(s, bare === y.latin ? 0.97 : withinOneEdit(bare, y.latin) ? 0.9 : 0);
    }
  }
  // A short form that begins the other word (rob ~ robert, alex ~ alexander).
  const [short, long] = a.latin.length < b.latin.length ? [a.latin, b.latin] : [b.latin, a.latin];
  if (short.length >= 3 && long.startsWith(short)) s = Math.max(s, 0.86);
  // One typing error (a letter wrong, missing, extra or two letters swapped) in a word of 4+ letters,
  // not in its first letter (rarely mistyped; wang ~ fang, seng ~ heng are different names).
  if (
    Math.min(a.latin.length, b.latin.length) >= 4 &&
    a.latin[0] === b.latin[0] &&
    withinOneEdit(a.latin, b.latin)
  ) {
    s = Math.max(s, a.latin.length >= 6 ? 0.93 : 0.9);
  }
  return s;
}

/** Voiced and voiceless onsets that romanisations swap (Korean gang ~ kang, Khmer bopha ~ popha). */
const ONSET: Readonly<Record<string, string>> = { g: 'k', b: 'p', d: 't' };
const sameOnset = (a: string, b: string): boolean =>
  a[0] === b[0] || (ONSET[a[0] ?? ''] ?? a[0]) === (ONSET[b[0] ?? ''] ?? b[0]);

/** The letters of a soft form without vowels and h: `jea` → `j`, `ahn` → `n`, `kong` → `kng`. */
const consonants = (soft: string): string => soft.replace(/[aeiouh]/g, '');

/** True when `a` and `b` differ by one substitution, insertion, deletion or adjacent transposition. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Jaro-Winkler is generous to short words and to words sharing only a prefix; a screening matcher
 * must not add up several half-similar words into an alert. Below 0.88 the similarity falls fast.
 */
function sharpen(s: number, shortest: number): number {
  const knee = shortest <= 4 ? 0.92 : 0.9;
  return s >= knee ? s : Math.max(0, s - 2 * (knee - s));
}

/** Tokens of the longer name whose neighbours joined give a token of the other name ("sok dara" ~ "sokdara"). */
function mergeAdjacent(longer: NameToken[], shorter: NameToken[]): NameToken[] {
  for (let i = 0; i + 1 < longer.length; i++) {
    const a = longer[i]!;
    const b = longer[i + 1]!;
    const length = a.soft.length + b.soft.length;
    for (const target of shorter) {
      if (target.soft.length < 4 || Math.abs(target.soft.length - length) > 1) continue;
      // Joined must explain the target better than either part alone (not `kvang`+`do` ~ `kvang`).
      const alone = Math.max(jaroWinkler(a.soft, target.soft), jaroWinkler(b.soft, target.soft));
      for (const joined of [a.soft + b.soft, b.soft + a.soft]) {
        const j = jaroWinkler(joined, target.soft);
        if (j >= 0.93 && j > alone + 0.03) {
          const merged: NameToken = { ...target, family: a.family || b.family };
          return [...longer.slice(0, i), merged, ...longer.slice(i + 2)];
        }
      }
    }
  }
  return longer;
}

export interface Pair {
  i: number;
  j: number;
  s: number;
}

/** Compare two normalised names; the score is symmetric in spirit but not guaranteed bit-for-bit. */
export function compareNames(query: NormalisedName, entry: NormalisedName): NameComparison {
  let q = significantTokens(query);
  let e = significantTokens(entry);
  if (q.length === 0 || e.length === 0)
    return { score: 0, query, entry, q, e, chosen: [], unmatched: q.length + e.length, merged: false };
  let merged = false;
  if (q.length > e.length) {
    const m = mergeAdjacent(q, e);
    merged = m !== q;
    q = m;
  } else if (e.length > q.length) {
    const m = mergeAdjacent(e, q);
    merged = m !== e;
    e = m;
  }
  const pairs: Pair[] = [];
  for (let i = 0; i < q.length; i++) {
    for (let j = 0; j < e.length; j++) {
      const s = tokenSimilarity(q[i]!, e[j]!);
      if (s >= MIN_PAIR) pairs.push({ i, j, s });
    }
  }
  pairs.sort((x, y) => y.s - x.s || weightOf(e[y.j]!) - weightOf(e[x.j]!));
  const usedQ = new Uint8Array(q.length);
  const usedE = new Uint8Array(e.length);
  const chosen: Pair[] = [];
  for (const p of pairs) {
    if (usedQ[p.i] || usedE[p.j]) continue;
    usedQ[p.i] = 1;
    usedE[p.j] = 1;
    chosen.push(p);
  }
  let sum = 0;
  let matchedWeight = 0;
  let wordPairs = 0;
  let initials = 0;
  for (const p of chosen) {
    const w = Math.min(weightOf(q[p.i]!), weightOf(e[p.j]!));
    sum += w * p.s;
    matchedWeight += w;
    if (q[p.i]!.kind === 'initial' || e[p.j]!.kind === 'initial') initials++;
    else wordPairs++;
  }
  let unmatchedQ = 0;
  let unmatchedE = 0;
  let patronymics = 0;
  q.forEach((t, i) => {
    if (!usedQ[i]) unmatchedQ += weightOf(t);
    if (!usedQ[i] && t.kind === 'patronymic') patronymics |= 1;
  });
  e.forEach((t, j) => {
    if (!usedE[j]) unmatchedE += weightOf(t);
    if (!usedE[j] && t.kind === 'patronymic') patronymics |= 2;
  });
  // Two different patronymics (Pavlovich / Sergeevich) are two different fathers.
  const conflict = patronymics === 3 ? 0.5 : 0;
  const denominator =
    matchedWeight + Math.min(unmatchedQ, unmatchedE) + conflict + 0.1 * Math.abs(unmatchedQ - unmatchedE);
  let score = denominator > 0 ? sum / denominator : 0;
  // One clearly different word (YAMAMOTO ~ YAMADA) must not be averaged away by the others.
  let worst = 1;
  for (const p of chosen)
    if (p.s < worst && q[p.i]!.kind !== 'initial' && e[p.j]!.kind !== 'initial') worst = p.s;
  score -= 0.5 * (1 - worst);
  if (wordPairs + initials < 2 && Math.max(q.length, e.length) >= 2) score *= 0.85;
  if (wordPairs === 0) score *= 0.7;
  return { score, query, entry, q, e, chosen, unmatched: unmatchedQ + unmatchedE, merged };
}

/**
 * The reason for a name comparison: `how` is `exact`, `reordered`, `missing_part`, `initial`,
 * `spelling`, `transliteration` or `different`; `detail` is the sentence shown to the officer.
 */
export function describeNameMatch(cmp: NameComparison): { how: string; detail: string } {
  const { query, entry, q, e, chosen, unmatched, merged, score } = cmp;
  const notes: string[] = [];
  let how = 'exact';
  const byQuery = [...chosen].sort((x, y) => x.i - y.i);
  const reordered = byQuery.some((p, k) => k > 0 && p.j < byQuery[k - 1]!.j);
  const transliterated = chosen.some((p) => q[p.i]!.script !== e[p.j]!.script);
  const spelling = chosen.filter((p) => p.s < 1 && q[p.i]!.kind !== 'initial' && e[p.j]!.kind !== 'initial');
  const initial = chosen.some((p) => p.s < 1 && (q[p.i]!.kind === 'initial' || e[p.j]!.kind === 'initial'));
  if (score < 0.5) how = 'different';
  else {
    if (spelling.length > 0) {
      how = transliterated ? 'transliteration' : 'spelling';
      const p = spelling[0]!;
      notes.push(
        `${transliterated ? 'transliteration' : 'spelling'} '${q[p.i]!.latin}' ~ '${e[p.j]!.latin}'`,
      );
    }
    if (initial) {
      how = how === 'exact' ? 'initial' : how;
      notes.push('initial matches its name');
    }
    if (unmatched > 0) {
      how = how === 'exact' ? 'missing_part' : how;
      notes.push('a name part is missing on one side');
    }
    if (merged) notes.push('joined name parts');
    if (reordered) {
      how = how === 'exact' ? 'reordered' : how;
      notes.push(
        query.familyMarker === 'comma' || entry.familyMarker === 'comma'
          ? 'SURNAME, Given order'
          : 'token swap',
      );
    }
  }
  const rounded = Math.round(score * 100) / 100;
  const relation = how === 'exact' ? '=' : '~';
  const extra = notes.length > 0 ? `${notes.join(', ')}, ` : '';
  return {
    how,
    detail: `name: '${query.raw.trim()}' ${relation} '${entry.raw.trim()}' (${extra}${rounded}) [read as '${displayName(query)}' / '${displayName(entry)}']`,
  };
}
