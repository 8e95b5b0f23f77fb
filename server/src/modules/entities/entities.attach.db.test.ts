import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, otherAgencyId, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';
import { linkIdentifiers } from './index.ts';

/** POST /api/v1/cases/:id/identifiers: normalised, linked, deconflicted, audited without the value. */
describe('attach an identifier to a case', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;
  let mine: string;
  let theirs: string;
  const phone = '+85512355001';

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
    const inv = demo.byRole.investigator;
    const other = otherAgencyId(demo, inv.agencyId);
    const kase = async (ref: string, agencyId: string, unitId: string | null) => {
      const [row] = await t.database.query<{ id: string }>(
        `INSERT INTO cases (agency_id, unit_id, reference, title) VALUES ($1, $2, $3, 'Synthetic case') RETURNING id`,
        [agencyId, unitId, ref],
      );
      return row!.id;
    };
    mine = await kase('ATT-2026-0001', inv.agencyId, inv.unitId);
    theirs = await kase('ATT-2026-0002', other, null);
    await t.database.db.transaction((tx) =>
      linkIdentifiers(
        tx,
        { type: 'case', id: theirs, agencyId: other, unitId: null },
        'operator',
        [{ kind: 'phone', value: phone, role: 'suspect' }],
        { now: new Date() },
      ),
    );
  }, 60_000);
  afterAll(async () => t?.close());

  const post = (role: Role, id: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/identifiers`,
      headers: { cookie: cookies[role] },
      payload: body as object,
    });

  it('links the identifier as typed (normalised) and alerts the other holder', async () => {
    const res = await post('investigator', mine, { kind: 'phone', value: '012 355 001', role: 'suspect' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'phone', value: phone, role: 'suspect', linked: true });
    expect(res.json().deconfliction.matches).toBe(1);
    const alerts = await t.database.query<{ record_id: string }>(
      `SELECT record_id FROM alerts WHERE kind = 'deconfliction' AND record_id IN ($1, $2)`,
      [mine, theirs],
    );
    expect(alerts.map((a) => a.record_id)).toContain(mine);
    const events = await t.database.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'entities.attach_to_case' AND object_id = $1`,
      [mine],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ kind: 'phone', role: 'suspect', linked: true });
    expect(JSON.stringify(events)).not.toMatch(/355 ?001|12355001/);
    // Again: nothing new, no new alert.
    const again = await post('investigator', mine, { kind: 'phone', value: phone, role: 'suspect' });
    expect(again.json()).toMatchObject({ linked: false, deconfliction: { alertsRaised: 0 } });
  });

  it('refuses a bad value naming the field, an unknown role, and a case the caller may not update', async () => {
    const bad = await post('investigator', mine, { kind: 'email', value: 'not-an-email', role: 'suspect' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('body.value');
    expect((await post('investigator', mine, { kind: 'phone', value: phone, role: 'boss' })).statusCode).toBe(
      400,
    );
    expect(
      (await post('investigator', theirs, { kind: 'phone', value: phone, role: 'suspect' })).statusCode,
    ).toBe(404);
    expect(
      (await post('hotline_operator', mine, { kind: 'phone', value: phone, role: 'suspect' })).statusCode,
    ).toBe(404);
  });

  it('lists the case identifiers by link and removes one: count adjusted, timeline event, audited', async () => {
    const call = (role: Role, method: 'GET' | 'DELETE', url: string) =>
      t.app.inject({ method, url, headers: { cookie: cookies[role], 'x-requested-with': 'karpear' } });
    await post('investigator', mine, { kind: 'email', value: 'syn.detach@mail.test.kh', role: 'associate' });
    const list = await call('investigator', 'GET', `/api/v1/cases/${mine}/identifiers`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{
      linkId: string;
      identifierId: string;
      value: string;
      otherRecords: number;
    }>;
    const phoneRow = items.find((i) => i.value === phone)!;
    expect(phoneRow.otherRecords).toBe(1);
    // Prosecutors and liaison officers see the limited case: no identifiers; another agency's case is 404.
    expect((await call('prosecutor', 'GET', `/api/v1/cases/${mine}/identifiers`)).statusCode).toBe(404);
    expect((await call('investigator', 'GET', `/api/v1/cases/${theirs}/identifiers`)).statusCode).toBe(404);
    // A link of another case is not this case's to remove (404 naming the link).
    const [theirLink] = await t.database.query<{ id: string }>(
      `SELECT id FROM identifier_links WHERE record_type = 'case' AND record_id = $1`,
      [theirs],
    );
    const wrong = await call('investigator', 'DELETE', `/api/v1/cases/${mine}/identifiers/${theirLink!.id}`);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.issues[0].path).toBe('params.linkId');
    expect(
      (await call('hotline_operator', 'DELETE', `/api/v1/cases/${mine}/identifiers/${phoneRow.linkId}`))
        .statusCode,
    ).toBe(404);

    const removed = await call(
      'investigator',
      'DELETE',
      `/api/v1/cases/${mine}/identifiers/${phoneRow.linkId}`,
    );
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({
      identifierId: phoneRow.identifierId,
      role: 'suspect',
      recordCount: 1,
    });
    const after = (await call('investigator', 'GET', `/api/v1/cases/${mine}/identifiers`)).json().items;
    expect(after.map((i: { value: string }) => i.value)).toEqual(['syn.detach@mail.test.kh']);
    const [count] = await t.database.query<{ record_count: number }>(
      'SELECT record_count FROM identifiers WHERE id = $1',
      [phoneRow.identifierId],
    );
    expect(Number(count!.record_count)).toBe(1);
    const events = await t.database.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM case_events WHERE case_id = $1 AND kind = 'identifier_detached'`,
      [mine],
    );
    expect(events).toEqual([{ details: { identifierId: phoneRow.identifierId, role: 'suspect' } }]);
    const audits = await t.database.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'entities.detach_from_case' AND object_id = $1`,
      [mine],
    );
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toMatch(/355 ?001|12355001/);
    // Removing it again: the link is gone.
    expect(
      (await call('investigator', 'DELETE', `/api/v1/cases/${mine}/identifiers/${phoneRow.linkId}`))
        .statusCode,
    ).toBe(404);
  });
});
