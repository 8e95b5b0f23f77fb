import { describe, expect, it } from 'vitest';
import { hashedKeys } from './keys.ts';
import { normaliseName } from './normalise.ts';

const names = (...raw: string[]) => raw.map(normaliseName);

/** Times each key is listed. */
function counts(keys: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

describe('hashedKeys (reused key set)', () => {
  it('lists each key once and the whole-name keys three times, the same on every call', () => {
    const keys = hashedKeys(names('Dara Sok'));
    const c = counts(keys);
    expect([...c.values()].filter((n) => n === 3).length).toBe(2); // in order and reversed
    expect([...c.values()].every((n) => n === 1 || n === 3)).toBe(true);
    expect(hashedKeys(names('Dara Sok'))).toEqual(keys);
  });

  it('holds many keys (an entry with many aliases) and leaves nothing behind for the next call', () => {
    const aliases = Array.from(
      { length: 14 },
      (_, i) => `Alias${String.fromCharCode(97 + i)}ov Petr Ivanovich Smirnov${i}`,
    );
    const first = hashedKeys(names(...aliases), 'entry');
    expect(new Set(first).size).toBeGreaterThan(300);
    expect([...counts(first).values()].every((n) => n === 1 || n === 3)).toBe(true);
    const query = hashedKeys(names('Petr Smirnov'));
    expect(hashedKeys(names(...aliases), 'entry')).toEqual(first);
    expect(hashedKeys(names('Petr Smirnov'))).toEqual(query);
    // Not a key of the big entry leaks into a small query's list.
    expect(query.length).toBeLessThan(60);
  });
});
