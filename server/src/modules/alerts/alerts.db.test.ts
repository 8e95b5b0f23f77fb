import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { signInAs } from '../../../test/auth.ts';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { raiseAlert } from './alerts.service.ts';

/** raiseAlert (dedupe, recipients) and the alert routes: own or own-unit only, acknowledgement audited. */
describe('alerts', () => {
  let t: TestApp;
  let demo: DemoIndex;
  const cookies: Record<string, string> = {};
  const tipId = '0b6f1d7e-6a0e-4c39-9a53-2f7f1e7e0a01';

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    for (const role of ['investigator', 'unit_supervisor', 'hotline_operator', 'prosecutor'] as const) {
      cookies[role] = await signInAs(t, demo.byRole[role].email);
    }
  }, 60_000);
  afterAll(async () => t?.close());

  const get = (role: string, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: cookies[role]! } });
  const ack = (role: string, id: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${id}/ack`,
      headers: { cookie: cookies[role]!, 'x-requested-with': 'karpear' },
    });
  const auditOf = (objectId: string) =>
    t.database.query<{ action: string; actor_id: string; details: unknown }>(
      'SELECT action, actor_id, details FROM audit_log WHERE object_id = $1 ORDER BY position',
      [objectId],
    );
  const raise = (input: Partial<Parameters<typeof raiseAlert>[1]> & { agencyId: string }) =>
    raiseAlert(
      t.database.db,
      { kind: 'sla_breach', recordType: 'tip', recordId: tipId, reference: 'T-2026-000001', ...input },
      t.clock.now(),
    );

  it('raises an alert once per dedupe key and refuses one without a recipient', async () => {
    const investigator = demo.byRole.investigator;
    const first = await raise({
      agencyId: investigator.agencyId,
      recipientUserId: investigator.id,
      params: { priority: 'P1' },
      dedupeKey: 'test:dedupe:1',
    });
    const again = await raise({
      agencyId: investigator.agencyId,
      recipientUserId: investigator.id,
      params: { priority: 'P2' },
      dedupeKey: 'test:dedupe:1',
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const rows = await t.database.query<{ params: unknown }>(
      'SELECT params FROM alerts WHERE dedupe_key = $1',
      ['test:dedupe:1'],
    );
    expect(rows).toEqual([{ params: { priority: 'P1' } }]);
    // Without a key every call is a new alert.
    const a = await raise({ agencyId: investigator.agencyId, recipientUserId: investigator.id });
    const b = await raise({ agencyId: investigator.agencyId, recipientUserId: investigator.id });
    expect(a.id).not.toBe(b.id);
    await expect(raise({ agencyId: investigator.agencyId })).rejects.toThrow(
      /recipientUserId or recipientUnitId/,
    );
  });

  it('lists alerts addressed to the caller or their unit, never anyone else’s, and counts them', async () => {
    const supervisor = demo.byRole.unit_supervisor;
    const operator = demo.byRole.hotline_operator;
    const toUnit = await raise({ agencyId: supervisor.agencyId, recipientUnitId: supervisor.unitId });
    const toOperator = await raise({ agencyId: operator.agencyId, recipientUserId: operator.id });
    const supervisorList = (await get('unit_supervisor', '/api/v1/alerts')).json();
    const ids = supervisorList.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(toUnit.id);
    expect(ids).not.toContain(toOperator.id);
    expect(supervisorList.items.find((i: { id: string }) => i.id === toUnit.id)).toEqual({
      id: toUnit.id,
      kind: 'sla_breach',
      recordType: 'tip',
      recordId: tipId,
      reference: 'T-2026-000001',
      params: {},
      createdAt: t.clock.now().toISOString(),
      acknowledgedAt: null,
    });
    // The investigator shares the supervisor's unit and sees the unit alert too.
    const investigatorIds = (await get('investigator', '/api/v1/alerts'))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(investigatorIds).toContain(toUnit.id);
    const operatorList = (await get('hotline_operator', '/api/v1/alerts')).json();
    expect(operatorList.items.map((i: { id: string }) => i.id)).toEqual([toOperator.id]);
    expect((await get('hotline_operator', '/api/v1/alerts/count')).json()).toEqual({ unacknowledged: 1 });
    expect((await get('prosecutor', '/api/v1/alerts')).json()).toMatchObject({ items: [], total: 0 });
    expect((await get('prosecutor', '/api/v1/alerts/count')).json()).toEqual({ unacknowledged: 0 });
  });

  it('acknowledges once, audited; someone else’s alert answers 404 and stays unacknowledged', async () => {
    const operator = demo.byRole.hotline_operator;
    const supervisor = demo.byRole.unit_supervisor;
    const mine = await raise({ agencyId: operator.agencyId, recipientUserId: operator.id });
    const unitAlert = await raise({ agencyId: supervisor.agencyId, recipientUnitId: supervisor.unitId });

    expect((await ack('investigator', mine.id)).statusCode).toBe(404);
    expect((await ack('prosecutor', unitAlert.id)).statusCode).toBe(404);
    expect(await auditOf(mine.id)).toEqual([]);

    const before = (await get('hotline_operator', '/api/v1/alerts/count')).json().unacknowledged;
    const done = await ack('hotline_operator', mine.id);
    expect(done.statusCode).toBe(200);
    expect(done.json().acknowledgedAt).toBe(t.clock.now().toISOString());
    t.clock.advance(60_000);
    const twice = await ack('hotline_operator', mine.id);
    expect(twice.json().acknowledgedAt).toBe(done.json().acknowledgedAt);
    expect(await auditOf(mine.id)).toEqual([
      {
        action: 'alerts.acknowledge',
        actor_id: operator.id,
        details: { kind: 'sla_breach', recordType: 'tip', recordId: tipId },
      },
    ]);
    expect((await get('hotline_operator', '/api/v1/alerts/count')).json().unacknowledged).toBe(before - 1);
    const open = (await get('hotline_operator', '/api/v1/alerts?unacknowledged=true')).json();
    expect(open.items.map((i: { id: string }) => i.id)).not.toContain(mine.id);
    const all = (await get('hotline_operator', '/api/v1/alerts?unacknowledged=false')).json();
    expect(all.items.map((i: { id: string }) => i.id)).toContain(mine.id);

    // A unit alert: any member acknowledges it for the unit.
    expect((await ack('investigator', unitAlert.id)).statusCode).toBe(200);
    const [row] = await t.database.query<{ acknowledged_by: string }>(
      'SELECT acknowledged_by FROM alerts WHERE id = $1',
      [unitAlert.id],
    );
    expect(row!.acknowledged_by).toBe(demo.byRole.investigator.id);
  });

  it('pages the list and answers 400 naming a bad query value', async () => {
    const res = await get('hotline_operator', '/api/v1/alerts?limit=1&offset=0');
    expect(res.json()).toMatchObject({ limit: 1, offset: 0 });
    expect(res.json().items).toHaveLength(1);
    expect(res.json().total).toBeGreaterThan(1);
    const bad = await get('hotline_operator', '/api/v1/alerts?unacknowledged=maybe');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('unacknowledged');
  });
});
