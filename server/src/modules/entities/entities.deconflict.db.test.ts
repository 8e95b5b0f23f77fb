import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIndex, otherAgencyId, seedDemoIndex } from '../../../test/authz/demo.ts';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { deconflict, linkIdentifiers } from './index.ts';

/**
 * Deconfliction: another holder's active record sharing an identifier (or a passport with an active
 * register entry) → one alert to each side naming only the other holder; never twice for a pair; not
 * within the same unit, not for closed records, not through stop-listed identifiers.
 */
describe('deconflict', () => {
  let db: DatabaseHandle;
  let demo: DemoIndex;
  let mineAgency: string;
  let mineUnit: string;
  let otherAgency: string;
  let otherUnit: string;
  const now = new Date('2026-11-28T10:00:00Z');
  const ids: Record<string, string> = {};
  const identIds: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    demo = await seedDemoIndex(db);
    const inv = demo.byRole.investigator;
    mineAgency = inv.agencyId;
    mineUnit = inv.unitId!;
    otherAgency = otherAgencyId(demo, mineAgency);
    const [u] = await db.query<{ id: string }>(
      `INSERT INTO units (agency_id, code, name_en, name_km) VALUES ($1, 'SYN-DCF', 'Synthetic unit', 'Synthetic unit') RETURNING id`,
      [otherAgency],
    );
    otherUnit = u!.id;
    const kase = async (name: string, agencyId: string, unitId: string | null, status = 'open') => {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO cases (agency_id, unit_id, reference, title, status) VALUES ($1, $2, $3, 'Synthetic case', $4) RETURNING id`,
        [agencyId, unitId, `DCF-2026-${name}`, status],
      );
      ids[name] = row!.id;
    };
    await kase('MINE', mineAgency, mineUnit);
    await kase('OTHER', otherAgency, otherUnit);
    await kase('SAMEUNIT', mineAgency, mineUnit);
    await kase('CLOSED', otherAgency, otherUnit, 'closed');
    const [entry] = await db.query<{ id: string }>(
      `INSERT INTO register_entries (reference, agency_id, unit_id, status, basis, legal_basis, risk_level, instructions)
       VALUES ('REG-DCF-1', $1, NULL, 'active', 'deported', 'Synthetic basis', 'high', 'Synthetic instructions') RETURNING id`,
      // The investigator's own agency, held at agency level (no unit): another holder all the same.
      [mineAgency],
    );
    ids.REG = entry!.id;
    await db.query(
      `INSERT INTO register_passports (entry_id, country, number) VALUES ($1, 'GB', 'SYN55501')`,
      [entry!.id],
    );
    const link = (
      name: string,
      agencyId: string,
      unitId: string | null,
      items: Parameters<typeof linkIdentifiers>[3],
    ) =>
      db.db.transaction((tx) =>
        linkIdentifiers(tx, { type: 'case', id: ids[name]!, agencyId, unitId }, 'operator', items, { now }),
      );
    await link('OTHER', otherAgency, otherUnit, [
      { kind: 'phone', value: '+85512377001', role: 'suspect' },
      { kind: 'email', value: 'syn.dcf.stop@mail.test.kh', role: 'suspect', stopListed: 'placeholder' },
    ]);
    await link('SAMEUNIT', mineAgency, mineUnit, [{ kind: 'phone', value: '+85512377001', role: 'suspect' }]);
    await link('CLOSED', otherAgency, otherUnit, [{ kind: 'phone', value: '+85512377001', role: 'suspect' }]);
    await link('MINE', mineAgency, mineUnit, [
      { kind: 'phone', value: '+85512377001', role: 'suspect' },
      { kind: 'email', value: 'syn.dcf.stop@mail.test.kh', role: 'suspect', stopListed: 'placeholder' },
      { kind: 'passport', value: 'GB:SYN55501', role: 'suspect' },
    ]);
    for (const r of await db.query<{ id: string; value: string }>(
      `SELECT id, value FROM identifiers WHERE value LIKE '%377001' OR value LIKE '%dcf%' OR value LIKE '%SYN55501'`,
    ))
      identIds[r.value] = r.id;
  }, 60_000);
  afterAll(async () => db?.close());

  const run = () =>
    db.db.transaction((tx) =>
      deconflict(
        tx,
        { type: 'case', id: ids.MINE!, agencyId: mineAgency, unitId: mineUnit, reference: 'DCF-2026-MINE' },
        { identifierIds: Object.values(identIds) },
        now,
      ),
    );
  const alerts = () =>
    db.query<{
      record_id: string;
      recipient_unit_id: string | null;
      recipient_user_id: string | null;
      params: Record<string, unknown>;
      reference: string;
    }>(
      `SELECT record_id, recipient_unit_id, recipient_user_id, params, reference FROM alerts WHERE kind = 'deconfliction' ORDER BY reference, recipient_user_id`,
    );

  it('alerts both sides once, each naming only the other holder', async () => {
    const first = await run();
    // The other unit's open case and the active register entry (by passport); not the same unit's
    // case, not the closed one, not through the stop-listed e-mail.
    expect(first.matches).toBe(2);
    const rows = await alerts();
    const toMine = rows.filter((r) => r.record_id === ids.MINE);
    expect(toMine).toHaveLength(2);
    expect(toMine.every((r) => r.recipient_unit_id === mineUnit)).toBe(true);
    expect(toMine.map((r) => r.params.otherReference).sort()).toEqual(['DCF-2026-OTHER', 'REG-DCF-1']);
    const toOther = rows.filter((r) => r.record_id === ids.OTHER);
    expect(toOther).toEqual([
      {
        record_id: ids.OTHER,
        recipient_unit_id: otherUnit,
        recipient_user_id: null,
        reference: 'DCF-2026-OTHER',
        params: {
          otherAgency: demo.agencyCodeById[mineAgency],
          otherUnit: expect.any(String),
          otherRecordType: 'case',
          otherReference: 'DCF-2026-MINE',
        },
      },
    ]);
    // The unit-less register entry's side goes to its agency's supervisors.
    const toReg = rows.filter((r) => r.record_id === ids.REG);
    expect(toReg.map((r) => r.recipient_user_id)).toEqual([demo.byRole.unit_supervisor.id]);
    expect(first.alertsRaised).toBe(rows.length);
    // Never the identifier itself.
    expect(JSON.stringify(rows)).not.toMatch(/377001|SYN55501/);
    expect(rows.some((r) => r.record_id === ids.SAMEUNIT || r.record_id === ids.CLOSED)).toBe(false);
  });

  it('running again raises nothing new; from the other side only its new pairs', async () => {
    const before = (await alerts()).length;
    expect((await run()).alertsRaised).toBe(0);
    const fromOther = await db.db.transaction((tx) =>
      deconflict(
        tx,
        {
          type: 'case',
          id: ids.OTHER!,
          agencyId: otherAgency,
          unitId: otherUnit,
          reference: 'DCF-2026-OTHER',
        },
        { identifierIds: [identIds['+85512377001']!] },
        now,
      ),
    );
    // OTHER meets MINE (alerted already) and SAMEUNIT (a new pair: one alert per side).
    expect(fromOther).toEqual({ matches: 2, alertsRaised: 2 });
    const after = await alerts();
    expect(after.length).toBe(before + 2);
    expect(after.filter((r) => r.record_id === ids.SAMEUNIT)).toHaveLength(1);
  });
});
