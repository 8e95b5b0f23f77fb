import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthTestApp, createAuthTestApp, post, seedDemoUsers, signInAs } from '../../../test/auth.ts';

/** User administration: allowed/denied pairs, object isolation, mass assignment, audit (SECURITY.md A). */
describe('user administration', () => {
  let t: AuthTestApp;
  const ids: Record<string, string> = {};
  const agencies: Record<string, string> = {};
  const as = (email: string) => signInAs(t, email);
  const get = async (url: string, email: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: await as(email) } });
  const patch = async (url: string, email: string, payload: unknown) =>
    t.app.inject({
      method: 'PATCH',
      url,
      headers: { cookie: await as(email), 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const AA = 'agency.admin@demo.karpear.test'; // KH-NP-AHTJP
  const SA = 'system.admin@demo.karpear.test';

  beforeAll(async () => {
    t = await createAuthTestApp();
    await seedDemoUsers(t);
    for (const r of await t.database.query<{ id: string; email: string }>('SELECT id, email FROM users'))
      ids[r.email] = r.id;
    for (const r of await t.database.query<{ id: string; code: string }>('SELECT id, code FROM agencies'))
      agencies[r.code] = r.id;
  }, 60_000);
  afterAll(async () => t?.close());

  const own = () => ids['investigator@demo.karpear.test']!; // same agency as the agency admin
  const other = () => ids['investigator.siemreap@demo.karpear.test']!;

  it('lists: an agency admin sees their agency only, a system admin everyone; others are refused', async () => {
    const mine = (await get('/api/v1/users?limit=100', AA)).json();
    expect(mine.total).toBeGreaterThan(1);
    expect(new Set(mine.items.map((u: { agencyId: string }) => u.agencyId))).toEqual(
      new Set([agencies['KH-NP-AHTJP']]),
    );
    expect(mine.items[0]).toMatchObject({ factors: { totp: true, webauthn: 0 } });
    expect(mine.items[0]).not.toHaveProperty('passwordHash');
    const elsewhere = (await get(`/api/v1/users?agencyId=${agencies['KH-PP-SIEMREAP']}`, AA)).json();
    expect(elsewhere).toMatchObject({ items: [], total: 0 });
    const all = (await get('/api/v1/users?limit=100', SA)).json();
    expect(all.total).toBeGreaterThanOrEqual(17);
    const siemreap = (await get(`/api/v1/users?agencyId=${agencies['KH-PP-SIEMREAP']}`, SA)).json();
    expect(siemreap.items.map((u: { email: string }) => u.email)).toEqual([
      'investigator.siemreap@demo.karpear.test',
    ]);
    const q = (await get('/api/v1/users?q=SUPERVISOR', AA)).json();
    expect(q.items.map((u: { email: string }) => u.email)).toEqual(['supervisor@demo.karpear.test']);
    expect((await get('/api/v1/users?q=%25', AA)).json().total).toBe(0);
    expect((await get('/api/v1/users?status=locked', SA)).json().total).toBe(0);
    expect((await get('/api/v1/users?limit=101', SA)).statusCode).toBe(400);
    const denied = await get('/api/v1/users', 'investigator@demo.karpear.test');
    expect(denied.statusCode).toBe(404);
  });

  it('reads one user: another agency’s answers exactly like a random id', async () => {
    expect((await get(`/api/v1/users/${own()}`, AA)).statusCode).toBe(200);
    const real = await get(`/api/v1/users/${other()}`, AA);
    const fake = await get(`/api/v1/users/${randomUUID()}`, AA);
    expect(real.statusCode).toBe(404);
    expect(real.body).toBe(fake.body);
    expect((await get(`/api/v1/users/${other()}`, SA)).json().email).toBe(
      'investigator.siemreap@demo.karpear.test',
    );
  });

  it('creates: agency admins in their own agency only, never system_admin; unknown fields never stored', async () => {
    const cookie = await as(AA);
    const res = await post(
      t,
      '/api/v1/users',
      {
        email: 'Mass.Assign@Demo.Karpear.Test',
        name: 'Mass Assign',
        roles: ['investigator'],
        agencyId: agencies['KH-PP-SIEMREAP'],
        status: 'active',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$bad',
        isDemo: true,
        bannerAcknowledgedAt: '2026-01-01T00:00:00Z',
      },
      { cookie },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({
      email: 'mass.assign@demo.karpear.test',
      status: 'invited',
      agencyId: agencies['KH-NP-AHTJP'],
    });
    const [row] = await t.database.query<Record<string, unknown>>(
      `SELECT status, password_hash, is_demo, banner_acknowledged_at, agency_id FROM users WHERE email = 'mass.assign@demo.karpear.test'`,
    );
    expect(row).toEqual({
      status: 'invited',
      password_hash: null,
      is_demo: false,
      banner_acknowledged_at: null,
      agency_id: agencies['KH-NP-AHTJP'],
    });

    const sysadmin = await post(
      t,
      '/api/v1/users',
      { email: 'x1@demo.karpear.test', name: 'X', roles: ['system_admin'] },
      { cookie },
    );
    expect(sysadmin.statusCode).toBe(400);
    expect(sysadmin.json().error.issues[0].path).toBe('body.roles');
    const foreignUnit = (
      await t.database.query<{ id: string }>(`SELECT id FROM units WHERE agency_id = $1`, [
        agencies['KH-PP-SIEMREAP'],
      ])
    )[0]!.id;
    const unit = await post(
      t,
      '/api/v1/users',
      { email: 'x2@demo.karpear.test', name: 'X', roles: ['investigator'], unitId: foreignUnit },
      { cookie },
    );
    expect(unit.statusCode).toBe(400);
    const proto = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie, 'content-type': 'application/json' },
      payload:
        '{"email":"x3@demo.karpear.test","name":"X","roles":["investigator"],"__proto__":{"roles":["system_admin"]}}',
    });
    expect(proto.statusCode).toBe(400);
    const dup = await post(
      t,
      '/api/v1/users',
      { email: 'investigator@demo.karpear.test', name: 'X', roles: ['investigator'] },
      { cookie },
    );
    expect(dup.statusCode).toBe(409);
    expect(
      (
        await post(
          t,
          '/api/v1/users',
          { email: 'x4@demo.karpear.test', name: 'X', roles: ['investigator'] },
          { cookie: await as('investigator@demo.karpear.test') },
        )
      ).statusCode,
    ).toBe(404);

    const bySystem = await post(
      t,
      '/api/v1/users',
      {
        email: 'siemreap.new@demo.karpear.test',
        name: 'Siem Reap New',
        roles: ['investigator'],
        agencyId: agencies['KH-PP-SIEMREAP'],
        unitId: foreignUnit,
      },
      { cookie: await as(SA) },
    );
    expect(bySystem.statusCode).toBe(201);
    expect(bySystem.json().user).toMatchObject({ agencyId: agencies['KH-PP-SIEMREAP'], unitId: foreignUnit });
  });

  it('updates: own agency only, no system_admin, not their own roles; unknown fields ignored', async () => {
    const renamed = await patch(`/api/v1/users/${own()}`, AA, {
      displayName: 'Renamed Officer',
      email: 'hijack@evil.example',
      agencyId: agencies['KH-PP-SIEMREAP'],
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      displayName: 'Renamed Officer',
      email: 'investigator@demo.karpear.test',
      agencyId: agencies['KH-NP-AHTJP'],
    });
    const real = await patch(`/api/v1/users/${other()}`, AA, { displayName: 'Taken over' });
    const fake = await patch(`/api/v1/users/${randomUUID()}`, AA, { displayName: 'Taken over' });
    expect(real.statusCode).toBe(404);
    expect(real.body).toBe(fake.body);
    expect((await patch(`/api/v1/users/${own()}`, AA, { roles: ['system_admin'] })).statusCode).toBe(400);
    expect((await patch(`/api/v1/users/${ids[AA]}`, AA, { roles: ['investigator'] })).statusCode).toBe(400);
    expect((await patch(`/api/v1/users/${ids[AA]}`, AA, { status: 'disabled' })).statusCode).toBe(400);
    // A system administrator placed in the agency admin's agency is out of the agency admin's reach.
    const placed = await post(
      t,
      '/api/v1/users',
      {
        email: 'sys.in.police@demo.karpear.test',
        name: 'Sys',
        roles: ['system_admin'],
        agencyId: agencies['KH-NP-AHTJP'],
      },
      { cookie: await as(SA) },
    );
    expect(placed.statusCode).toBe(201);
    const sysId = placed.json().user.id;
    expect((await get(`/api/v1/users/${sysId}`, AA)).statusCode).toBe(200);
    expect((await patch(`/api/v1/users/${sysId}`, AA, { status: 'disabled' })).statusCode).toBe(404);
    expect(
      (await post(t, `/api/v1/users/${sysId}/reset`, undefined, { cookie: await as(AA) })).statusCode,
    ).toBe(404);
    const [row] = await t.database.query<{ status: string }>(`SELECT status FROM users WHERE id = $1`, [
      sysId,
    ]);
    expect(row!.status).toBe('invited');
  });

  it('unlocks and resets: own agency only, 404 elsewhere', async () => {
    await t.database.query(`UPDATE users SET status = 'locked' WHERE id = $1`, [own()]);
    const cookie = await as(AA);
    expect((await post(t, `/api/v1/users/${other()}/unlock`, undefined, { cookie })).statusCode).toBe(404);
    expect((await post(t, `/api/v1/users/${other()}/reset`, undefined, { cookie })).statusCode).toBe(404);
    const unlocked = await post(t, `/api/v1/users/${own()}/unlock`, undefined, { cookie });
    expect(unlocked.json().status).toBe('active');
    expect((await post(t, `/api/v1/users/${own()}/reset`, undefined, { cookie })).json().resetUrl).toMatch(
      /^\/invite#/,
    );
    expect(
      (await post(t, `/api/v1/users/${other()}/unlock`, undefined, { cookie: await as(SA) })).statusCode,
    ).toBe(200);
  });

  it('audits every change in the same transaction: actor, agency, action, object, outcome', async () => {
    const rows = await t.database.query<{
      action: string;
      actor_id: string;
      agency_id: string;
      object_type: string;
      object_id: string;
      outcome: string;
    }>(
      `SELECT action, actor_id, agency_id, object_type, object_id, outcome FROM audit_log WHERE object_type = 'user' AND actor_id = $1 ORDER BY position`,
      [ids[AA]],
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['create', 'update', 'unlock', 'reset']),
    );
    for (const r of rows)
      expect(r).toMatchObject({
        agency_id: agencies['KH-NP-AHTJP'],
        outcome: 'success',
        object_id: expect.any(String),
      });
    const dump = JSON.stringify(await t.database.query('SELECT * FROM audit_log'));
    expect(dump).not.toContain('mass.assign@');
    expect(dump).not.toContain('Renamed Officer');
  });
});
