import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';
import { signInAs } from '../../../test/authz/session.ts';

/**
 * Cases core over HTTP: creation (direct, from tips, explicit reference), list visibility, the audited
 * detail (full and limited views), edits at a version, the status workflow with reasons, team rules,
 * notes. Every change is checked for its timeline event and its one audit event.
 */
describe('cases', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;
  let siemReap: string;
  let ahtjp: string;
  let tcse: string;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
    siemReap = await signInAs(t, 'investigator.siemreap@demo.karpear.test');
    ahtjp = demo.agencyIdByCode['KH-NP-AHTJP']!;
    tcse = demo.unitsByAgency[ahtjp]!.find((u) => u.code === 'TCSE')!.id;
  }, 60_000);
  afterAll(async () => t?.close());

  const call = (who: Role | string, method: string, url: string, payload?: object) =>
    t.app.inject({
      method: method as 'GET',
      url,
      payload,
      headers: {
        cookie: who in cookies ? cookies[who as Role] : who,
        ...(method === 'GET' ? {} : { 'x-requested-with': 'karpear' }),
      },
    });
  const auditOf = (objectId: string) =>
    t.database.query<{ action: string; actor_id: string | null; details: Record<string, unknown> }>(
      'SELECT action, actor_id, details FROM audit_log WHERE object_id = $1 ORDER BY position',
      [objectId],
    );
  const eventsOf = (caseId: string) =>
    t.database.query<{
      kind: string;
      from_status: string | null;
      to_status: string | null;
      reason: string | null;
    }>('SELECT kind, from_status, to_status, reason FROM case_events WHERE case_id = $1 ORDER BY at, kind', [
      caseId,
    ]);
  const create = async (who: Role | string, body: object = {}) => {
    const res = await call(who, 'POST', '/api/v1/cases', {
      title: 'Travelling offender near Phsar Thmei',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string };
  };
  const detail = async (who: Role | string, id: string) => {
    const res = await call(who, 'GET', `/api/v1/cases/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  let tipSeq = 0;
  const tip = async (agencyId: string, unitId: string | null) => {
    tipSeq += 1;
    // Raw SQL: the tips module's tables are its internals.
    const [row] = await t.database.query<{ id: string; reference: string }>(
      `INSERT INTO tips (reference, source, agency_id, unit_id, status, priority, proposed_priority, received_at, narrative)
       VALUES ($1, 'phone', $2, $3, 'triaged', 'P3', 'P3', $4, 'Synthetic tip for case tests') RETURNING id, reference`,
      [`T-2026-7${String(tipSeq).padStart(5, '0')}`, agencyId, unitId, t.clock.now().toISOString()],
    );
    return row!;
  };

  it('opens a case directly: unit reference, creator as lead, timeline and one audit event', async () => {
    const c = await create('investigator', { offences: ['travelling_offender'], summary: 'Synthetic' });
    expect(c.reference).toMatch(/^TCSE-2026-\d{4}$/);
    const second = await create('investigator');
    expect(Number(second.reference.slice(-4))).toBe(Number(c.reference.slice(-4)) + 1);
    const d = await detail('investigator', c.id);
    expect(d).toMatchObject({
      status: 'open',
      unitId: tcse,
      offences: ['travelling_offender'],
      view: 'full',
      leadId: demo.byRole.investigator.id,
    });
    expect(d.team).toEqual([
      expect.objectContaining({ userId: demo.byRole.investigator.id, caseRole: 'lead' }),
    ]);
    expect(d.abilities).toContain('cases.update');
    expect(await eventsOf(c.id)).toEqual([
      { kind: 'created', from_status: null, to_status: 'open', reason: null },
    ]);
    // one for the creation, one for the read
    expect((await auditOf(c.id)).map((a) => a.action)).toEqual(['cases.create', 'cases.read']);
  });

  it('refuses an explicit reference that exists already (409, nothing created)', async () => {
    const first = await create('unit_supervisor', { reference: 'TCSE-2026-9001' });
    expect(first.reference).toBe('TCSE-2026-9001');
    const before = (await t.database.query<{ n: string }>('SELECT count(*) AS n FROM cases'))[0]!.n;
    const res = await call('unit_supervisor', 'POST', '/api/v1/cases', {
      title: 'Duplicate',
      reference: 'TCSE-2026-9001',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('TCSE-2026-9001 already exists');
    expect(res.json().error.issues).toEqual([{ path: 'body.reference', message: 'already exists' }]);
    const after = (await t.database.query<{ n: string }>('SELECT count(*) AS n FROM cases'))[0]!.n;
    expect(after).toBe(before);
    // badly formed reference → 400
    expect(
      (await call('unit_supervisor', 'POST', '/api/v1/cases', { title: 'Bad ref', reference: 'x' }))
        .statusCode,
    ).toBe(400);
  });

  it('creates from readable tips only, linking them', async () => {
    const mine = await tip(ahtjp, tcse);
    const other = await tip(demo.agencyIdByCode['KH-PP-SIEMREAP']!, null);
    const bad = await call('investigator', 'POST', '/api/v1/cases', {
      title: 'From tips',
      tipIds: [mine.id, other.id],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toEqual([{ path: 'body.tipIds.1', message: 'unknown tip' }]);
    const c = await create('investigator', { tipIds: [mine.id] });
    const d = await detail('investigator', c.id);
    expect(d.tips).toEqual([{ id: mine.id, reference: mine.reference, status: 'triaged' }]);
  });

  it('lists only what the viewer may read, with filters', async () => {
    const c = await create('investigator', { title: 'Filter target Kampot', offences: ['grooming'] });
    const list = async (who: Role | string, qs: string) => {
      const res = await call(who, 'GET', `/api/v1/cases?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as Array<{ id: string }>).map((i) => i.id);
    };
    expect(await list('investigator', 'q=Kampot')).toEqual([c.id]);
    // The envelope says whether the total was capped (cases.repo.ts CASE_TOTAL_CAP): here it is exact.
    const envelope = (await call('investigator', 'GET', '/api/v1/cases?q=Kampot')).json();
    expect([envelope.total, envelope.totalCapped]).toEqual([1, false]);
    expect(await list('investigator', `q=${c.reference}`)).toEqual([c.id]);
    expect(await list('unit_supervisor', 'offence=grooming')).toContain(c.id);
    expect(await list('unit_supervisor', 'offence=grooming&status=closed')).not.toContain(c.id);
    expect(await list('intel_analyst', 'q=Kampot')).toEqual([c.id]);
    expect(await list(siemReap, 'q=Kampot')).toEqual([]);
    expect(await list('prosecutor', 'q=Kampot')).toEqual([]);
    expect((await call(siemReap, 'GET', `/api/v1/cases/${c.id}`)).statusCode).toBe(404);
    expect((await call('prosecutor', 'GET', `/api/v1/cases/${c.id}`)).statusCode).toBe(404);
  });

  it('edits at the version read; a stale version is refused with 409', async () => {
    const c = await create('investigator');
    const ok = await call('investigator', 'PATCH', `/api/v1/cases/${c.id}`, {
      version: 1,
      title: 'New title',
      offences: ['grooming'],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ title: 'New title', version: 2, offences: ['grooming'] });
    const stale = await call('unit_supervisor', 'PATCH', `/api/v1/cases/${c.id}`, {
      version: 1,
      title: 'Other',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('changed by someone else');
    expect((await detail('investigator', c.id)).title).toBe('New title');
  });

  it('follows the status workflow; closing and reopening need a reason', async () => {
    const c = await create('investigator');
    const move = (version: number, status: string, reason?: string) =>
      call('investigator', 'POST', `/api/v1/cases/${c.id}/status`, { version, status, reason });
    expect((await move(1, 'in_court')).statusCode).toBe(409);
    expect((await move(1, 'under_investigation')).statusCode).toBe(200);
    const noReason = await move(2, 'closed');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.issues).toEqual([
      { path: 'body.reason', message: 'required for this change' },
    ]);
    expect((await move(2, 'closed', 'No further action: insufficient evidence')).statusCode).toBe(200);
    expect((await detail('investigator', c.id)).closedReason).toBe(
      'No further action: insufficient evidence',
    );
    expect((await move(3, 'open', 'reopen')).statusCode).toBe(409);
    expect((await move(3, 'under_investigation')).statusCode).toBe(400);
    const reopened = await move(3, 'under_investigation', 'New evidence from partner');
    expect(reopened.statusCode).toBe(200);
    expect((await detail('investigator', c.id)).closedReason).toBeNull();
    expect((await eventsOf(c.id)).filter((e) => e.kind === 'status_changed')).toEqual([
      { kind: 'status_changed', from_status: 'open', to_status: 'under_investigation', reason: null },
      {
        kind: 'status_changed',
        from_status: 'under_investigation',
        to_status: 'closed',
        reason: 'No further action: insufficient evidence',
      },
      {
        kind: 'status_changed',
        from_status: 'closed',
        to_status: 'under_investigation',
        reason: 'New evidence from partner',
      },
    ]);
    expect((await auditOf(c.id)).filter((a) => a.action === 'cases.change_status')).toHaveLength(3);
  });

  it('manages the team: joint members from another agency get a limited view', async () => {
    const c = await create('investigator');
    const add = (userId: string, caseRole: string) =>
      call('investigator', 'POST', `/api/v1/cases/${c.id}/team`, { userId, caseRole });
    // a prosecutor cannot be an investigator-member; another agency joins only as prosecutor/liaison
    expect((await add(demo.byRole.prosecutor.id, 'member')).statusCode).toBe(400);
    expect((await add(demo.byRole.prosecutor.id, 'prosecutor')).statusCode).toBe(200);
    expect((await add(demo.byRole.liaison_officer.id, 'liaison')).statusCode).toBe(200);
    expect((await add(demo.byRole.prosecutor.id, 'prosecutor')).statusCode).toBe(409);
    await call('investigator', 'POST', `/api/v1/cases/${c.id}/notes`, {
      body: 'Synthetic note: met the NGO',
    });
    const limited = await detail('prosecutor', c.id);
    expect(limited.view).toBe('limited');
    expect(limited.notes).toEqual([]);
    expect(limited.plan).toBeNull();
    expect(limited.abilities).not.toContain('cases.read_full');
    expect((await call('prosecutor', 'GET', `/api/v1/cases/${c.id}/plan`)).statusCode).toBe(404);
    expect(
      (await call('liaison_officer', 'POST', `/api/v1/cases/${c.id}/notes`, { body: 'x' })).statusCode,
    ).toBe(404);
    const full = await detail('investigator', c.id);
    expect(full.notes).toEqual([expect.objectContaining({ body: 'Synthetic note: met the NGO' })]);
    // The lead cannot be removed nor demoted until another lead is named.
    const lead = demo.byRole.investigator.id;
    expect((await call('investigator', 'DELETE', `/api/v1/cases/${c.id}/team/${lead}`)).statusCode).toBe(409);
    expect(
      (await call('investigator', 'PATCH', `/api/v1/cases/${c.id}/team/${lead}`, { caseRole: 'member' }))
        .statusCode,
    ).toBe(409);
    const sup = demo.byRole.unit_supervisor.id;
    expect((await add(sup, 'lead')).statusCode).toBe(200);
    const after = await detail('investigator', c.id);
    expect(after.leadId).toBe(sup);
    expect(after.team.find((m: { userId: string }) => m.userId === lead).caseRole).toBe('member');
    const removed = await call(
      'unit_supervisor',
      'DELETE',
      `/api/v1/cases/${c.id}/team/${demo.byRole.liaison_officer.id}`,
    );
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await call('liaison_officer', 'GET', `/api/v1/cases/${c.id}`)).statusCode).toBe(404);
    expect((await auditOf(c.id)).filter((a) => a.action === 'cases.manage_team')).toHaveLength(4);
  });

  it('lets a tip conversion create a case the converter leads', async () => {
    const source = await tip(ahtjp, tcse);
    const res = await call('investigator', 'POST', `/api/v1/tips/${source.id}/convert`, {
      title: 'Converted',
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = await detail('investigator', res.json().caseId);
    expect(d.tips.map((x: { id: string }) => x.id)).toEqual([source.id]);
    expect(d.team[0]).toMatchObject({ userId: demo.byRole.investigator.id, caseRole: 'lead' });
  });
});
