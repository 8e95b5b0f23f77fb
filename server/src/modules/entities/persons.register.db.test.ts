import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { actorFor } from '../../../test/authz/actors.ts';
import { type DemoIndex, type DemoUserRef, seedDemoIndex } from '../../../test/authz/demo.ts';
import { attachPersonToCase } from './persons.service.ts';

/**
 * Persons on a case screened against the offender register by name, date of birth and nationality
 * (issue 7 §6): a strong match with an active entry of another unit or agency alerts both holders,
 * each naming only the other holder; nothing for a non-matching person, an expired or removed entry,
 * an entry of the case's own unit, or a victim; a second attach does not alert again. Synthetic people.
 */
describe('persons on a case screened against the offender register', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let inv: DemoUserRef;
  let holderAgencyId: string;
  let holderUnit: { id: string; code: string };
  let refs = 0;

  const kase = async () => {
    refs += 1;
    const [row] = await t.database.query<{ id: string }>(
      `INSERT INTO cases (agency_id, unit_id, reference, title) VALUES ($1, $2, $3, 'Synthetic case') RETURNING id`,
      [inv.agencyId, inv.unitId, `PRR-2026-${String(refs).padStart(4, '0')}`],
    );
    await t.database.query(`INSERT INTO case_members (case_id, user_id, case_role) VALUES ($1, $2, 'lead')`, [
      row!.id,
      inv.id,
    ]);
    return row!.id;
  };
  const entry = async (
    reference: string,
    names: string[],
    dob: string,
    holder: { agencyId: string; unitId: string | null },
    state: { status?: string; expiresAt?: Date } = {},
  ) => {
    const [row] = await t.database.query<{ id: string }>(
      `INSERT INTO register_entries (reference, agency_id, unit_id, status, basis, dob, nationalities,
         legal_basis, risk_level, instructions, activated_at, expires_at)
       VALUES ($1, $2, $3, $4, 'deported', $5, '["AU"]'::jsonb, 'Synthetic legal basis', 'high',
         'Synthetic: call the duty officer', now(), $6) RETURNING id`,
      [
        reference,
        holder.agencyId,
        holder.unitId,
        state.status ?? 'active',
        dob,
        state.expiresAt?.toISOString() ?? null,
      ],
    );
    for (const [i, name] of names.entries())
      await t.database.query(`INSERT INTO register_names (entry_id, name, is_primary) VALUES ($1, $2, $3)`, [
        row!.id,
        name,
        i === 0,
      ]);
    return row!.id;
  };
  const attach = (caseId: string, names: string[], dob: string, role = 'suspect') =>
    attachPersonToCase(t.ctx, actorFor(inv), caseId, {
      person: { names: names.map((name, i) => ({ name, primary: i === 0 })), dob, nationalities: ['AU'] },
      role: role as 'suspect',
    });
  const alertsOn = (...recordIds: string[]) =>
    t.database.query<{
      record_id: string;
      record_type: string;
      recipient_unit_id: string | null;
      params: object;
    }>(
      `SELECT record_id, record_type, recipient_unit_id, params FROM alerts
       WHERE kind = 'deconfliction' AND record_id = ANY($1::uuid[]) ORDER BY record_type`,
      [recordIds],
    );

  let whitlock: string;
  let ownUnitEntry: string;
  let expired: string;
  let removed: string;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    inv = demo.byRole.investigator;
    expect(inv.unitId).toBeTruthy();
    holderAgencyId = Object.keys(demo.unitsByAgency).find((a) => a !== inv.agencyId)!;
    holderUnit = demo.unitsByAgency[holderAgencyId]![0]!;
    const holder = { agencyId: holderAgencyId, unitId: holderUnit.id };
    whitlock = await entry('REG-2026-P0001', ['Reginald Thornbury WHITLOCK'], '1968-07-14', holder);
    ownUnitEntry = await entry('REG-2026-P0002', ['Ambrose Kellaway DUNSTAN'], '1961-02-03', {
      agencyId: inv.agencyId,
      unitId: inv.unitId,
    });
    expired = await entry('REG-2026-P0003', ['Cornelius Ashgrove PEMBERTON'], '1959-09-30', holder, {
      // A day before the test app's clock (not the wall clock: the screening compares with the app's now).
      expiresAt: new Date(t.clock.now().getTime() - 86_400_000),
    });
    removed = await entry('REG-2026-P0004', ['Bartholomew Quill FENWICK'], '1972-12-01', holder, {
      status: 'removed',
    });
  }, 90_000);
  afterAll(async () => t?.close());

  it('a typo in SURNAME, Given order with the same date of birth alerts both sides, naming only the holder', async () => {
    const mine = await kase();
    const result = await attach(mine, ['WHITLOK, Reginald Thornbury'], '1968-07-14');
    expect(result.deconfliction).toEqual({ matches: 1, alertsRaised: 2 });

    const alerts = await alertsOn(mine, whitlock);
    expect(alerts.map((a) => a.record_id).sort()).toEqual([mine, whitlock].sort());
    const toCase = alerts.find((a) => a.record_id === mine)!;
    expect(toCase.recipient_unit_id).toBe(inv.unitId);
    expect(toCase.params).toMatchObject({
      otherUnit: holderUnit.code,
      otherRecordType: 'register_entry',
      otherReference: 'REG-2026-P0001',
    });
    const toHolder = alerts.find((a) => a.record_id === whitlock)!;
    expect(toHolder.record_type).toBe('register_entry');
    expect(toHolder.recipient_unit_id).toBe(holderUnit.id);
    expect(toHolder.params).toMatchObject({
      otherRecordType: 'case',
      otherReference: `PRR-2026-${refs.toString().padStart(4, '0')}`,
    });
    // Never the names, the date of birth or the entry's content.
    const text = JSON.stringify(alerts).toLowerCase();
    for (const secret of ['whitl', 'reginald', 'thornbury', '1968', 'deported', 'synthetic'])
      expect(text).not.toContain(secret);

    const [event] = await t.database.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'persons.attach' AND object_id = $1`,
      [mine],
    );
    expect(event!.details).toMatchObject({ registerMatches: 1, registerAlerts: 2, deconflictionAlerts: 2 });
    expect(JSON.stringify(event).toLowerCase()).not.toContain('whitl');

    // A second attach of the same person (as a new record, another role) does not alert again.
    const again = await attach(mine, ['Reginald Whitlock'], '1968-07-14', 'associate');
    expect(again.deconfliction).toEqual({ matches: 1, alertsRaised: 0 });
    expect(await alertsOn(mine, whitlock)).toHaveLength(2);
  });

  it('a known person (by id) is screened from the stored identity when attached to another case', async () => {
    const first = await kase();
    const { personId } = await attach(first, ['Whitlock, Reginald'], '1968-07-14');
    const second = await kase();
    const result = await attachPersonToCase(t.ctx, actorFor(inv), second, { personId, role: 'suspect' });
    // A new pair (this case and the entry): alerted once more, both sides.
    expect(result.deconfliction).toEqual({ matches: 1, alertsRaised: 2 });
    expect((await alertsOn(second)).map((a) => a.params)).toEqual([
      expect.objectContaining({ otherRecordType: 'register_entry', otherReference: 'REG-2026-P0001' }),
    ]);
  });

  it('a person who does not match the register raises nothing', async () => {
    const mine = await kase();
    const result = await attach(mine, ['Reginald Thornbury WHITLOCK'], '1990-01-01');
    expect(result.deconfliction).toEqual({ matches: 0, alertsRaised: 0 });
    const other = await attach(mine, ['Percival Ostrander'], '1968-07-14');
    expect(other.deconfliction).toEqual({ matches: 0, alertsRaised: 0 });
    expect(await alertsOn(mine)).toHaveLength(0);
  });

  it('an expired or removed entry, or one held by the case’s own unit, raises nothing', async () => {
    const mine = await kase();
    for (const [names, dob] of [
      [['Cornelius Ashgrove PEMBERTON'], '1959-09-30'],
      [['Bartholomew Quill FENWICK'], '1972-12-01'],
      [['Ambrose Kellaway DUNSTAN'], '1961-02-03'],
    ] as const) {
      const result = await attach(mine, [...names], dob);
      expect(result.deconfliction).toEqual({ matches: 0, alertsRaised: 0 });
    }
    expect(await alertsOn(mine, expired, removed, ownUnitEntry)).toHaveLength(0);
  });

  it('a victim is never screened against the offender register', async () => {
    const mine = await kase();
    const result = await attach(mine, ['Reginald Thornbury WHITLOCK'], '1968-07-14', 'victim_code');
    expect(result.deconfliction).toEqual({ matches: 0, alertsRaised: 0 });
    expect(await alertsOn(mine)).toHaveLength(0);
    // The same identity as a suspect on a new case does match (the refusal above is the victim rule).
    const control = await kase();
    expect((await attach(control, ['Reginald Thornbury WHITLOCK'], '1968-07-14')).deconfliction).toEqual({
      matches: 1,
      alertsRaised: 2,
    });
  });
});
