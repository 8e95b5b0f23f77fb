/**
 * Invented people of several cultures for the travellers generator: names in the native script and
 * the Latin spellings a passport or another romanisation system gives them. No real person is meant.
 */
import anyAscii from 'any-ascii';
import {
  KHMER_FAMILY_NAMES,
  KHMER_GIVEN_NAMES,
} from '../../server/src/modules/offenders/matching/khmer-romanisation-set.ts';
import type { Rng } from './rng.ts';
import * as N from './travellers-names.ts';

/** One name part: the spelling used by the list first, then other accepted spellings. */
export interface Part {
  forms: string[];
}
export interface Person {
  culture: N.Culture;
  gender: 'M' | 'F';
  given: Part[];
  family: Part[];
  /** Full name in the native script, family name first where that is the custom. */
  native?: string;
  familyFirst: boolean;
  dob: { y: number; m: number; d: number };
  country: string;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
export const latin = (s: string): string => anyAscii(s).replace(/[^A-Za-z' -]/g, '');
const part = (...forms: string[]): Part => ({ forms: [...new Set(forms.filter(Boolean))] });

export function weighted<T extends string>(rng: Rng, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as Array<[T, number]>;
  let r = rng.next() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[0]![0];
}

const ruGerman = (s: string): string =>
  s
    .replace(/zh/g, 'sch')
    .replace(/kh/g, 'ch')
    .replace(/shch/g, 'schtsch')
    .replace(/sh/g, 'sch')
    .replace(/ch(?!t)/g, 'tsch')
    .replace(/v/g, 'w')
    .replace(/y/g, 'j')
    .replace(/ts/g, 'z');
const ruFrench = (s: string): string =>
  s
    .replace(/ov$/, 'off')
    .replace(/ev$/, 'eff')
    .replace(/sh/g, 'ch')
    .replace(/u/g, 'ou')
    .replace(/y$/, 'i')
    .replace(/kh/g, 'kh');
const wadeGiles = (s: string): string =>
  s
    .replace(/^zh/, 'ch')
    .replace(/^x/, 'hs')
    .replace(/^q/, 'ch')
    .replace(/^z(?!h)/, 'ts')
    .replace(/^c(?!h)/, 'ts')
    .replace(/^r/, 'j')
    .replace(/ong/g, 'ung')
    .replace(/ian/g, 'ien')
    .replace(/ie$/, 'ieh')
    .replace(/^you/, 'yu');
const hepburnShort = (s: string): string => s.replace(/ou/g, 'o').replace(/uu/g, 'u').replace(/ei/g, 'e');
const thaiVariant = (s: string): string =>
  s
    .replace(/ph/g, 'p')
    .replace(/th/g, 't')
    .replace(/chai/g, 'jai')
    .replace(/ee/g, 'i')
    .replace(/porn/g, 'pon');

export function makePerson(rng: Rng, culture: N.Culture): Person {
  const gender: 'M' | 'F' = rng.chance(0.72) ? 'M' : 'F';
  const dob = { y: 1940 + rng.int(66), m: 1 + rng.int(12), d: 1 + rng.int(28) };
  const base = { culture, gender, dob, familyFirst: false };
  switch (culture) {
    case 'western': {
      const pool = gender === 'M' ? N.WESTERN.male : N.WESTERN.female;
      const given = [part(rng.pick(pool), latin(rng.pick(pool)))];
      given[0] = part(given[0]!.forms[0]!, latin(given[0]!.forms[0]!));
      if (rng.chance(0.35)) {
        const m = rng.pick(pool);
        given.push(part(m, latin(m)));
      }
      let fam = rng.chance(0.12)
        ? rng.pick(N.WESTERN.european)
        : rng.pick(N.WESTERN.roots) + rng.pick(N.WESTERN.infixes) + rng.pick(N.WESTERN.suffixes);
      if (rng.chance(0.05)) fam = `${rng.pick(N.WESTERN.particles)} ${fam}`.replace("O' ", "O'");
      const alt = fam.replace(/ä/g, 'ae').replace(/ö|ø/g, 'oe').replace(/ü/g, 'ue').replace(/å/g, 'aa');
      return { ...base, given, family: [part(fam, alt, latin(fam))], country: rng.pick(N.WESTERN.countries) };
    }
    case 'russian': {
      const g = rng.pick(gender === 'M' ? N.RUSSIAN.male : N.RUSSIAN.female);
      let f = rng.pick(N.RUSSIAN.family);
      const father = rng.pick(N.RUSSIAN.fathers);
      const p = father.endsWith('й')
        ? father.slice(0, -1) + (gender === 'M' ? 'евич' : 'евна')
        : father + (gender === 'M' ? 'ович' : 'овна');
      if (gender === 'F') f += 'а';
      const tr = (s: string): Part => {
        const l = latin(s.replace(/ё/g, 'е').replace(/[ъь]/g, '')).toLowerCase();
        return part(cap(l), cap(ruGerman(l)), cap(ruFrench(l)));
      };
      return {
        ...base,
        given: [tr(g), tr(p)],
        family: [tr(f)],
        native: `${f} ${g} ${p}`,
        familyFirst: true,
        country: rng.pick(N.RUSSIAN.countries),
      };
    }
    case 'chinese': {
      const f = rng.pick(N.CHINESE.family);
      const g = rng.pick(N.CHINESE.given) + (rng.chance(0.7) ? rng.pick(N.CHINESE.given) : '');
      const fp = latin(f).toLowerCase();
      const syll = [...g].map((c) => latin(c).toLowerCase());
      const gp = syll.join('');
      const wg = syll.map(wadeGiles);
      return {
        ...base,
        given: [part(cap(gp), cap(wg.join('-')), cap(syll.join(' ')))],
        family: [part(cap(fp), cap(wadeGiles(fp)))],
        native: f + g,
        familyFirst: true,
        country: rng.pick(N.CHINESE.countries),
      };
    }
    case 'korean': {
      const f = rng.pick(N.KOREAN.family);
      const g = rng.pick(N.KOREAN.syllables) + rng.pick(N.KOREAN.syllables);
      const rr = latin(g).toLowerCase();
      const alt = rr.replace(/eo/g, 'u').replace(/u(?=n$)/, 'oo');
      const hy = `${latin(g[0]!)}-${latin(g[1]!).toLowerCase()}`;
      return {
        ...base,
        given: [part(cap(rr), cap(alt), hy)],
        family: [part(f[1]!, ...f[2]!.split('|'))],
        native: f[0]! + g,
        familyFirst: true,
        country: 'KR',
      };
    }
    case 'japanese': {
      const f = rng.pick(N.JAPANESE.family);
      const g = rng.pick(gender === 'M' ? N.JAPANESE.male : N.JAPANESE.female);
      const tr = (s: string): Part => part(cap(hepburnShort(latin(s))), cap(latin(s)));
      return {
        ...base,
        given: [tr(g)],
        family: [tr(f)],
        native: `${f} ${g}`,
        familyFirst: true,
        country: 'JP',
      };
    }
    case 'arabic': {
      const g = rng.pick(N.ARABIC.male);
      const m = rng.pick(N.ARABIC.male);
      const f = rng.pick(N.ARABIC.family);
      return {
        ...base,
        gender: 'M',
        given: [part(...g[0]), part(...m[0])],
        family: [part(...f[0])],
        native: `${g[1]} ${m[1]} ${f[1]}`,
        country: rng.pick(N.ARABIC.countries),
      };
    }
    case 'thai': {
      const g = rng.pick(N.THAI.first) + rng.pick(N.THAI.second);
      const f = cap(
        (
          rng.pick(N.THAI.family) +
          rng.pick(N.THAI.family) +
          (rng.chance(0.5) ? rng.pick(N.THAI.family) : '')
        ).toLowerCase(),
      );
      return {
        ...base,
        given: [part(g, cap(thaiVariant(g.toLowerCase())))],
        family: [part(f, cap(thaiVariant(f.toLowerCase())))],
        country: 'TH',
      };
    }
    case 'vietnamese': {
      const f = rng.pick(N.VIETNAMESE.family);
      const given = [rng.pick(N.VIETNAMESE.middle), rng.pick(N.VIETNAMESE.given)].map((x) =>
        part(x, latin(x)),
      );
      return { ...base, given, family: [part(f, latin(f))], familyFirst: true, country: 'VN' };
    }
    case 'khmer': {
      const f = rng.pick(KHMER_FAMILY_NAMES);
      const g = rng.pick(KHMER_GIVEN_NAMES);
      const given = [part(...g.spellings)];
      if (rng.chance(0.5)) given.push(part(...rng.pick(KHMER_GIVEN_NAMES).spellings));
      return {
        ...base,
        given,
        family: [part(...f.spellings)],
        native: `${f.khmer} ${g.khmer}${given.length > 1 ? ' ' + KHMER_GIVEN_NAMES.find((x) => x.spellings[0] === given[1]!.forms[0])!.khmer : ''}`,
        familyFirst: true,
        country: 'KH',
      };
    }
  }
}
