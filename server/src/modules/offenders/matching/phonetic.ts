/**
 * Phonetic forms of a Latin (already transliterated, a–z) name token, designed for names that reach
 * Latin through different romanisations (Khmer popular vs UNGEGN, pinyin vs Wade-Giles, Korean RR vs
 * passport spellings, Cyrillic BGN vs German/French, Arabic consonant skeletons):
 *
 * - `soft`: the spelling with equivalent digraphs merged (ch/tch/zh/j → j, sh/sch → s, ph → f, kh → k,
 *   th → t, w → v, y → i, doubled letters once…). Vowels are kept: used for similarity.
 * - `skeleton`: consonant classes only (b/p/f/v, k/g/c/q, t/d, s/z/x, l/r, j, m, n), vowels and h
 *   dropped, repeated classes collapsed. Used for blocking keys and as a similarity floor.
 */

const SOFT_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/tsch|tsh/g, 'j'],
  [/sch/g, 's'],
  [/tch|dzh|dj|zh|chh|ch|cz/g, 'j'],
  [/^x/, 's'],
  [/x/g, 'ks'],
  [/sh|sz|zs/g, 's'],
  [/ph/g, 'f'],
  [/th|dt/g, 't'],
  [/kh|gh|ck/g, 'k'],
  [/qu/g, 'kv'],
  [/qi/g, 'ji'], // pinyin qi ~ Wade-Giles ch'i
  [/q/g, 'k'], // Arabic q ~ k
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/tz|ts/g, 's'],
  [/nh|ny|gn/g, 'n'],
  [/([^a])([oe])w$/, '$1$2v'], // Iwanow, Romanow: German spelling of -ov
  [/([aeiou])w(?![aeiou])/g, '$1u'],
  [/w/g, 'v'],
  [/z/g, 's'],
  [/y/g, 'i'],
  [/aev$/, 'eo'],
  [/ou|oo/g, 'u'],
  [/ee|ie$/g, 'i'],
  [/([aeiou])h$/, '$1'],
  [/(.)\1+/g, '$1'],
];

/** Equivalent spelling with merged digraphs, vowels kept. */
export function softForm(latin: string): string {
  let s = latin;
  for (const [re, to] of SOFT_RULES) s = s.replace(re, to);
  return s;
}

/** Consonant class of each letter of a soft form ('' for vowels and h). */
const CLASS: Readonly<Record<string, string>> = {
  b: 'P',
  p: 'P',
  f: 'P',
  v: 'P',
  k: 'K',
  g: 'K',
  t: 'T',
  d: 'T',
  s: 'S',
  l: 'R',
  r: 'R',
  j: 'J',
  m: 'M',
  n: 'N',
};

/** Consonant skeleton of a soft form; a token without consonants gives `V` + its first vowel. */
export function skeletonOf(soft: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < soft.length; i++) {
    let ch = soft[i]!;
    if (ch === 'n' && soft[i + 1] === 'g') {
      ch = 'n';
      i++;
    }
    // Equal classes collapse even across vowels: scripts and romanisations disagree on doubling and
    // on the vowels between (mallarme ~ mlrm, mohammed ~ mhmd).
    const cls = CLASS[ch] ?? '';
    if (cls && cls !== last) out += cls;
    if (cls) last = cls;
  }
  return out || (soft ? 'V' + soft[0] : '');
}
