import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import type { DemoIndex } from '../../../test/authz/demo.ts';
import { insertTip, type NewTip, resolveIntakeAgency } from './index.ts';
import { startTipsTestApp, type TipsTestApp, tipsTestCalls } from './tips.test-helpers.ts';

/**
 * Tips core over HTTP and through `insertTip`: intake, triage proposals (register hit, repeats), SLA,
 * the workflow with optimistic locking, assignment (single and bulk, with alerts), conversion to a
 * case, and the queue's filters and visibility (over the tips the tests before it filed). What a tip
 * discloses to whom is in tips.disclosure.db.test.ts. Every change is checked for its one audit event.
 */
describe('tips', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let siemReap: string;
  let tcse: string;
  let hotline: string;
  let started: TipsTestApp;

  beforeAll(async () => {
    started = await startTipsTestApp();
    ({ t, demo, siemReap, tcse, hotline } = started);
  }, 60_000);
  afterAll(async () => t?.close());
  const { call, auditOf, row, create } = tipsTestCalls(() => started);

  it('records an operator tip: reference, proposed priority with reasons, SLA, one audit event, contact sealed', async () => {
    const tip = await create('hotline_operator', {
      childAgeMin: 10,
      childAgeMax: 12,
      province: 'KH-12',
      reporterContact: 'Reporter Demo, +855 12 777 888',
      identifiers: [{ kind: 'phone', value: '012 888 111' }],
      suspect: { names: ['Démo Fakename'], travelling: false },
    });
    expect(tip.reference).toMatch(/^T-2026-\d{6}$/);
    const r = await row(tip.id);
    expect(r).toMatchObject({ status: 'new', priority: null, proposed_priority: 'P2', unit_id: hotline });
    // received now (08:00 UTC) + P2 24 h
    expect(new Date(r.sla_due_at as string).toISOString()).toBe('2026-11-29T08:00:00.000Z');
    expect(await auditOf(tip.id)).toEqual([
      expect.objectContaining({ action: 'tips.create', actor_id: demo.byRole.hotline_operator.id }),
    ]);
    const [raw] = await t.database.query<{ c: string; names: string }>(
      `SELECT encode(reporter_contact, 'escape') AS c, suspect_names AS names FROM tips WHERE id = $1`,
      [tip.id],
    );
    expect(raw!.c).not.toContain('777 888');
    expect(raw!.names).toBe('demo fakename');
    const detail = (await call('hotline_operator', 'GET', `/api/v1/tips/${tip.id}`)).json();
    expect(detail).toMatchObject({
      reference: tip.reference,
      proposedPriority: 'P2',
      slaState: 'ok',
      reporterContact: null,
      hasReporterContact: true,
      triageReasons: [{ rule: 'child_under_13', priority: 'P2' }],
      entities: [expect.objectContaining({ kind: 'phone', value: '+85512888111', role: 'reported' })],
    });
    expect(detail.events).toEqual([expect.objectContaining({ kind: 'created', toStatus: 'new' })]);
  });

  it('refuses a bad identifier naming it, and an age range upside down', async () => {
    const bad = await call('hotline_operator', 'POST', '/api/v1/tips', {
      source: 'phone',
      narrative: 'x',
      identifiers: [
        { kind: 'phone', value: '012 888 111' },
        { kind: 'email', value: 'not an email' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toEqual([expect.objectContaining({ path: 'body.identifiers.1.value' })]);
    const ages = await call('hotline_operator', 'POST', '/api/v1/tips', {
      source: 'phone',
      narrative: 'x',
      childAgeMin: 15,
      childAgeMax: 9,
    });
    expect(ages.statusCode).toBe(400);
    expect(ages.json().error.issues[0].path).toBe('body.childAgeMin');
  });

  it('proposes P1 on an offender-register passport hit and P3 for a repeat identifier', async () => {
    const agencyId = demo.agencyIdByCode['KH-NP-AHTJP']!;
    const [entry] = await t.database.query<{ id: string }>(
      `INSERT INTO register_entries (reference, agency_id, status, basis, legal_basis, risk_level, instructions)
       VALUES ('REG-T-1', $1, 'active', 'deported', 'test', 'high', 'call the duty officer') RETURNING id`,
      [agencyId],
    );
    await t.database.query(
      `INSERT INTO register_passports (entry_id, country, number) VALUES ($1, 'GB', 'X1234567')`,
      [entry!.id],
    );
    const hit = await create('hotline_operator', {
      identifiers: [{ kind: 'passport', value: 'x 123 4567', qualifier: 'GB' }],
    });
    expect(await row(hit.id)).toMatchObject({ proposed_priority: 'P1' });

    const first = await create('hotline_operator', {
      identifiers: [{ kind: 'phone', value: '+855 97 111 2233' }],
    });
    expect(await row(first.id)).toMatchObject({ proposed_priority: 'P4' });
    // The second names the same phone only in its narrative: extracted, linked, a repeat.
    const second = await create('hotline_operator', {
      narrative: 'He gave the number +855 97 111 2233 to a child.',
    });
    expect(await row(second.id)).toMatchObject({ proposed_priority: 'P3' });
    const detail = (await call('hotline_operator', 'GET', `/api/v1/tips/${second.id}`)).json();
    expect(detail.triageReasons).toEqual([
      expect.objectContaining({ rule: 'repeat_identifier', priority: 'P3' }),
    ]);
    expect(detail.related).toEqual([
      expect.objectContaining({ recordType: 'tip', id: first.id, reference: first.reference, visible: true }),
    ]);
  });

  it('makes a duplicate source key a no-op, and files tips under the intake agency', async () => {
    const intake = await resolveIntakeAgency(t.database.db, t.ctx.config);
    expect(intake).toEqual({ agencyId: demo.agencyIdByCode['KH-NP-AHTJP'], unitId: hotline });
    const tip: NewTip = {
      source: 'cybertipline',
      ...intake,
      receivedAt: t.clock.now(),
      narrative: 'Imported report',
      identifiers: [],
      sourceKey: 'cybertipline:T-DUP-1',
      escalationFlag: true,
      files: [
        { fileName: 'a.jpg', hash: null, hashKind: null, viewedByPlatform: true },
        { fileName: 'b.jpg', hash: null, hashKind: null, viewedByPlatform: null },
      ],
    };
    const audit = { actorId: null, agencyId: null, ip: null, requestId: null };
    const first = await t.database.db.transaction((tx) => insertTip(t.ctx, tx, tip, audit));
    const again = await t.database.db.transaction((tx) => insertTip(t.ctx, tx, tip, audit));
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await auditOf(first.id)).toHaveLength(1);
    const files = await t.database.query<{ file_name: string; locked: boolean }>(
      'SELECT file_name, locked FROM tip_files WHERE tip_id = $1 ORDER BY file_name',
      [first.id],
    );
    expect(files).toEqual([
      { file_name: 'a.jpg', locked: false },
      { file_name: 'b.jpg', locked: true },
    ]);
    expect(await row(first.id)).toMatchObject({ proposed_priority: 'P1' });
  });

  it('triages: a changed priority needs a reason, the SLA follows, a stale version answers 409', async () => {
    const tip = await create('hotline_operator', {});
    const noReason = await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/triage`, {
      priority: 'P2',
      version: 1,
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.issues[0].path).toBe('body.reason');
    const ok = await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/triage`, {
      priority: 'P2',
      reason: 'Caller sounded credible and specific',
      version: 1,
    });
    expect(ok.json()).toMatchObject({ status: 'triaged', priority: 'P2', version: 2 });
    expect(new Date((await row(tip.id)).sla_due_at as string).toISOString()).toBe('2026-11-29T08:00:00.000Z');
    const stale = await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/triage`, {
      priority: 'P4',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/changed by someone else.*version 1.*now 2/);
    expect((await auditOf(tip.id)).map((a) => a.action)).toEqual(['tips.create', 'tips.triage']);
  });

  it('assigns to a unit and an investigator of it, raises the alert, moves identifier holders', async () => {
    const tip = await create('hotline_operator', {
      identifiers: [{ kind: 'phone', value: '+855 16 404 404' }],
    });
    const wrong = await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/assign`, {
      unitId: hotline,
      assigneeId: demo.byRole.investigator.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.issues[0].path).toBe('body.assigneeId');
    const otherUnit = demo.unitsByAgency[demo.agencyIdByCode['KH-PP-SIEMREAP']!]![0]!.id;
    const foreignUnit = await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/assign`, {
      unitId: otherUnit,
    });
    expect(foreignUnit.statusCode).toBe(400);

    const ok = await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/assign`, {
      unitId: tcse,
      assigneeId: demo.byRole.investigator.id,
    });
    expect(ok.json()).toMatchObject({
      status: 'assigned',
      unitId: tcse,
      assigneeId: demo.byRole.investigator.id,
    });
    const alerts = await t.database.query<{ kind: string; recipient_user_id: string; reference: string }>(
      'SELECT kind, recipient_user_id, reference FROM alerts WHERE record_id = $1',
      [tip.id],
    );
    expect(alerts).toEqual([
      { kind: 'tip_assigned', recipient_user_id: demo.byRole.investigator.id, reference: tip.reference },
    ]);
    const links = await t.database.query<{ unit_id: string }>(
      `SELECT unit_id FROM identifier_links WHERE record_type = 'tip' AND record_id = $1`,
      [tip.id],
    );
    expect(links.map((l) => l.unit_id)).toEqual([tcse]);
    // Now the TCSE investigator reads it (own unit); before, it was the hotline's.
    expect((await call('investigator', 'GET', `/api/v1/tips/${tip.id}`)).statusCode).toBe(200);
    expect((await auditOf(tip.id)).map((a) => a.action)).toEqual(['tips.create', 'tips.assign', 'read']);
  });

  it('bulk-assigns all or nothing, naming the tip that cannot be assigned', async () => {
    const a = await create('hotline_operator', {});
    const b = await create('hotline_operator', {});
    const other = await t.database.query<{ id: string }>(`SELECT id FROM tips WHERE agency_id = $1 LIMIT 1`, [
      demo.agencyIdByCode['KH-PP-SIEMREAP'],
    ]);
    const foreign = other[0]?.id ?? '00000000-0000-4000-8000-000000000000';
    const refused = await call('hotline_operator', 'POST', '/api/v1/tips/assign', {
      tipIds: [a.id, foreign, b.id],
      unitId: tcse,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual([{ path: 'body.tipIds.1', message: 'not found' }]);
    expect(await row(a.id)).toMatchObject({ status: 'new', unit_id: hotline });
    const done = await call('hotline_operator', 'POST', '/api/v1/tips/assign', {
      tipIds: [a.id, b.id],
      unitId: tcse,
    });
    expect(done.json()).toEqual({ assigned: 2 });
    expect(await row(b.id)).toMatchObject({ status: 'assigned', unit_id: tcse, assignee_id: null });
    const unitAlert = await t.database.query<{ recipient_unit_id: string }>(
      'SELECT recipient_unit_id FROM alerts WHERE record_id = $1',
      [b.id],
    );
    expect(unitAlert).toEqual([{ recipient_unit_id: tcse }]);
  });

  it('closes with a reason and version; closed tips take no more changes', async () => {
    const tip = await create('hotline_operator', {});
    t.clock.advance(1000); // the timeline is ordered by time
    const res = await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/status`, {
      status: 'closed_no_action',
      reason: 'Duplicate of an earlier call',
      version: 1,
    });
    expect(res.json()).toMatchObject({ status: 'closed_no_action', version: 2 });
    expect((await row(tip.id)).sla_due_at).toBeNull();
    const again = await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/triage`, {
      priority: 'P4',
      version: 2,
    });
    expect(again.statusCode).toBe(409);
    const detail = (await call('hotline_operator', 'GET', `/api/v1/tips/${tip.id}`)).json();
    expect(detail.slaState).toBe('none');
    expect(detail.abilities).not.toContain('tips.triage');
    expect(detail.events.at(-1)).toMatchObject({
      kind: 'status_changed',
      fromStatus: 'new',
      toStatus: 'closed_no_action',
      reason: 'Duplicate of an earlier call',
      actorId: demo.byRole.hotline_operator.id,
    });
  });

  it('lets exactly one of many concurrent changes at the same version win; the rest get 409', async () => {
    const tip = await create('hotline_operator', {});
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/status`, {
          status: i % 2 ? 'referred' : 'closed_no_action',
          reason: `Attempt ${i}`,
          version: 1,
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect((await auditOf(tip.id)).map((a) => a.action)).toEqual(['tips.create', 'tips.update_status']);
  });

  it('converts into a case numbered per unit and year, linked both ways', async () => {
    const refs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const tip = await create('hotline_operator', {});
      await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/assign`, { unitId: tcse });
      const early = await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/convert`, { title: 'x' });
      expect(early.statusCode).toBe(404); // operators may not convert
      const res = await call('investigator', 'POST', `/api/v1/tips/${tip.id}/convert`, {
        title: 'Operation Demo',
        reason: 'Enough to open an investigation',
      });
      expect(res.statusCode, res.body).toBe(201);
      const { caseId, reference } = res.json();
      refs.push(reference);
      expect(await row(tip.id)).toMatchObject({
        status: 'converted_to_case',
        case_id: caseId,
        sla_due_at: null,
      });
      const links = await t.database.query('SELECT tip_id FROM case_tips WHERE case_id = $1', [caseId]);
      expect(links).toEqual([{ tip_id: tip.id }]);
      expect((await auditOf(tip.id)).at(-1)).toMatchObject({
        action: 'tips.convert',
        details: { caseId, caseReference: reference },
      });
    }
    expect(refs).toEqual(['TCSE-2026-0001', 'TCSE-2026-0002']);
  });

  it('lists what the caller may see, filtered and searched in SQL', async () => {
    const named = await create('hotline_operator', {
      narrative: 'Guesthouse owner worried about a visitor',
      province: 'KH-17',
      suspect: { names: ['Bartholomew Quixley'] },
    });
    const list = async (who: Role | string, query: string) => {
      const res = await call(who, 'GET', `/api/v1/tips?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        items: Array<{
          id: string;
          slaState: string;
          receivedAt: string;
          slaDueAt: string | null;
          status: string;
        }>;
        total: number;
      };
    };
    const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);
    expect(ids(await list('hotline_operator', 'q=guesthouse'))).toContain(named.id);
    expect(ids(await list('hotline_operator', 'q=quixly'))).toContain(named.id); // fuzzy, misspelt
    expect(ids(await list('hotline_operator', 'q=bartholomew&province=KH-12'))).not.toContain(named.id);
    expect(ids(await list('hotline_operator', 'province=KH-17&status=new&source=phone'))).toContain(named.id);
    expect(ids(await list('hotline_operator', 'assignee=none&limit=100'))).toContain(named.id);
    // Investigators see only their unit's tips; the other agency's investigator sees none of these.
    expect(ids(await list('investigator', 'limit=100'))).not.toContain(named.id);
    const mine = await list('investigator', 'limit=100');
    const units = await t.database.query<{ unit_id: string }>(
      `SELECT DISTINCT unit_id FROM tips WHERE id = ANY($1::uuid[])`,
      [ids(mine)],
    );
    expect(units.every((u) => u.unit_id === tcse)).toBe(true);
    expect(mine.total).toBeGreaterThan(0);
    expect((await list(siemReap, 'limit=100')).total).toBe(0);
    // SLA: a P1 received three days ago is breached; the P4 above (14 days) is ok.
    const late = await create('hotline_operator', {
      imminentDanger: true,
      receivedAt: new Date(t.clock.now().getTime() - 3 * 86_400_000).toISOString(),
    });
    const breached = await list('hotline_operator', 'sla=breached&limit=100');
    expect(ids(breached)).toContain(late.id);
    expect(breached.items.every((i) => i.slaState === 'breached')).toBe(true);
    const ok = await list('hotline_operator', 'sla=ok&limit=100');
    expect(ok.items.every((i) => i.slaState === 'ok')).toBe(true);
    expect(ids(ok)).toContain(named.id);
    expect(ids(ok)).not.toContain(late.id);
    const byTimeLeft = await list('hotline_operator', 'limit=100');
    expect(byTimeLeft.items[0]!.id).toBe(late.id); // least time left first
    // Several statuses by time left (merged per-status branches): same order, pages that add up.
    const open = 'status=new&status=triaged&status=assigned';
    const all = await list('hotline_operator', `${open}&limit=100`);
    expect(all.items.length).toBe(all.total);
    expect(all.items[0]!.id).toBe(late.id);
    const dues = all.items.map((i) => i.slaDueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());
    expect(new Set(all.items.map((i) => i.status))).toEqual(new Set(['new', 'triaged', 'assigned']));
    const page2 = await list('hotline_operator', `${open}&limit=3&offset=3`);
    expect(ids(page2)).toEqual(ids(all).slice(3, 6));
    const sorted = await list('hotline_operator', 'sort=received_desc&limit=100');
    const times = sorted.items.map((i) => i.receivedAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});
