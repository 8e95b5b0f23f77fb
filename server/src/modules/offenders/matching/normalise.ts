/**
 * Name normalisation: NFKC, case folding, Latin diacritics stripped, script detected per token and
 * transliterated to Latin, tokens split; `SURNAME, Given`, ALL-CAPS family names and Khmer / Chinese /
 * Korean family-name-first order marked; particles, patronymics, initials classified; titles dropped.
 */

import { khmerSpellings } from './khmer.ts';
import { skeletonOf, softForm } from './phonetic.ts';
import { detectScript, type Script, splitByScript } from './scripts.ts';
import { transliterateWord } from './transliterate.ts';

export type TokenKind = 'word' | 'initial' | 'particle' | 'patronymic';

export interface NameToken {
  /** Lower-case ASCII letters. */
  latin: string;
  /** Phonetic spelling (phonetic.ts). */
  soft: string;
  /** Consonant skeleton (phonetic.ts). */
  skeleton: string;
  script: Script;
  kind: TokenKind;
  /** Known to be (part of) the family name. */
  family: boolean;
  /** Other accepted Latin spellings (Khmer popular spellings), with their phonetic forms. */
  alternatives?: ReadonlyArray<{ latin: string; soft: string; skeleton: string }>;
}

export interface NormalisedName {
  raw: string;
  tokens: NameToken[];
  /** How the family name was recognised, if it was. */
  familyMarker: 'comma' | 'field' | 'caps' | 'script' | 'none';
}

const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'madam',
  'mme',
  'mlle',
  'herr',
  'frau',
  'jr',
  'sr',
  'snr',
  'jnr',
  'ii',
  'iii',
  'iv',
  'esq',
  'lok',
  'neak',
  'okhna',
]);
const PARTICLES = new Set([
  'von',
  'de',
  'der',
  'den',
  'del',
  'della',
  'dela',
  'des',
  'di',
  'dos',
  'das',
  'du',
  'zu',
  'bin',
  'binti',
  'bint',
  'ibn',
  'al',
  'el',
  'ul',
  'abu',
  'ould',
  'st',
]);
const PATRONYMIC = /(ovich|evich|ovych|evych|ovna|evna|ichna|ievna|ovitch|evitch|ovic|evic)$/;

/** Scripts whose names are written family name first. */
const FAMILY_FIRST_SCRIPTS = new Set<Script>(['khmer', 'han', 'hangul']);

const SEPARATORS = /[\s\u200B\-‐‑‒–—_.,/\\()[\]{}"“”„«»:;!?|+*=<>#~]+/u;
const ASCII_WORD = /^[A-Za-z]+$/;
const APOSTROPHES = /['’ʼ`´‘ʻ]/gu;

const phoneticCache = new Map<string, readonly [string, string]>();

/** Soft form and skeleton of a Latin token, memoised (names repeat across records). */
function phoneticOf(latin: string): readonly [string, string] {
  let hit = phoneticCache.get(latin);
  if (!hit) {
    const soft = softForm(latin);
    hit = [soft, skeletonOf(soft)];
    if (phoneticCache.size >= 200_000) phoneticCache.clear();
    phoneticCache.set(latin, hit);
  }
  return hit;
}

export function makeToken(latin: string, script: Script, family: boolean): NameToken {
  const [soft, skeleton] = phoneticOf(latin);
  let kind: TokenKind = 'word';
  if (latin.length === 1) kind = 'initial';
  else if (PARTICLES.has(latin)) kind = 'particle';
  else if (PATRONYMIC.test(latin)) kind = 'patronymic';
  return { latin, soft, skeleton, script, kind, family };
}

/** Latin tokens of one part of a name (no comma handling). */
function tokenise(part: string, family: boolean): { tokens: NameToken[]; caps: boolean[] } {
  const tokens: NameToken[] = [];
  const caps: boolean[] = [];
  for (const word of part.replace(APOSTROPHES, '').split(SEPARATORS)) {
    if (!word) continue;
    if (ASCII_WORD.test(word)) {
      tokens.push(makeToken(word.toLowerCase(), 'latin', family));
      caps.push(word.length > 1 && word === word.toUpperCase());
      continue;
    }
    for (const piece of splitByScript(word)) {
      const script = detectScript(piece);
      if (script === 'other') continue;
      const isCaps = script === 'latin' && piece.length > 1 && piece === piece.toUpperCase();
      const latins = transliterateWord(piece, script).filter(Boolean);
      latins.forEach((latin, i) => {
        // A Han or Hangul word split in two: the first part is the family name.
        const fam = family || (latins.length > 1 && i === 0);
        const token = makeToken(latin, script, fam);
        if (script === 'khmer') {
          const spellings = khmerSpellings(piece).map((x) => x.replace(/\s+/g, ''));
          if (spellings.length > 1) {
            token.alternatives = spellings.map((l) => {
              const [soft, skeleton] = phoneticOf(l);
              return { latin: l, soft, skeleton };
            });
          }
        }
        tokens.push(token);
        caps.push(isCaps);
      });
    }
  }
  return { tokens, caps };
}

/**
 * Normalise a full name. `SURNAME, Given` puts the part before the comma as family name.
 */
export function normaliseName(raw: string): NormalisedName {
  const text = raw.normalize('NFKC').trim();
  const comma = text.indexOf(',');
  let tokens: NameToken[];
  let marker: NormalisedName['familyMarker'] = 'none';
  if (comma > 0 && comma < text.length - 1 && text.indexOf(',', comma + 1) < 0) {
    const family = tokenise(text.slice(0, comma), true).tokens;
    const given = tokenise(text.slice(comma + 1), false).tokens;
    tokens = [...given, ...family];
    if (family.length > 0 && given.length > 0) marker = 'comma';
  } else {
    const { tokens: all, caps } = tokenise(text, false);
    tokens = all;
    const capsCount = caps.filter(Boolean).length;
    if (capsCount > 0 && capsCount < tokens.length) {
      tokens.forEach((t, i) => {
        if (caps[i]) t.family = true;
      });
      marker = 'caps';
    } else if (tokens.some((t) => t.family)) {
      marker = 'script';
    } else if (tokens.length > 1 && FAMILY_FIRST_SCRIPTS.has(tokens[0]!.script)) {
      tokens[0]!.family = true;
      marker = 'script';
    }
  }
  const kept = tokens.filter((t) => !TITLES.has(t.latin));
  return { raw, tokens: kept.length > 0 ? kept : tokens, familyMarker: marker };
}

/** Normalise a name given as separate fields (family name marked as such). */
export function normaliseNameParts(given: string | undefined, family: string | undefined): NormalisedName {
  const g = given?.trim() ?? '';
  const f = family?.trim() ?? '';
  if (!f) return normaliseName(g);
  if (!g) return { ...normaliseName(f), familyMarker: 'field' };
  const n = normaliseName(`${f}, ${g}`);
  return { ...n, raw: `${g} ${f}`, familyMarker: 'field' };
}

/** Tokens that carry the identity (particles only when nothing else is left). */
export function significantTokens(name: NormalisedName): NameToken[] {
  const words = name.tokens.filter((t) => t.kind !== 'particle');
  return words.length > 0 ? words : name.tokens;
}

/** The name as the matcher read it, for reasons: `dara SOK` (family name in capitals). */
export function displayName(name: NormalisedName): string {
  return name.tokens.map((t) => (t.family ? t.latin.toUpperCase() : t.latin)).join(' ');
}
