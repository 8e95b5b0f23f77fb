import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { signal } from '../../../test/signal.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  clusterSizesOf,
  identifiersOfRecord,
  type LinkedRecord,
  type LinkItem,
  type LinkOptions,
  linkIdentifiers,
  moveRecordHolder,
  relatedRecords,
} from './index.ts';

/** Linking records through identifiers, on the engine the db tier runs (PGlite or PostgreSQL). */
describe('entity linking', () => {
  let h: DatabaseHandle;
  let agencyA: string;
  let agencyB: string;
  let unitA: string;
  let unitB: string;
  const now = new Date('2026-03-01T10:00:00.000Z');
  // Share rule off unless a test says otherwise: a tiny test set must not trip it by accident.
  const noShare = { now, shareLimit: 1, minCountForShare: 1_000_000 };

  beforeAll(async () => {
    h = await createTestDatabase();
    const agencies = await h.query<{ id: string; code: string }>(
      `INSERT INTO agencies (code, type, name_en, name_km) VALUES
         ('T-ENT-A', 'police', 'Synthetic police A', 'ប៉ូលីស A'), ('T-ENT-B', 'ngo', 'Synthetic NGO B', 'អង្គការ B')
       RETURNING id, code`,
    );
    agencyA = agencies.find((a) => a.code === 'T-ENT-A')!.id;
    agencyB = agencies.find((a) => a.code === 'T-ENT-B')!.id;
    unitA = (
      await h.query<{ id: string }>(
        `INSERT INTO units (agency_id, code, name_en, name_km) VALUES ($1, 'U-A', 'Unit A', 'ក្រុម A') RETURNING id`,
        [agencyA],
      )
    )[0]!.id;
    unitB = (
      await h.query<{ id: string }>(
        `INSERT INTO units (agency_id, code, name_en, name_km) VALUES ($1, 'U-B', 'Unit B', 'ក្រុម B') RETURNING id`,
        [agencyB],
      )
    )[0]!.id;
  }, 60_000);
  afterAll(async () => h?.close());

  const tip = (agencyId = agencyA, unitId: string | null = unitA): LinkedRecord => ({
    type: 'tip',
    id: randomUUID(),
    agencyId,
    unitId,
  });
  const link = (record: LinkedRecord, items: LinkItem[], options: LinkOptions = noShare) =>
    h.db.transaction((tx) => linkIdentifiers(tx, record, 'test', items, options));
  const identifierRow = async (kind: string, value: string) =>
    (
      await h.query<{ id: string; record_count: number; stop_listed: string | null }>(
        'SELECT id, record_count, stop_listed FROM identifiers WHERE kind = $1 AND value = $2',
        [kind, value],
      )
    )[0];
  const linksOf = async (record: LinkedRecord) =>
    Number(
      (
        await h.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM identifier_links WHERE record_type = $1 AND record_id = $2',
          [record.type, record.id],
        )
      )[0]!.n,
    );

  it('upserts identifiers and links, counts records per identifier and reports repeats', async () => {
    const first = tip();
    const r1 = await link(first, [
      { kind: 'email', value: 'syn.one@mail.test.kh', role: 'reported_person' },
      { kind: 'phone', value: '+85512345001', role: 'reported_person' },
    ]);
    expect(r1).toEqual({ linked: 2, stopListed: 0, repeats: [] });
    const second = tip(agencyB, unitB);
    const r2 = await link(second, [
      { kind: 'email', value: 'syn.one@mail.test.kh', role: 'suspect' },
      { kind: 'phone', value: '+85512345002', role: 'reported_person' },
    ]);
    const email = await identifierRow('email', 'syn.one@mail.test.kh');
    expect(email).toMatchObject({ record_count: 2, stop_listed: null });
    expect(r2.linked).toBe(2);
    expect(r2.repeats).toEqual([{ identifierId: email!.id, kind: 'email', otherRecords: 1 }]);
    expect((await identifierRow('phone', '+85512345002'))?.record_count).toBe(1);
  });

  it('relinking the same record changes nothing; two roles of one identifier count one record', async () => {
    const record = tip();
    const items: LinkItem[] = [
      { kind: 'url', value: 'https://syn-relink.kh/profile', role: 'incident' },
      { kind: 'url', value: 'https://syn-relink.kh/profile', role: 'reported_person' },
      { kind: 'url', value: 'https://syn-relink.kh/profile', role: 'incident' }, // a duplicate item
    ];
    expect((await link(record, items)).linked).toBe(2);
    expect((await identifierRow('url', 'https://syn-relink.kh/profile'))?.record_count).toBe(1);
    const again = await link(record, items);
    expect(again).toEqual({ linked: 0, stopListed: 0, repeats: [] });
    expect((await identifierRow('url', 'https://syn-relink.kh/profile'))?.record_count).toBe(1);
    expect(await linksOf(record)).toBe(2);
  });

  it('stores ESP accounts as `account`, refuses unknown kinds and record types naming them', async () => {
    const record = tip();
    await link(record, [{ kind: 'esp_account', value: 'facebook:100012345', role: 'reported_person' }]);
    expect(await identifierRow('account', 'facebook:100012345')).toBeDefined();
    const badKind = link(record, [{ kind: 'shoe_size' as never, value: '42', role: 'x' }]);
    await expect(badKind).rejects.toThrow(/identifier kind "shoe_size"/);
    await expect(badKind).rejects.toBeInstanceOf(AppError);
    await expect(link({ ...record, type: 'invoice' as never }, [])).rejects.toThrow(/record type "invoice"/);
  });

  it('stop-lists placeholders statically: they are linked and counted but never repeat or relate', async () => {
    const a = tip();
    const b = tip();
    const shared: LinkItem[] = [
      { kind: 'email', value: 'noemail@example.com', role: 'reported_person' },
      { kind: 'ip', value: '192.168.1.1', role: 'reported_person' },
      { kind: 'phone', value: '+85512345678', role: 'reporter', stopListed: 'operator_marked' },
    ];
    expect((await link(a, shared)).stopListed).toBe(3);
    const rb = await link(b, shared);
    expect(rb).toMatchObject({ linked: 3, stopListed: 3, repeats: [] });
    expect(await identifierRow('ip', '192.168.1.1')).toMatchObject({
      record_count: 2,
      stop_listed: 'non_public_ip',
    });
    expect((await identifierRow('phone', '+85512345678'))?.stop_listed).toBe('operator_marked');
    // The share rule never lifts another reason, even at a checkpoint far under the share.
    await link(tip(), [{ kind: 'phone', value: '+85512345678', role: 'reporter' }], {
      now,
      shareLimit: 0.5,
      minCountForShare: 3,
      totalRecords: 1000,
    });
    expect((await identifierRow('phone', '+85512345678'))?.stop_listed).toBe('operator_marked');
    expect(await relatedRecords(h.db, 'tip', a.id)).toEqual([]);
    const mine = await identifiersOfRecord(h.db, 'tip', a.id);
    expect(mine.map((m) => [m.kind, m.stopListed, m.otherRecords])).toEqual([
      ['email', 'placeholder_email', 1],
      ['ip', 'non_public_ip', 1],
      ['phone', 'operator_marked', 2], // also linked to the third tip above
    ]);
  });

  it('applies the share rule: over the share and at least the floor → stop-listed `too_common`', async () => {
    const value = 'syn.common@mail.test.kh';
    const options = { now, shareLimit: 0.1, minCountForShare: 3, totalRecords: 20 };
    const records = [tip(), tip(), tip(), tip()];
    // Below the floor nothing fires, whatever the share (2 of 20 tips = 10%, and 2 < 3).
    for (const r of records.slice(0, 2)) await link(r, [{ kind: 'email', value, role: 'suspect' }], options);
    expect((await identifierRow('email', value))?.stop_listed).toBeNull();
    expect((await relatedRecords(h.db, 'tip', records[0]!.id)).map((r) => r.recordId)).toEqual([
      records[1]!.id,
    ]);
    // 3 records > 10% of 20 tips: stop-listed, so it is no longer a repeat and links nothing.
    const third = await link(records[2]!, [{ kind: 'email', value, role: 'suspect' }], options);
    expect(third).toMatchObject({ stopListed: 1, repeats: [] });
    expect(await identifierRow('email', value)).toMatchObject({ record_count: 3, stop_listed: 'too_common' });
    expect(await relatedRecords(h.db, 'tip', records[0]!.id)).toEqual([]);
    const fourth = await link(records[3]!, [{ kind: 'email', value, role: 'suspect' }], options);
    expect(fourth).toMatchObject({ stopListed: 1, repeats: [] });
    // When the tips catch up (1,000 now), the next checkpoint (5 records) finds it under the share: the
    // rule's own verdict is lifted and it links again.
    const fifth = tip();
    const r5 = await link(fifth, [{ kind: 'email', value, role: 'suspect' }], {
      ...options,
      totalRecords: 1000,
    });
    expect(r5).toMatchObject({ stopListed: 0, repeats: [{ kind: 'email', otherRecords: 4 }] });
    expect((await identifierRow('email', value))?.stop_listed).toBeNull();
    expect(await relatedRecords(h.db, 'tip', fifth.id)).toHaveLength(4);
  });

  it('keeps an identifier under the share, and counts the tips itself when no total is given', async () => {
    const value = '+85598765401';
    const options = { now, shareLimit: 0.1, minCountForShare: 3 };
    // 40 tips exist: 3 records are 7.5% ≤ 10%, so the rule leaves the identifier alone.
    await h.query(
      `INSERT INTO tips (reference, source, agency_id, proposed_priority, received_at, narrative)
       SELECT 'T-ENT-' || g, 'phone', $1, 'P4', now(), 'Synthetic narrative' FROM generate_series(1, 40) g`,
      [agencyA],
    );
    for (let i = 0; i < 3; i++) await link(tip(), [{ kind: 'phone', value, role: 'suspect' }], options);
    expect((await identifierRow('phone', value))?.stop_listed).toBeNull();
    // The fourth record is a checkpoint (⌈3 × 1.1⌉ = 4); with a share of 5%, 4 > 5% of the 40 tips
    // counted in the database → stop-listed.
    await link(tip(), [{ kind: 'phone', value, role: 'suspect' }], { ...options, shareLimit: 0.05 });
    expect((await identifierRow('phone', value))?.stop_listed).toBe('too_common');
  });

  it('relatedRecords: other records only, most shared first, bounded, with their holder', async () => {
    const me = tip();
    const strong = tip(agencyB, unitB);
    const weak = tip();
    const ids: LinkItem[] = [
      { kind: 'username', value: 'telegram:syn_related', role: 'reported_person' },
      { kind: 'device', value: 'imei:490154203237518', role: 'reported_person' },
    ];
    await link(me, ids);
    await link(strong, ids);
    await link(weak, [ids[0]!]);
    const related = await relatedRecords(h.db, 'tip', me.id);
    expect(related.map((r) => r.recordId)).toEqual([strong.id, weak.id]);
    expect(related[0]).toMatchObject({ recordType: 'tip', agencyId: agencyB, unitId: unitB });
    expect(related[0]!.shared.map((s) => s.kind).sort()).toEqual(['device', 'username']);
    expect(related.some((r) => r.recordId === me.id)).toBe(false);
    expect((await relatedRecords(h.db, 'tip', me.id, 1)).map((r) => r.recordId)).toEqual([strong.id]);
    await expect(relatedRecords(h.db, 'tip', me.id, 0)).rejects.toThrow(/limit/);
  });

  it('moveRecordHolder moves every link of the record to its new holder', async () => {
    const moved = tip();
    const other = tip();
    const ids: LinkItem[] = [{ kind: 'passport', value: 'GB:SYN123456', role: 'suspect' }];
    await link(moved, ids);
    await link(other, ids);
    const n = await h.db.transaction((tx) => moveRecordHolder(tx, 'tip', moved.id, agencyB, null));
    expect(n).toBe(1);
    expect((await relatedRecords(h.db, 'tip', other.id))[0]).toMatchObject({
      recordId: moved.id,
      agencyId: agencyB,
      unitId: null,
    });
    expect(await h.db.transaction((tx) => moveRecordHolder(tx, 'tip', moved.id, agencyB, null))).toBe(0);
  });

  it('two transactions linking the same new identifier both succeed (ON CONFLICT)', async () => {
    const value = 'syn.race@mail.test.kh';
    const a = tip();
    const b = tip(agencyB, unitB);
    const [linkedInFirst, firstLinked] = signal();
    const item: LinkItem[] = [{ kind: 'email', value, role: 'suspect' }];
    const first = h.db.transaction(async (tx) => {
      const r = await linkIdentifiers(tx, a, 'test', item, noShare);
      firstLinked();
      // Hold the new (uncommitted) identifier row while the second transaction tries to insert it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return r;
    });
    await linkedInFirst;
    const second = h.db.transaction((tx) => linkIdentifiers(tx, b, 'test', item, noShare));
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1.linked).toBe(1);
    expect(r2.linked).toBe(1);
    expect(await identifierRow('email', value)).toMatchObject({ record_count: 2 });
    expect((await relatedRecords(h.db, 'tip', a.id)).map((r) => r.recordId)).toEqual([b.id]);
  });

  it('a rolled-back link leaves neither the identifier count nor the link behind', async () => {
    const value = 'syn.rollback@mail.test.kh';
    const kept = tip();
    await link(kept, [{ kind: 'email', value, role: 'suspect' }]);
    const lost = tip();
    await expect(
      h.db.transaction(async (tx) => {
        await linkIdentifiers(tx, lost, 'test', [{ kind: 'email', value, role: 'suspect' }], noShare);
        throw new Error('caller failed later in the same transaction');
      }),
    ).rejects.toThrow(/caller failed/);
    expect((await identifierRow('email', value))?.record_count).toBe(1);
    expect(await linksOf(lost)).toBe(0);
  });

  it('clusterSizesOf: shared identifiers join tips, stop-listed ones never do', async () => {
    const before = await clusterSizesOf(h.db);
    const chain = [tip(), tip(), tip(), tip(), tip()];
    // a–b–c–d–e joined by a chain of distinct e-mails.
    for (const [i, r] of chain.entries()) {
      const items: LinkItem[] = [{ kind: 'email', value: `syn.chain${i}@mail.test.kh`, role: 'suspect' }];
      if (i > 0) items.push({ kind: 'email', value: `syn.chain${i - 1}@mail.test.kh`, role: 'suspect' });
      // Every tip also carries the same private IP, which must not glue the chain to anything else.
      items.push({ kind: 'ip', value: '10.0.0.1', role: 'reported_person' });
      await link(r, items);
    }
    const after = await clusterSizesOf(h.db);
    expect(after.largest).toBe(Math.max(5, before.largest));
    expect(after.top).toContain(5);
    expect(after.clusters).toBe(before.clusters + 1);
    expect(after.linkedRecords).toBe(before.linkedRecords + 5);
    // Paging over identifiers one at a time sees exactly the same links.
    expect(await clusterSizesOf(h.db, 'tip', 1)).toEqual(after);
  });
});
