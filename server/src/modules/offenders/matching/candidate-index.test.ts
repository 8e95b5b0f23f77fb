import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandidateIndexBuilder } from './candidate-index.ts';
import { preparePerson } from './person.ts';
import { Screener } from './screen.ts';
import type { WatchlistEntry } from './types.ts';

const GIVEN = [
  'Dara',
  'Sophea',
  'John',
  'Michael',
  'Anna',
  'Sergey',
  'Xiaoming',
  'Minjun',
  'Piseth',
  'Elena',
];
const FAMILY = ['Sok', 'Chan', 'Smith', 'Halford', 'Ivanov', 'Wang', 'Kim', 'Pich', 'Nguyen', 'Brookwell'];
const MIDDLE = ['', '', 'James', 'Marie', 'Vuthy'];

/** A deterministic watchlist in which every first/last combination appears several times. */
function watchlist(): WatchlistEntry[] {
  const out: WatchlistEntry[] = [];
  let n = 0;
  for (const f of FAMILY) {
    for (const g of GIVEN) {
      for (const m of MIDDLE) {
        n++;
        out.push({
          id: `W${n}`,
          full_name: [g, m, f].filter(Boolean).join(' '),
          dob: `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`,
        });
      }
    }
  }
  return out;
}

const entries = watchlist();
const screener = Screener.build(entries);

type Mutation = 'typo' | 'swap' | 'comma' | 'case' | 'dropMiddle' | 'initial' | 'join';

function mutate(name: string, mutation: Mutation, at: number, letter: string): string {
  const words = name.split(' ');
  switch (mutation) {
    case 'typo': {
      const k = at % words.length;
      const w = words[k]!;
      if (w.length < 4) return name;
      const i = 1 + (at % (w.length - 2));
      words[k] = w.slice(0, i) + letter + w.slice(i + 1);
      return words.join(' ');
    }
    case 'swap':
      return [...words].reverse().join(' ');
    case 'comma':
      return `${words[words.length - 1]!.toUpperCase()}, ${words.slice(0, -1).join(' ')}`;
    case 'case':
      return name.toUpperCase();
    case 'dropMiddle':
      return words.length > 2 ? `${words[0]} ${words[words.length - 1]}` : name;
    case 'initial':
      return words.length > 2 ? `${words[0]} ${words[1]![0]}. ${words[2]}` : name;
    case 'join':
      return words.length === 2 ? words.join('') : name;
  }
}

describe('CandidateIndex', () => {
  it('still retrieves an entry from a mutated form of its name (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: entries.length - 1 }),
        fc.constantFrom<Mutation>('typo', 'swap', 'comma', 'case', 'dropMiddle', 'initial', 'join'),
        fc.nat(1000),
        fc.constantFrom('a', 'e', 'k', 'r', 'x'),
        (index, mutation, at, letter) => {
          const entry = entries[index]!;
          const name = mutate(entry.full_name!, mutation, at, letter);
          const candidates = screener.candidates(preparePerson({ id: 'q', full_name: name }));
          expect(candidates, `${entry.full_name} → ${name}`).toContain(index);
          expect(candidates.length).toBeLessThanOrEqual(screener.options.maxCandidates);
        },
      ),
      { numRuns: 300, seed: 6 },
    );
  });

  it('returns nothing for an unrelated name and never more than the cap', () => {
    expect(screener.candidates(preparePerson({ id: 'q', full_name: 'Zebulon Quartermaine' }))).toEqual([]);
    const capped = Screener.build(entries, { maxCandidates: 5 });
    expect(capped.candidates(preparePerson({ id: 'q', full_name: 'Dara Sok' })).length).toBeLessThanOrEqual(
      5,
    );
  });

  it('ranks entries sharing more and rarer keys first', () => {
    const b = new CandidateIndexBuilder();
    b.add(0, [1, 2, 3]);
    b.add(1, [1, 2]);
    b.add(2, [1, 9]);
    b.add(3, [1, 2, 3, 3]);
    const index = b.build();
    expect(index.stats()).toMatchObject({ keys: 4, postings: 10 });
    expect(index.query([1, 2, 3], { cap: 10, maxPosting: 100, minCount: 2 }).sort()).toEqual([0, 1, 3]);
    expect(index.query([1, 2, 3], { cap: 2, maxPosting: 100, minCount: 2 }).sort()).toEqual([0, 3]);
    expect(index.query([1, 2, 3], { cap: 10, maxPosting: 3, minCount: 2 }).sort()).toEqual([0, 3]);
    expect(index.query([42], { cap: 10, maxPosting: 100, minCount: 1 })).toEqual([]);
  });

  it('restricts a query to id ranges, and counts each of many distinct keys once per listing', () => {
    const b = new CandidateIndexBuilder();
    // 300 entries; entry i holds the keys 1000 + k for k ≤ i % 200 (so 0..199 keys), and key 7.
    for (let i = 0; i < 300; i++) b.add(i, [7, ...Array.from({ length: (i % 200) + 1 }, (_, k) => 1000 + k)]);
    const index = b.build();
    const options = { cap: 1000, maxPosting: 1000, minCount: 150 };
    const many = Array.from({ length: 180 }, (_, k) => 1000 + k);
    // Sharing ≥ 150 of the 180 keys: i % 200 ≥ 149 → 149..199.
    const all = index.query(many, options).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 51 }, (_, k) => 149 + k));
    // The same, keeping only [0, 160) and [190, 300).
    const ranged = index.query(many, options, [0, 160, 190, 300]).sort((x, y) => x - y);
    expect(ranged).toEqual(all.filter((id) => id < 160 || id >= 190));
    // A key listed twice counts twice; an empty range finds nothing.
    expect(index.query([7, 7], { cap: 10, maxPosting: 1000, minCount: 2 }, [5, 7])).toEqual(
      expect.arrayContaining([5, 6]),
    );
    expect(index.query([7, 7], { cap: 10, maxPosting: 1000, minCount: 2 }, [5, 5])).toEqual([]);
  });
});
