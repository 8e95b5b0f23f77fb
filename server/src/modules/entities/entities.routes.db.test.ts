import { randomUUID } from 'node:crypto';
import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, otherAgencyId, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';
import { linkIdentifiers } from './index.ts';

/** The entities pages over HTTP: scoped browsing, deconfliction by exact value, holder-only records. */
describe('entities routes', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;
  let ownTipId: string;
  let otherTipId: string;
  const ownEmail = 'syn.routes.own@mail.test.kh';
  const otherEmail = 'syn.routes.other@mail.test.kh';
  const sharedPhone = '+85512388001';

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
    const operator = demo.byRole.hotline_operator;
    const other = otherAgencyId(demo, operator.agencyId);
    const [own] = await t.database.query<{ id: string }>(
      `INSERT INTO tips (reference, source, agency_id, unit_id, proposed_priority, received_at, narrative)
       VALUES ('T-2026-ENT001', 'phone', $1, $2, 'P3', now(), 'Synthetic narrative') RETURNING id`,
      [operator.agencyId, operator.unitId],
    );
    ownTipId = own!.id;
    otherTipId = randomUUID();
    const now = new Date();
    await t.database.db.transaction(async (tx) => {
      await linkIdentifiers(
        tx,
        { type: 'tip', id: ownTipId, agencyId: operator.agencyId, unitId: operator.unitId },
        'operator',
        [
          { kind: 'email', value: ownEmail, role: 'reported_person' },
          { kind: 'phone', value: sharedPhone, role: 'suspect' },
        ],
        { now },
      );
      await linkIdentifiers(
        tx,
        { type: 'tip', id: otherTipId, agencyId: other, unitId: null },
        'operator',
        [
          { kind: 'email', value: otherEmail, role: 'victim' },
          { kind: 'phone', value: sharedPhone, role: 'reported_person' },
        ],
        { now },
      );
    });
  }, 60_000);
  afterAll(async () => t?.close());

  const get = (role: Role, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: cookies[role] } });
  const values = (body: { items: Array<{ value: string }> }) => body.items.map((i) => i.value);

  it("browses the caller's own identifiers only; a whole identifier typed in is found wherever held", async () => {
    const all = await get('hotline_operator', '/api/v1/entities?limit=100');
    expect(all.statusCode).toBe(200);
    expect(values(all.json())).toEqual(expect.arrayContaining([ownEmail, sharedPhone]));
    expect(values(all.json())).not.toContain(otherEmail);
    // A part of another agency's value finds nothing…
    const part = await get('hotline_operator', '/api/v1/entities?q=routes.other');
    expect(values(part.json())).toEqual([]);
    // …the whole value, as typed (upper case, spaces), finds it: deconfliction.
    const exact = await get(
      'hotline_operator',
      `/api/v1/entities?q=${encodeURIComponent(' SYN.Routes.Other@mail.test.kh ')}`,
    );
    expect(exact.json()).toMatchObject({
      total: 1,
      items: [{ value: otherEmail, kind: 'email', recordCount: 1 }],
    });
    const phone = await get(
      'hotline_operator',
      `/api/v1/entities?q=${encodeURIComponent('012 388 001')}&kind=phone`,
    );
    expect(values(phone.json())).toEqual([sharedPhone]);
  });

  it('an identifier page shows own records in full and others as their holder only, audited', async () => {
    const found = await get('hotline_operator', `/api/v1/entities?q=${encodeURIComponent(sharedPhone)}`);
    const id = found.json().items[0].id as string;
    const res = await get('hotline_operator', `/api/v1/entities/${id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'phone', value: sharedPhone, recordCount: 2, stopListed: null });
    const operator = demo.byRole.hotline_operator;
    expect(body.records).toEqual([
      {
        recordType: 'tip',
        id: ownTipId,
        reference: 'T-2026-ENT001',
        status: 'new',
        holder: { agencyCode: demo.agencyCodeById[operator.agencyId], unitCode: expect.any(String) },
        roles: ['suspect'],
        visible: true,
      },
      {
        recordType: 'tip',
        id: null,
        reference: null,
        status: null,
        holder: { agencyCode: demo.agencyCodeById[otherAgencyId(demo, operator.agencyId)], unitCode: null },
        roles: [],
        visible: false,
      },
    ]);
    expect(JSON.stringify(body)).not.toContain(otherTipId);
    const events = await t.database.query<{ action: string; details: unknown }>(
      `SELECT action, details FROM audit_log WHERE object_id = $1 ORDER BY position`,
      [id],
    );
    expect(events).toEqual([{ action: 'entities.read', details: { records: 2, visible: 1 } }]);
    const searches = await t.database.query<{ details: unknown }>(
      `SELECT details FROM audit_log WHERE action = 'entities.list' AND actor_id = $1`,
      [operator.id],
    );
    expect(searches.length).toBeGreaterThan(0);
    expect(JSON.stringify(searches)).not.toMatch(/388 ?001|12388001/);
  });

  it('refuses roles that do not read tips (404), unknown ids (404) and bad queries (400)', async () => {
    expect((await get('ngo_caseworker', '/api/v1/entities')).statusCode).toBe(404);
    expect((await get('intel_analyst', `/api/v1/entities/${randomUUID()}`)).statusCode).toBe(404);
    expect((await get('intel_analyst', '/api/v1/entities?kind=shoe')).statusCode).toBe(400);
    expect((await get('intel_analyst', `/api/v1/entities?q=${'x'.repeat(201)}`)).statusCode).toBe(400);
  });
});
