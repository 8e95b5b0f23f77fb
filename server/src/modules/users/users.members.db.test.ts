import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';

/** `GET /api/v1/units/:id/members`: own agency's assigners and team managers; no e-mail. */
describe('unit members', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;
  let tcse: string;
  let otherUnit: string;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
    const ahtjp = demo.agencyIdByCode['KH-NP-AHTJP']!;
    tcse = demo.unitsByAgency[ahtjp]!.find((u) => u.code === 'TCSE')!.id;
    otherUnit = demo.unitsByAgency[demo.agencyIdByCode['KH-PP-SIEMREAP']!]![0]!.id;
  }, 60_000);
  afterAll(async () => t?.close());

  const get = (role: Role, unitId: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/units/${unitId}/members`,
      headers: { cookie: cookies[role] },
    });

  it('lists the unit’s members with id, display name and roles only', async () => {
    const res = await get('hotline_operator', tcse);
    expect(res.statusCode, res.body).toBe(200);
    const members = res.json() as Array<Record<string, unknown>>;
    expect(members.map((m) => m.id)).toContain(demo.byRole.investigator.id);
    expect(members.map((m) => m.id)).not.toContain(demo.byRole.hotline_operator.id);
    for (const m of members) expect(Object.keys(m).sort()).toEqual(['displayName', 'id', 'roles']);
    expect(res.body).not.toContain('@demo.karpear.test');
    const investigator = members.find((m) => m.id === demo.byRole.investigator.id)!;
    expect(investigator.roles).toEqual(['investigator']);
  });

  it('answers 404 for another agency’s unit, a missing unit, and roles without the need', async () => {
    expect((await get('unit_supervisor', otherUnit)).statusCode).toBe(404);
    expect((await get('unit_supervisor', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('intel_analyst', tcse)).statusCode).toBe(404);
    expect((await get('prosecutor', tcse)).statusCode).toBe(404);
  });

  it('lists prosecutors and liaison officers of other agencies for joint case teams, never one’s own', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/joint-partners',
      headers: { cookie: cookies.investigator },
    });
    expect(res.statusCode, res.body).toBe(200);
    const partners = res.json() as Array<{ id: string; agencyId: string; roles: string[] }>;
    const own = demo.byRole.investigator.agencyId;
    const expected = demo.users.filter(
      (u) => u.agencyId !== own && u.roles.some((r) => r === 'prosecutor' || r === 'liaison_officer'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(partners.map((p) => p.id).sort()).toEqual(expected.map((u) => u.id).sort());
    for (const p of partners) {
      expect(p.agencyId).not.toBe(own);
      expect(p.roles.every((r) => r === 'prosecutor' || r === 'liaison_officer')).toBe(true);
    }
    expect(res.body).not.toContain('@demo.karpear.test');
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/v1/joint-partners',
      headers: { cookie: cookies.hotline_operator },
    });
    expect(denied.statusCode).toBe(404);
  });
});
