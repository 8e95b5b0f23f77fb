import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIndex } from '../../../test/authz/demo.ts';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { type LinkCall, linkIdentifiers, planLinks } from './entities.linking.ts';
import type { LinkItem, LinkResult } from './entities.types.ts';

/**
 * `planLinks` + `write` (the batched `linkIdentifiers`) against `linkIdentifiers` call by call, on two
 * databases: same answers (repeats, counts) and the same identifiers and links afterwards — with a
 * share rule tight enough to stop-list identifiers mid-batch (which must mark the plan unstable), a
 * record linked twice, roles repeated, static reasons and caller-given reasons.
 */
describe('planLinks against linkIdentifiers one call at a time', () => {
  let one: DatabaseHandle;
  let many: DatabaseHandle;
  let agencyOne: string;
  let agencyMany: string;
  const now = new Date('2026-11-28T08:00:00Z');
  // 10 "tips" in the denominator, floor 3: an identifier on a 4th record crosses 30%.
  const options = { now, shareLimit: 0.3, minCountForShare: 3, totalRecords: 10 };

  beforeAll(async () => {
    [one, many] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const [a, b] = await Promise.all([seedDemoIndex(one), seedDemoIndex(many)]);
    agencyOne = a.agencyIdByCode['KH-NP-AHTJP']!;
    agencyMany = b.agencyIdByCode['KH-NP-AHTJP']!;
  }, 120_000);
  afterAll(async () => Promise.all([one?.close(), many?.close()]));

  /** The same calls on either database (same record ids; each database's own agency id). */
  function callsFor(agency: string, ids: readonly string[]): LinkCall[] {
    const records = ids.map((id) => ({
      type: 'tip' as const,
      id,
      agencyId: agency,
      unitId: null,
    }));
    const phone = (n: number): LinkItem => ({ kind: 'phone', value: `+8551200000${n}`, role: 'suspect' });
    const calls: LinkCall[] = records.map((record, i) => ({
      record,
      source: 'operator',
      items: [
        phone(1),
        { ...phone(1), role: 'victim' },
        phone(2 + (i % 3)),
        { kind: 'email', value: 'noemail@example.com', role: 'reporter' },
        ...(i === 5
          ? [{ kind: 'phone' as const, value: '+85512000009', role: 'suspect', stopListed: 'operator_mark' }]
          : []),
        { kind: 'phone', value: '+85512000009', role: 'victim' },
      ],
    }));
    // The same record again (extracted from its narrative): no new record count, new role only.
    calls.push({ record: records[2]!, source: 'extracted', items: [{ ...phone(1), role: 'mentioned' }] });
    return calls;
  }

  it('answers and writes what linkIdentifiers call by call would', async () => {
    const ids = Array.from({ length: 8 }, () => randomUUID());
    const sequential: LinkResult[] = [];
    await one.db.transaction(async (tx) => {
      for (const c of callsFor(agencyOne, ids))
        sequential.push(await linkIdentifiers(tx, c.record, c.source, c.items, options));
    });
    const plan = await many.db.transaction(async (tx) => {
      const p = await planLinks(tx, callsFor(agencyMany, ids), options);
      await p.write();
      return p;
    });
    // Identifier ids differ between the databases: compare repeats by kind and count.
    const shape = (r: LinkResult) => ({
      ...r,
      repeats: r.repeats.map((x) => `${x.kind}:${x.otherRecords}`).sort(),
    });
    expect(plan.results.map(shape)).toEqual(sequential.map(shape));
    // +85512000001 crosses the share on its 4th record, then +85512000009's reason changes later on.
    expect(plan.stable).toBe(false);
    expect(sequential.some((r) => r.repeats.length > 0)).toBe(true);

    const state = (db: DatabaseHandle) =>
      db.query('SELECT kind, value, stop_listed, record_count FROM identifiers ORDER BY kind, value');
    const links = (db: DatabaseHandle) =>
      db.query(`SELECT i.kind, i.value, l.record_id, l.role, l.source FROM identifier_links l
        JOIN identifiers i ON i.id = l.identifier_id ORDER BY l.record_id, i.kind, i.value, l.role`);
    const stopped = await state(one);
    expect(stopped).toContainEqual(
      expect.objectContaining({ value: '+85512000001', stop_listed: 'too_common' }),
    );
    expect(await state(many)).toEqual(stopped);
    expect(await links(many)).toEqual(await links(one));
  });

  it('is stable, and changes nothing before write, when no reason moves mid-batch', async () => {
    const calls = callsFor(
      agencyMany,
      Array.from({ length: 8 }, () => randomUUID()),
    ).slice(0, 2);
    const before = await many.query('SELECT count(*)::int AS n FROM identifier_links');
    await many.db.transaction(async (tx) => {
      const plan = await planLinks(tx, calls, { now, totalRecords: 10_000 });
      expect(plan.stable).toBe(true);
      expect(plan.results[1]!.repeats.length).toBeGreaterThan(0);
    });
    expect(await many.query('SELECT count(*)::int AS n FROM identifier_links')).toEqual(before);
  });

  it('refuses to write when another writer created one of its new identifiers meanwhile', async () => {
    const calls: LinkCall[] = [
      {
        record: { type: 'tip', id: randomUUID(), agencyId: agencyMany, unitId: null },
        source: 'operator',
        items: [{ kind: 'phone', value: '+85512999001', role: 'suspect' }],
      },
    ];
    const before = await many.query('SELECT count(*)::int AS n FROM identifiers');
    await expect(
      many.db.transaction(async (tx) => {
        const plan = await planLinks(tx, calls, { now });
        // Stands in for a concurrent import filing the same new phone between the plan and its write.
        await linkIdentifiers(
          tx,
          { type: 'tip', id: randomUUID(), agencyId: agencyMany, unitId: null },
          'operator',
          calls[0]!.items,
          { now },
        );
        await plan.write();
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await many.query('SELECT count(*)::int AS n FROM identifiers')).toEqual(before);
  });
});
