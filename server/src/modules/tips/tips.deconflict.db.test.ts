import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { insertTip, type NewTip } from './index.ts';

/**
 * Issue 7 deconfliction at tip intake: a tip that shares an identifier with another unit's active tip
 * alerts both units, naming only the other holder; a tip in the same unit, or sharing nothing, alerts no one.
 */
describe('deconfliction at tip intake', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let hotline: string;
  let siemReapUnit: string;
  let siemReapAgency: string;
  let ahtjp: string;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    ahtjp = demo.agencyIdByCode['KH-NP-AHTJP']!;
    hotline = demo.unitsByAgency[ahtjp]!.find((u) => u.code === 'HOTLINE')!.id;
    siemReapAgency = demo.agencyIdByCode['KH-PP-SIEMREAP']!;
    siemReapUnit = demo.unitsByAgency[siemReapAgency]![0]!.id;
  }, 60_000);
  afterAll(async () => t?.close());

  const tipWith = (agencyId: string, unitId: string, phone: string): NewTip => ({
    source: 'phone',
    agencyId,
    unitId,
    receivedAt: t.clock.now(),
    narrative: 'Synthetic test tip',
    identifiers: [{ kind: 'phone', value: phone, role: 'suspect' }],
  });
  const insert = (tip: NewTip) =>
    t.database.db.transaction((tx) =>
      insertTip(t.ctx, tx, tip, { actorId: null, agencyId: tip.agencyId, ip: null, requestId: null }),
    );
  const alertsFor = (recordId: string) =>
    t.database.query<{
      recipient_unit_id: string | null;
      agency_id: string;
      params: Record<string, unknown>;
    }>(
      "SELECT recipient_unit_id, agency_id, params FROM alerts WHERE kind = 'deconfliction' AND record_id = $1",
      [recordId],
    );

  it('alerts both holders once, with the other holder and reference only', async () => {
    const first = await insert(tipWith(siemReapAgency, siemReapUnit, '+85512345001'));
    const second = await insert(tipWith(ahtjp, hotline, '+85512345001'));
    const toFirst = await alertsFor(first.id);
    const toSecond = await alertsFor(second.id);
    expect(toFirst).toHaveLength(1);
    expect(toSecond).toHaveLength(1);
    expect(toFirst[0]!.recipient_unit_id).toBe(siemReapUnit);
    expect(toSecond[0]!.recipient_unit_id).toBe(hotline);
    expect(toFirst[0]!.params).toMatchObject({
      otherReference: second.reference,
      otherAgency: 'KH-NP-AHTJP',
    });
    expect(JSON.stringify([toFirst, toSecond])).not.toContain('12345001');
    const [audit] = await t.database.query<{ details: { deconflictionAlerts: number } }>(
      "SELECT details FROM audit_log WHERE object_id = $1 AND action = 'tips.create'",
      [second.id],
    );
    expect(audit!.details.deconflictionAlerts).toBe(2);
  });

  it('raises nothing for a tip in the same unit or sharing nothing', async () => {
    const a = await insert(tipWith(ahtjp, hotline, '+85512345002'));
    const b = await insert(tipWith(ahtjp, hotline, '+85512345002'));
    const c = await insert(tipWith(siemReapAgency, siemReapUnit, '+85512345003'));
    for (const tip of [a, b, c]) expect(await alertsFor(tip.id)).toEqual([]);
  });
});
