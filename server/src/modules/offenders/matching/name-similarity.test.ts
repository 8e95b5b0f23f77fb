import { describe, expect, it } from 'vitest';
import { jaroWinkler } from './jaro-winkler.ts';
import { clearSimilarityCache, compareNames, describeNameMatch, withinOneEdit } from './name-similarity.ts';
import { normaliseName } from './normalise.ts';

const score = (a: string, b: string): number => compareNames(normaliseName(a), normaliseName(b)).score;
const how = (a: string, b: string): string =>
  describeNameMatch(compareNames(normaliseName(a), normaliseName(b))).how;

describe('jaroWinkler and one-edit test', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });
  it('recognises one substitution, insertion, deletion or transposition', () => {
    expect(withinOneEdit('paul', 'pakl')).toBe(true);
    expect(withinOneEdit('mark', 'mrark')).toBe(true);
    expect(withinOneEdit('jung', 'jnug')).toBe(true);
    expect(withinOneEdit('andrew', 'adrew')).toBe(true);
    expect(withinOneEdit('yamamoto', 'yamada')).toBe(false);
  });
});

describe('compareNames', () => {
  it('scores identical names 1 whatever the case, diacritics and script', () => {
    expect(score('Dara SOK', 'dara sok')).toBe(1);
    expect(score('José Müller', 'JOSE MULLER')).toBe(1);
    expect(score('Wang Xiaoming', '王小明')).toBe(1);
    expect(score('Kim Minjun', '김민준')).toBe(1);
    expect(score('Sok Dara', 'សុខ ដារ៉ា')).toBe(1);
  });

  it('handles word swaps and `SURNAME, Given` order', () => {
    expect(score('SOK Dara', 'Dara Sok')).toBe(1);
    expect(how('SOK Dara', 'Dara Sok')).toBe('reordered');
    expect(score('Smith, John Michael', 'John Michael Smith')).toBe(1);
    expect(
      describeNameMatch(compareNames(normaliseName('Smith, John'), normaliseName('John Smith'))).detail,
    ).toMatch(/^name: 'Smith, John' = 'John Smith'/);
    expect(
      describeNameMatch(compareNames(normaliseName('Smith, John'), normaliseName('Smith John'))).detail,
    ).toMatch(/SURNAME, Given order/);
  });

  it('forgives a missing middle name, a little', () => {
    const s = score('John Smith', 'John Michael Smith');
    expect(s).toBeGreaterThan(0.9);
    expect(s).toBeLessThan(1);
    expect(how('John Smith', 'John Michael Smith')).toBe('missing_part');
  });

  it('matches initials with their word', () => {
    expect(score('J. M. Smith', 'John Michael Smith')).toBeGreaterThan(0.85);
    expect(how('J Smith', 'John Smith')).toBe('initial');
    expect(score('K. Smith', 'John Smith')).toBeLessThan(0.75);
  });

  it('forgives one typo and transliteration variants', () => {
    expect(score('Jonh Smith', 'John Smith')).toBeGreaterThan(0.9);
    expect(score('Paul Kirkwell', 'Pakl Kirkwell')).toBeGreaterThan(0.89);
    expect(score('Sergei Ivanov', 'Sergey Iwanow')).toBeGreaterThan(0.9);
    expect(score('Mohammed Al-Rashid', 'Muhammad Alrashid')).toBeGreaterThan(0.85);
    expect(score('CHEA Sopheap', 'Chia Sopheap')).toBeGreaterThan(0.89);
    expect(score('Robert Allen', 'Rob Allen')).toBeGreaterThan(0.83);
  });

  it('joins words written apart or together', () => {
    expect(score('Sokdara', 'Sok Dara')).toBeGreaterThan(0.9);
    expect(score('Kim Min Jun', 'Kim Minjun')).toBeGreaterThan(0.9);
  });

  it('keeps different people apart', () => {
    expect(score('John Smith', 'John Brown')).toBeLessThan(0.7);
    expect(score('Hiroshi Yamamoto', 'Hiroshi Yamada')).toBeLessThan(0.85);
    expect(score('Khun Chantha', 'Kong Chantha')).toBeLessThan(0.85);
    expect(score('Ho Minh Thuy', 'Ngo Huu Huong')).toBeLessThan(0.5);
    expect(score('Wang Hong', 'Huang Fang')).toBeLessThan(0.75);
    expect(score('Seng Sothea', 'Heng Sothea')).toBeLessThan(0.8);
    expect(score('Sok', 'Sok Dara')).toBeLessThan(0.8);
    expect(score('Pavel Viktorovich Makarov', 'Pavel Sergeevich Makarov')).toBeLessThan(0.75);
  });

  it('scores a pair the same whatever pairs of the same spellings were scored before', () => {
    // Khmer words carry their accepted spellings; the same Latin spellings without them score lower.
    const khmer = () => score('ពិសី', 'ពិសិដ្ឋ');
    const latin = () => score('TOUCH VEASNA PISEY', 'TOUCH Piseth');
    clearSimilarityCache();
    const khmerCold = khmer();
    const latinAfterKhmer = latin();
    clearSimilarityCache();
    const latinCold = latin();
    const khmerAfterLatin = khmer();
    expect(khmerCold).toBeGreaterThan(0.85);
    expect(latinCold).toBeLessThan(khmerCold);
    expect(latinAfterKhmer).toBe(latinCold);
    expect(khmerAfterLatin).toBe(khmerCold);
  });

  it('gives 0 when a side has no name', () => {
    expect(score('', 'John Smith')).toBe(0);
  });
});
