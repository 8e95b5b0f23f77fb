import { describe, expect, it } from 'vitest';
import { jaroWinkler } from './jaro-winkler.ts';
import { khmerSpellings, romaniseKhmer, romaniseKhmerByRule } from './khmer.ts';
import { KHMER_FAMILY_NAMES, KHMER_GIVEN_NAMES, khmerNamePairs } from './khmer-romanisation-set.ts';
import { compareNames } from './name-similarity.ts';
import { normaliseName } from './normalise.ts';

describe('Khmer romanisation rules', () => {
  it.each([
    ['សុខ', 'sok'], // a-series ុ = o, final ខ = k
    ['ហ៊ុន', 'hun'], // triisap turns ហ to the second series: ុ = u
    ['ដារ៉ា', 'dara'], // muusikatoan turns រ to the first series: ា = a
    ['មាស', 'meas'], // second-series ា = ea
    ['ជា', 'chea'],
    ['សេង', 'seng'],
    ['ព្រំ', 'prum'], // subscript រ, ុំ second series = um
    ['ពេជ្រ', 'pech'], // final cluster with silent subscript ro
    ['វង្ស', 'vong'], // final cluster with silent subscript sa
    ['ចន្ទ្រា', 'chantrea'], // ន closes the first syllable, ទ្រ starts the next
    ['ពិសិដ្ឋ', 'piseth'],
    ['សុផល', 'sophal'], // final "consonant + coda" pair
    ['សំណាង', 'samnang'],
    ['លី', 'ly'], // final i spelt y
  ])('%s → %s', (khmer, latin) => {
    expect(romaniseKhmerByRule(khmer)).toBe(latin);
  });

  it('prefers the popular spelling of common names', () => {
    expect(romaniseKhmer('ពេជ្រ')).toBe('pich');
    expect(romaniseKhmer('ស')).toBe('sar');
    expect(khmerSpellings('កែវ')).toContain('kaev');
  });

  it('splits a compound written without a space into known parts', () => {
    expect(khmerSpellings('សុខដារ៉ា')[0]).toBe('sokdara');
  });

  it('ignores signs without sound and characters outside Khmer', () => {
    expect(romaniseKhmerByRule('ចាន់')).toBe('chan');
    expect(romaniseKhmerByRule('សុខ១២')).toBe('sok');
  });
});

describe('Khmer romanisation test set', () => {
  const pairs = khmerNamePairs();

  it('has at least 50 invented names', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(50);
    expect(new Set(pairs.map((p) => p.khmer)).size).toBe(pairs.length);
  });

  it('matches every accepted spelling, in both name orders (≥ 0.9; ≥ 0.85 when romanised by rule)', () => {
    const failures: string[] = [];
    for (const p of pairs) {
      const khmer = normaliseName(p.khmer);
      for (const accepted of p.accepted) {
        const [family, ...given] = accepted.split(' ');
        for (const form of [accepted, `${given.join(' ')} ${family}`, `${family}, ${given.join(' ')}`]) {
          const score = compareNames(normaliseName(form), khmer).score;
          if (score < (p.rule ? 0.85 : 0.9)) failures.push(`${p.khmer} ~ ${form}: ${score.toFixed(2)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('romanises the names outside the dictionary close to their accepted spelling', () => {
    const parts = [...KHMER_FAMILY_NAMES, ...KHMER_GIVEN_NAMES].filter((p) => p.rule);
    expect(parts.length).toBeGreaterThanOrEqual(8);
    for (const p of parts) {
      const best = Math.max(...p.spellings.map((s) => jaroWinkler(romaniseKhmer(p.khmer), s.toLowerCase())));
      expect(
        best,
        `${p.khmer} → ${romaniseKhmer(p.khmer)} vs ${p.spellings.join('/')}`,
      ).toBeGreaterThanOrEqual(0.85);
    }
  });
});
