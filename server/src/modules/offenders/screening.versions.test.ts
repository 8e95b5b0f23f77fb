import { describe, expect, it } from 'vitest';
import { entryVersion, VersionMemory } from './screening.versions.ts';

const at = (ms: number, status = 'active') =>
  entryVersion({ id: `e${ms}-${status}`, updatedAt: new Date(ms), status, expiresAt: null })[1];

describe('VersionMemory', () => {
  it('forgets versions older than the cut, keeps newer ones and those set again since', () => {
    const memory = new VersionMemory();
    memory.set('entry:a', at(1_000));
    memory.set('entry:b', at(2_500));
    memory.set('entry:c', at(9_000));
    // `a` changes again later: its old second expires, its new version stays.
    memory.set('entry:a', at(8_200));
    memory.forgetBefore(5_000);
    expect(memory.get('entry:a')).toBe(at(8_200));
    expect(memory.get('entry:b')).toBeUndefined();
    expect(memory.get('entry:c')).toBe(at(9_000));
    expect(memory.size).toBe(2);
    memory.forgetBefore(10_000);
    expect(memory.size).toBe(0);
  });

  it('keeps a version in the second the cut falls in until that second has passed', () => {
    const memory = new VersionMemory();
    memory.set('entry:x', at(4_100));
    memory.set('entry:y', at(4_900));
    memory.forgetBefore(4_500);
    // Kept longer than needed is harmless (a re-read row with a held version is simply not re-applied).
    expect(memory.get('entry:x')).toBe(at(4_100));
    expect(memory.get('entry:y')).toBe(at(4_900));
    memory.forgetBefore(5_000);
    expect(memory.size).toBe(0);
  });

  it('forgets at most `budget` keys a call, the rest at the next calls', () => {
    const memory = new VersionMemory();
    for (let i = 0; i < 10; i++) memory.set(`entry:${i}`, at(1_000 + i * 100));
    memory.forgetBefore(5_000, 4);
    expect(memory.size).toBe(6);
    memory.forgetBefore(5_000, 4);
    expect(memory.size).toBe(2);
    memory.forgetBefore(5_000, 4);
    expect(memory.size).toBe(0);
  });

  it('forgets by touching only the seconds it drops, not every version held', () => {
    const memory = new VersionMemory();
    for (let i = 0; i < 100_000; i++) memory.set(`entry:${i}`, at(60_000 + (i % 30) * 1000));
    memory.set('entry:old', at(1_000));
    const keysRead: string[] = [];
    const get = Map.prototype.get;
    const spy = function (this: Map<string, string>, key: string) {
      keysRead.push(key);
      return get.call(this, key);
    };
    Map.prototype.get = spy as typeof Map.prototype.get;
    try {
      memory.forgetBefore(59_000);
    } finally {
      Map.prototype.get = get;
    }
    expect(keysRead).toEqual(['entry:old']);
    expect(memory.size).toBe(100_000);
  });
});
