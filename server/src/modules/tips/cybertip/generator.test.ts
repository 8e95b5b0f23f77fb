import { describe, expect, it } from 'vitest';
import {
  generateReports,
  measureParseThroughput,
  mulberry32,
} from '../../../../../bench/generators/cybertip.ts';
import { identifiersOf } from './identifiers.ts';
import { parseCyberTip } from './parse.ts';

describe('synthetic CyberTipline generator', () => {
  it('is deterministic for a seed and uses no Math.random', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const first = Array.from(generateReports(50, 7), (g) => g.text);
    const again = Array.from(generateReports(50, 7), (g) => g.text);
    expect(again).toEqual(first);
    expect(Array.from(generateReports(50, 8), (g) => g.text)).not.toEqual(first);
  });

  it('round trip: the parser gives back every generated field, in both formats', () => {
    const formats = new Set<string>();
    for (const g of generateReports(300, 3)) {
      formats.add(g.format);
      const outcome = parseCyberTip(g.text, { file: g.fileName });
      expect(outcome.ok ? outcome.report : outcome.error.message).toEqual(g.report);
    }
    expect(formats).toEqual(new Set(['xml', 'json']));
  });

  it('reuses identifiers realistically: heavy hitters, many singletons, stop-listed noise; clusters under 1%', () => {
    const n = 3000;
    const reportsPerValue = new Map<string, number[]>();
    let stopListed = 0;
    let i = 0;
    for (const g of generateReports(n, 11)) {
      for (const id of identifiersOf(g.report).identifiers) {
        if (id.stopListed) stopListed++;
        if (id.stopListed || id.kind === 'name') continue;
        const key = `${id.kind} ${id.value}`;
        reportsPerValue.set(key, [...(reportsPerValue.get(key) ?? []), i]);
      }
      i++;
    }
    // Union-find over reports that share a linkable identifier.
    const parent = Array.from({ length: n }, (_, k) => k);
    const find = (k: number): number => {
      while (parent[k] !== k) {
        parent[k] = parent[parent[k]!]!;
        k = parent[k]!;
      }
      return k;
    };
    for (const reports of reportsPerValue.values())
      for (const r of reports) parent[find(r)] = find(reports[0]!);
    const sizes = new Map<number, number>();
    for (let k = 0; k < n; k++) sizes.set(find(k), (sizes.get(find(k)) ?? 0) + 1);
    const largest = Math.max(...sizes.values());
    const reuse = [...reportsPerValue.values()].map((r) => new Set(r).size);
    expect(largest).toBeGreaterThan(5);
    expect(largest / n).toBeLessThan(0.01);
    expect(reuse.filter((c) => c === 1).length / reuse.length).toBeGreaterThan(0.5);
    expect(stopListed).toBeGreaterThan(n * 0.1);
  });

  it('measures parse-only throughput', () => {
    const r = measureParseThroughput(1000, 5);
    console.log(
      `parse-only: ${r.perSecond} reports/s (${r.perCpuSecond} per CPU-second), ${r.reports} reports`,
    );
    expect(r.failed).toBe(0);
    expect(r.perSecond).toBeGreaterThan(50);
  });
});
