import { describe, expect, it } from 'vitest';
import { clusterSizes } from './entities.clusters.ts';

describe('clusterSizes', () => {
  it('joins records through shared identifiers, transitively, largest first', () => {
    const sizes = clusterSizes([
      ['t1', 'email:a'],
      ['t2', 'email:a'],
      ['t2', 'phone:b'],
      ['t3', 'phone:b'],
      ['t4', 'ip:c'],
      ['t5', 'ip:c'],
      ['t6', 'url:d'],
    ]);
    expect(sizes).toEqual([3, 2, 1]);
  });

  it('counts records only, never identifiers, and a record with many identifiers once', () => {
    expect(
      clusterSizes([
        ['t1', 'a'],
        ['t1', 'b'],
        ['t1', 'c'],
      ]),
    ).toEqual([1]);
    expect(clusterSizes([])).toEqual([]);
  });

  it('does not confuse a record key with an identifier key of the same text', () => {
    expect(
      clusterSizes([
        ['x', 'x'],
        ['y', 'y'],
      ]),
    ).toEqual([1, 1]);
  });

  it('handles a long chain without deep recursion', () => {
    const links: Array<[string, string]> = [];
    for (let i = 0; i < 200_000; i++) links.push([`t${i}`, `i${i}`], [`t${i + 1}`, `i${i}`]);
    expect(clusterSizes(links)[0]).toBe(200_001);
  });
});
