import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { actorFor } from '../../../test/authz/actors.ts';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { signal } from '../../../test/signal.ts';
import type { Executor } from '../../platform/db/index.ts';
import { type LinkCall, linkIdentifiers, linkIdentifiersMany } from './entities.linking.ts';
import { mergeIdentifier, undoIdentifierMerge } from './entities.merge.ts';
import type { LinkedRecord, LinkResult } from './entities.types.ts';

/**
 * New data must not re-link a merged identifier (issue 7 §5): a record carrying the merged value is
 * linked to the final survivor (chains followed), in the single and the batched path alike, and the
 * merged row stays empty — until the merge is undone.
 */
describe('linking a merged identifier links its survivor', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let agencyId: string;
  let unitId: string | null;
  let seq = 0;
  const analyst = () => actorFor(demo.byRole.intel_analyst);
  const fresh = (label: string) => `syn.relink.${label}.${++seq}@mail.test.kh`;
  const tip = (): LinkedRecord => ({ type: 'tip', id: randomUUID(), agencyId, unitId });
  const options = () => ({ now: t.clock.now(), totalRecords: 10_000 });

  async function link(value: string, record = tip(), role = 'reported_person'): Promise<LinkResult> {
    return t.database.db.transaction((tx) =>
      linkIdentifiers(tx, record, 'operator', [{ kind: 'email', value, role }], options()),
    );
  }
  async function idOf(value: string): Promise<string> {
    const [row] = await t.database.query<{ id: string }>(
      `SELECT id FROM identifiers WHERE kind = 'email' AND value = $1`,
      [value],
    );
    return row!.id;
  }
  /** A fresh e-mail identifier linked to `records` new tips; its id. */
  async function identifier(label: string, records = 1): Promise<{ id: string; value: string }> {
    const value = fresh(label);
    for (let i = 0; i < records; i++) await link(value);
    return { id: await idOf(value), value };
  }
  const merge = (merged: string, into: string) =>
    mergeIdentifier(t.ctx, analyst(), merged, { intoId: into, reason: 'synthetic duplicate' });
  const linkCount = async (id: string) =>
    Number(
      (
        await t.database.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM identifier_links WHERE identifier_id = $1',
          [id],
        )
      )[0]!.n,
    );
  const recordCount = async (id: string) =>
    Number(
      (
        await t.database.query<{ n: number }>('SELECT record_count AS n FROM identifiers WHERE id = $1', [id])
      )[0]!.n,
    );
  const holderOf = async (record: LinkedRecord) =>
    (
      await t.database.query<{ identifier_id: string }>(
        'SELECT identifier_id FROM identifier_links WHERE record_id = $1',
        [record.id],
      )
    ).map((r) => r.identifier_id);

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    agencyId = demo.byRole.intel_analyst.agencyId;
    unitId = demo.byRole.intel_analyst.unitId;
  }, 120_000);
  afterAll(async () => t?.close());

  it('links new data with the merged value to the survivor, counts it there, leaves the merged row empty', async () => {
    const a = await identifier('a', 1);
    const b = await identifier('b', 2);
    await merge(a.id, b.id);
    expect(await recordCount(b.id)).toBe(3);

    const record = tip();
    const result = await link(a.value, record);
    expect(await holderOf(record)).toEqual([b.id]);
    expect(await linkCount(a.id)).toBe(0);
    expect(await recordCount(a.id)).toBe(0);
    expect(await recordCount(b.id)).toBe(4);
    expect(result).toEqual({
      linked: 1,
      stopListed: 0,
      repeats: [{ identifierId: b.id, kind: 'email', otherRecords: 3 }],
    });

    // Both values on one record in the same role: one link, one more record for the survivor.
    const both = tip();
    const twice = await t.database.db.transaction((tx) =>
      linkIdentifiers(
        tx,
        both,
        'operator',
        [
          { kind: 'email', value: a.value, role: 'suspect' },
          { kind: 'email', value: b.value, role: 'suspect' },
        ],
        options(),
      ),
    );
    expect(twice.linked).toBe(1);
    expect(await holderOf(both)).toEqual([b.id]);
    expect(await recordCount(b.id)).toBe(5);
    expect(await linkCount(a.id)).toBe(0);
  });

  it('follows a chain A→B→C to the final survivor', async () => {
    const a = await identifier('chain-a');
    const b = await identifier('chain-b');
    const c = await identifier('chain-c');
    await merge(a.id, b.id);
    await merge(b.id, c.id);
    const fromA = tip();
    const fromB = tip();
    await link(a.value, fromA);
    await link(b.value, fromB);
    expect(await holderOf(fromA)).toEqual([c.id]);
    expect(await holderOf(fromB)).toEqual([c.id]);
    expect([await linkCount(a.id), await linkCount(b.id)]).toEqual([0, 0]);
    expect(await recordCount(c.id)).toBe(5);
  });

  it('refuses, naming no value, a merge chain that loops instead of linking somewhere arbitrary', async () => {
    const a = await identifier('loop-a');
    const b = await identifier('loop-b');
    // mergeIdentifier refuses this (survivor already merged): a corrupted table, written directly.
    for (const [merged, survivor] of [
      [a.id, b.id],
      [b.id, a.id],
    ]) {
      await t.database.query(
        `INSERT INTO entity_merges (kind, survivor_id, merged_id, moved) VALUES ('identifier', $1, $2, $3)`,
        [survivor, merged, JSON.stringify({ links: [], duplicates: [] })],
      );
    }
    const e = await link(a.value).then(
      () => undefined,
      (err: unknown) => err as { code: string; message: string },
    );
    expect(e).toMatchObject({ code: 'conflict' });
    expect(e!.message).not.toContain(a.value);
    await t.database.query('DELETE FROM entity_merges WHERE merged_id = ANY($1::uuid[])', [[a.id, b.id]]);
  });

  it('after an undo, new data with the merged value links to it again; links made meanwhile stay on the survivor', async () => {
    const a = await identifier('undo-a');
    const b = await identifier('undo-b');
    const m = await merge(a.id, b.id);
    const meanwhile = tip();
    await link(a.value, meanwhile);
    expect(await holderOf(meanwhile)).toEqual([b.id]);

    await undoIdentifierMerge(t.ctx, analyst(), m.id);
    // Undo moves back only the links recorded in the merge: the one made meanwhile stays on B.
    expect(await holderOf(meanwhile)).toEqual([b.id]);
    expect([await recordCount(a.id), await recordCount(b.id)]).toEqual([1, 2]);

    const after = tip();
    await link(a.value, after);
    expect(await holderOf(after)).toEqual([a.id]);
    expect([await recordCount(a.id), await recordCount(b.id)]).toEqual([2, 2]);
  });

  for (const path of ['linkIdentifiers', 'linkIdentifiersMany'] as const) {
    it(`${path} refuses (409) rather than link a row merged while it waited for its lock (PostgreSQL)`, async (ctx) => {
      // Two transactions at once need a pool: PGlite has one connection.
      if (t.database.engine !== 'postgres') ctx.skip();
      const a = await identifier(`race-${path}-a`);
      const b = await identifier(`race-${path}-b`);
      const [gate, release] = signal();
      const [holding, locked] = signal();
      // A merge in progress, as mergeIdentifier does it: both rows locked, links moved, merge row in.
      const merging = t.database.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT id FROM identifiers WHERE id IN (${a.id}::uuid, ${b.id}::uuid)
          ORDER BY id FOR UPDATE`);
        await tx.execute(sql`UPDATE identifier_links SET identifier_id = ${b.id}::uuid
          WHERE identifier_id = ${a.id}::uuid`);
        await tx.execute(sql`UPDATE identifiers SET record_count = CASE WHEN id = ${a.id}::uuid THEN 0 ELSE 2 END
          WHERE id IN (${a.id}::uuid, ${b.id}::uuid)`);
        await tx.execute(sql`INSERT INTO entity_merges (kind, survivor_id, merged_id, moved)
          VALUES ('identifier', ${b.id}::uuid, ${a.id}::uuid, '{"links":[],"duplicates":[]}'::jsonb)`);
        locked();
        await gate;
      });
      await holding;
      const record = tip();
      const item = [{ kind: 'email' as const, value: a.value, role: 'suspect' }];
      const linking = t.database.db
        .transaction(async (tx) => {
          if (path === 'linkIdentifiers') await linkIdentifiers(tx, record, 'operator', item, options());
          else await linkIdentifiersMany(tx, [{ record, source: 'operator', items: item }], options());
        })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      // Wait until the linker read "not merged" and blocks on A's row lock, then let the merge commit.
      for (let i = 0; i < 200; i++) {
        const [w] = await t.database.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (Number(w!.n) > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      release();
      await merging;
      expect(await linking).toMatchObject({ code: 'conflict' });
      expect(await linkCount(a.id)).toBe(0);
      expect(await holderOf(record)).toEqual([]);
      // Retried after the merge, it lands on the survivor.
      await link(a.value, record, 'suspect');
      expect(await holderOf(record)).toEqual([b.id]);
    });
  }

  it('the batched path (linkIdentifiersMany) redirects alike and matches linkIdentifiers call by call', async () => {
    const a = await identifier('many-a');
    const b = await identifier('many-b', 2);
    const c = await identifier('many-c');
    const d = await identifier('many-d');
    await merge(a.id, b.id);
    await merge(c.id, d.id);
    await merge(d.id, b.id); // c → d → b
    const other = fresh('many-new');
    const records = [tip(), tip(), tip(), tip()];
    const calls: LinkCall[] = [
      {
        record: records[0]!,
        source: 'operator',
        items: [{ kind: 'email', value: a.value, role: 'suspect' }],
      },
      {
        record: records[1]!,
        source: 'operator',
        items: [
          { kind: 'email', value: a.value, role: 'suspect' },
          { kind: 'email', value: b.value, role: 'suspect' },
          { kind: 'email', value: other, role: 'victim' },
        ],
      },
      {
        record: records[2]!,
        source: 'operator',
        items: [{ kind: 'email', value: c.value, role: 'suspect' }],
      },
      // The same record again, another role, through the merged value.
      {
        record: records[1]!,
        source: 'extracted',
        items: [{ kind: 'email', value: c.value, role: 'mentioned' }],
      },
      { record: records[3]!, source: 'operator', items: [{ kind: 'email', value: other, role: 'suspect' }] },
    ];
    const ids = [a.id, b.id, c.id, d.id];
    const idArray = `{${ids.join(',')}}`;
    const recordArray = `{${records.map((r) => r.id).join(',')}}`;
    const rows = (result: unknown) => (result as { rows: unknown[] }).rows;
    const snapshot = async (tx: Executor) => ({
      counts: rows(
        await tx.execute(sql`
          SELECT value, record_count, stop_listed FROM identifiers
          WHERE id = ANY(${idArray}::uuid[]) OR (kind = 'email' AND value = ${other}) ORDER BY value`),
      ),
      links: rows(
        await tx.execute(sql`
          SELECT i.value, l.record_id, l.role, l.source
          FROM identifier_links l JOIN identifiers i ON i.id = l.identifier_id
          WHERE l.record_id = ANY(${recordArray}::uuid[]) ORDER BY l.record_id, i.value, l.role`),
      ),
    });
    const rollback = new Error('rollback');
    /** Run `work` in a transaction, keep its answer and the state it left, then roll it back. */
    async function tryOut(work: (tx: Executor) => Promise<LinkResult[]>) {
      let out: { results: LinkResult[]; state: Awaited<ReturnType<typeof snapshot>> } | undefined;
      await t.database.db
        .transaction(async (tx) => {
          const results = await work(tx);
          out = { results, state: await snapshot(tx) };
          throw rollback;
        })
        .catch((err: unknown) => {
          if (err !== rollback) throw err;
        });
      return out!;
    }
    const sequential = await tryOut(async (tx) => {
      const results: LinkResult[] = [];
      for (const c of calls) results.push(await linkIdentifiers(tx, c.record, c.source, c.items, options()));
      return results;
    });
    const batched = await tryOut((tx) => linkIdentifiersMany(tx, calls, options()));

    // The new identifier's id differs between the two runs: compare repeats without it.
    const shape = (r: LinkResult) => ({
      ...r,
      repeats: r.repeats.map((x) => `${x.identifierId === b.id ? 'B' : 'new'}:${x.otherRecords}`).sort(),
    });
    expect(batched.results.map(shape)).toEqual(sequential.results.map(shape));
    expect(batched.state).toEqual(sequential.state);
    // And what they agree on is the redirect: no link on a merged row, B counts its 5 records + 3 new ones.
    const linked = sequential.state.links as Array<{ value: string }>;
    expect(linked.some((l) => [a.value, c.value, d.value].includes(l.value))).toBe(false);
    expect(sequential.state.counts).toContainEqual({ value: b.value, record_count: 8, stop_listed: null });
    expect(sequential.results[0]!.repeats).toEqual([{ identifierId: b.id, kind: 'email', otherRecords: 5 }]);
  });
});
