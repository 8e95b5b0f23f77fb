/**
 * Table-driven romanisation of Khmer script: a dictionary of popular name spellings first, then
 * syllable rules (consonant series, dependent vowels read by series, subscripts, codas) after the
 * UNGEGN / ALA-LC tables, written the way Cambodian passports spell names (see docs/matching.md).
 */
import {
  COENG,
  CONSONANTS,
  INDEPENDENT_VOWELS,
  INHERENT,
  MUUSIKATOAN,
  POPULAR_NAMES,
  ROBAT,
  SAMYOK_SANNYA,
  type Series,
  SILENT_SIGNS,
  TOANDAKHIAT,
  TRIISAP,
  VOWELS,
} from './khmer-tables.ts';

interface Cluster {
  /** Base consonant, or '' for an independent vowel. */
  base: string;
  /** Subscript consonants (after coeng). */
  subs: string[];
  series: Series;
  /** Romanised vowel when the cluster carries one (an independent vowel always does). */
  vowel?: string;
  silent: boolean;
  robat: boolean;
}

const SONORANTS = new Set(['ង', 'ញ', 'ន', 'ម', 'យ', 'រ', 'ល', 'វ']);

function parseClusters(word: string): Cluster[] {
  const chars = [...word];
  const clusters: Cluster[] = [];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    const independent = INDEPENDENT_VOWELS[ch];
    if (independent !== undefined) {
      clusters.push({ base: '', subs: [], series: 'a', vowel: independent, silent: false, robat: false });
      i++;
      continue;
    }
    const consonant = CONSONANTS[ch];
    if (!consonant) {
      i++;
      continue;
    }
    const cluster: Cluster = { base: ch, subs: [], series: consonant[1], silent: false, robat: false };
    i++;
    for (;;) {
      const next = chars[i];
      if (next === COENG && chars[i + 1] && CONSONANTS[chars[i + 1]!]) {
        cluster.subs.push(chars[i + 1]!);
        i += 2;
      } else if (next === MUUSIKATOAN) {
        cluster.series = 'a';
        i++;
      } else if (next === TRIISAP) {
        cluster.series = 'o';
        i++;
      } else if (next === TOANDAKHIAT) {
        cluster.silent = true;
        i++;
      } else if (next === ROBAT) {
        cluster.robat = true;
        i++;
      } else if (next !== undefined && SILENT_SIGNS.has(next)) {
        i++;
      } else break;
    }
    const rest = chars.slice(i, i + 2).join('');
    if (chars[i] === SAMYOK_SANNYA) {
      cluster.vowel = cluster.series === 'a' ? 'a' : 'ea';
      i++;
    } else {
      for (const [signs, a, o] of VOWELS) {
        if (rest.startsWith(signs)) {
          cluster.vowel = cluster.series === 'a' ? a : o;
          i += [...signs].length;
          break;
        }
      }
    }
    // A sign written after the vowel (toandakhiat over a final consonant) or a stray bantoc.
    while (chars[i] !== undefined && (SILENT_SIGNS.has(chars[i]!) || chars[i] === TOANDAKHIAT)) {
      if (chars[i] === TOANDAKHIAT) cluster.silent = true;
      i++;
    }
    clusters.push(cluster);
  }
  return clusters;
}

const onsetOf = (c: string): string => CONSONANTS[c]?.[0] ?? '';
const codaOf = (c: string): string => CONSONANTS[c]?.[2] ?? '';

/** Romanise one Khmer word by rule only (no dictionary). */
export function romaniseKhmerByRule(word: string): string {
  const clusters = parseClusters(word).filter((c) => !c.silent);
  let out = '';
  let open = false; // the last syllable written has no coda yet
  for (let k = 0; k < clusters.length; k++) {
    const c = clusters[k]!;
    if (c.base === '') {
      out += c.vowel ?? '';
      open = true;
      continue;
    }
    const next = clusters[k + 1];
    const subs = c.subs;
    if (c.vowel === undefined) {
      // A bare consonant closes an open syllable unless it starts a final "consonant + coda" pair.
      const closesPrevious = open && !(next && next.vowel === undefined && k + 2 === clusters.length);
      if (closesPrevious) {
        if (subs.length === 0) {
          out += codaOf(c.base);
          open = false;
          continue;
        }
        if (!next) {
          // A final cluster: a subscript ro or sa is silent (ពេជ្រ pech, វង្ស vong), else it is heard.
          const silentSub = subs.every((s) => s === 'រ' || s === 'ស');
          out += silentSub ? codaOf(c.base) : subs.map(onsetOf).join('');
          open = false;
          continue;
        }
        out += codaOf(c.base) + subs.map(onsetOf).join('') + INHERENT[c.series][0];
        open = true;
        continue;
      }
      out += onsetOf(c.base) + subs.map(onsetOf).join('') + (c.robat ? 'r' : '') + INHERENT[c.series][0];
      open = true;
      continue;
    }
    if (open && subs.length > 0 && !SONORANTS.has(subs[0]!) && out.length > 0) {
      // The base of a subscript cluster closes the previous syllable (បុប្ផា → bop-pha).
      out += codaOf(c.base) + subs.map(onsetOf).join('') + c.vowel;
    } else {
      out += onsetOf(c.base) + subs.map(onsetOf).join('') + (c.robat ? 'r' : '') + c.vowel;
    }
    open = !/(m|h|ng)$/.test(c.vowel);
  }
  return out
    .replace(/aev$/, 'eo')
    .replace(/nhnh/g, 'nh')
    .replace(/(.)\1\1+/g, '$1$1')
    .replace(/e?i$/, (m) => (m === 'ei' ? 'ey' : 'y'));
}

/** Longest dictionary word at the start of `word` (in code units), or undefined. */
function longestPopularPrefix(word: string): string | undefined {
  for (let end = word.length; end >= 2; end--) {
    const part = word.slice(0, end);
    if (POPULAR_NAMES[part]) return part;
  }
  return undefined;
}

/**
 * Every accepted Latin spelling of a Khmer word, preferred first: the popular spellings when the word
 * (or its parts) is in the table, else the rule-based romanisation.
 */
export function khmerSpellings(word: string): string[] {
  const popular = POPULAR_NAMES[word];
  if (popular) return [...popular];
  const prefix = longestPopularPrefix(word);
  if (prefix && prefix.length < word.length && CONSONANTS[word[prefix.length]!]) {
    const rest = khmerSpellings(word.slice(prefix.length));
    return POPULAR_NAMES[prefix]!.flatMap((p) => rest.map((r) => p + r)).slice(0, 6);
  }
  return [romaniseKhmerByRule(word)];
}

/** The preferred Latin spelling of a Khmer word (lower case, no spaces). */
export function romaniseKhmer(word: string): string {
  return (khmerSpellings(word)[0] ?? '').replace(/\s+/g, '');
}
