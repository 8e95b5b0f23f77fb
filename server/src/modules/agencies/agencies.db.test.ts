import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';

/** Agencies and units administration over HTTP: who may do what, 409 on codes, audit of every change. */
describe('agencies and units', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
  }, 60_000);
  afterAll(async () => t?.close());

  const call = (role: Role, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      payload,
      headers: { cookie: cookies[role], ...(method === 'GET' ? {} : { 'x-requested-with': 'karpear' }) },
    });
  const auditOf = (objectId: string) =>
    t.database.query<{ action: string; actor_id: string; outcome: string; details: unknown }>(
      'SELECT action, actor_id, outcome, details FROM audit_log WHERE object_id = $1 ORDER BY position',
      [objectId],
    );

  it('lets the system administrator create and change agencies, audited in the same transaction', async () => {
    const created = await call('system_admin', 'POST', '/api/v1/agencies', {
      code: 'NGO-TEST',
      type: 'ngo',
      nameEn: 'Test NGO',
      nameKm: 'អង្គការសាកល្បង',
    });
    expect(created.statusCode).toBe(201);
    const agency = created.json();
    expect(agency).toMatchObject({ code: 'NGO-TEST', country: 'KH', type: 'ngo' });
    expect(agency.abilities).toEqual(['agencies.update', 'agencies.list_units', 'agencies.create_unit']);
    const changed = await call('system_admin', 'PATCH', `/api/v1/agencies/${agency.id}`, {
      nameEn: 'Renamed NGO',
    });
    expect(changed.json()).toMatchObject({ nameEn: 'Renamed NGO', code: 'NGO-TEST' });
    expect(await auditOf(agency.id)).toEqual([
      expect.objectContaining({
        action: 'agencies.create',
        actor_id: demo.byRole.system_admin.id,
        outcome: 'success',
      }),
      expect.objectContaining({ action: 'agencies.update', details: { fields: ['nameEn'] } }),
    ]);
  });

  it('answers 409 naming the code when it is taken, and writes nothing', async () => {
    const body = { code: 'KH-GDI', type: 'immigration', nameEn: 'Copy', nameKm: 'Copy' };
    const dup = await call('system_admin', 'POST', '/api/v1/agencies', body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.issues).toEqual([{ path: 'body.code', message: 'already in use' }]);
    const siemReap = demo.agencyIdByCode['KH-PP-SIEMREAP']!;
    const rename = await call('system_admin', 'PATCH', `/api/v1/agencies/${siemReap}`, { code: 'KH-GDI' });
    expect(rename.statusCode).toBe(409);
    expect(await auditOf(siemReap)).toEqual([]);
  });

  it('lets an agency administrator manage units of their own agency only', async () => {
    const own = demo.byRole.agency_admin.agencyId;
    const unit = await call('agency_admin', 'POST', `/api/v1/agencies/${own}/units`, {
      code: 'CYBER',
      nameEn: 'Cyber desk',
      nameKm: 'ផ្នែកបច្ចេកវិទ្យា',
      province: 'Phnom Penh',
    });
    expect(unit.statusCode).toBe(201);
    expect(unit.json()).toMatchObject({
      agencyId: own,
      isSpecialist: false,
      abilities: ['agencies.update_unit'],
    });
    const again = await call('agency_admin', 'POST', `/api/v1/agencies/${own}/units`, {
      code: 'CYBER',
      nameEn: 'x',
      nameKm: 'x',
    });
    expect(again.statusCode).toBe(409);
    // The same code in another agency is fine (codes are unique per agency).
    const other = demo.agencyIdByCode['KH-PP-SIEMREAP']!;
    const elsewhere = await call('system_admin', 'POST', `/api/v1/agencies/${other}/units`, {
      code: 'CYBER',
      nameEn: 'Cyber desk SR',
      nameKm: 'x',
    });
    expect(elsewhere.statusCode).toBe(201);
    expect(
      (await call('agency_admin', 'PATCH', `/api/v1/units/${elsewhere.json().id}`, { nameEn: 'Mine' }))
        .statusCode,
    ).toBe(404);
    const renamed = await call('agency_admin', 'PATCH', `/api/v1/units/${unit.json().id}`, {
      province: null,
      isSpecialist: true,
    });
    expect(renamed.json()).toMatchObject({ province: null, isSpecialist: true, code: 'CYBER' });
    expect((await auditOf(unit.json().id)).map((e) => e.action)).toEqual([
      'agencies.create_unit',
      'agencies.update_unit',
    ]);
    expect(
      (await call('agency_admin', 'PATCH', `/api/v1/agencies/${own}`, { nameEn: 'Mine' })).statusCode,
    ).toBe(404);
  });

  it('shows everyone their own agency and its units, and only the system administrator all of them', async () => {
    const mine = await call('investigator', 'GET', '/api/v1/agencies');
    expect(mine.json()).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(mine.json().items[0]).toMatchObject({
      id: demo.byRole.investigator.agencyId,
      abilities: ['agencies.list_units'],
    });
    const all = await call('system_admin', 'GET', '/api/v1/agencies?limit=3&offset=2');
    expect(all.json().items).toHaveLength(3);
    expect(all.json().total).toBeGreaterThanOrEqual(11);
    const units = await call(
      'investigator',
      'GET',
      `/api/v1/agencies/${demo.byRole.investigator.agencyId}/units`,
    );
    expect(units.json().items.map((u: { code: string }) => u.code)).toEqual(
      expect.arrayContaining(['HOTLINE', 'TCSE']),
    );
    expect(units.json().items[0].abilities).toEqual([]);
  });

  it('refuses empty changes, bad codes, control characters and unknown fields with 400', async () => {
    const own = demo.byRole.agency_admin.agencyId;
    const unitId = demo.unitsByAgency[own]![0]!.id;
    for (const body of [
      {},
      { code: 'lower' },
      { nameEn: 'a\u0000b' },
      { nameEn: '   ' },
      { nameEn: 'x', agencyId: own },
    ]) {
      const res = await call('agency_admin', 'PATCH', `/api/v1/units/${unitId}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});
