import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';
import { signInAs } from '../../../test/authz/session.ts';
import { notifyOverdueTasks } from './cases.overdue.ts';

/**
 * Investigation plans (locking, submit, four-eyes decision, frozen approved version, diff), tasks (due
 * in the past, owner on the team, line of enquiry, status at a version), my work, the overdue
 * reminders (owner, then supervisor a day later, once each) and the supervisor view.
 */
const HOUR = 3_600_000;

describe('case plans and tasks', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;
  let ahtjp: string;
  let tcse: string;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
    ahtjp = demo.agencyIdByCode['KH-NP-AHTJP']!;
    tcse = demo.unitsByAgency[ahtjp]!.find((u) => u.code === 'TCSE')!.id;
  }, 60_000);
  afterAll(async () => t?.close());

  const call = (who: Role, method: string, url: string, payload?: object) =>
    t.app.inject({
      method: method as 'GET',
      url,
      payload,
      headers: { cookie: cookies[who], ...(method === 'GET' ? {} : { 'x-requested-with': 'karpear' }) },
    });
  const ok = async (who: Role, method: string, url: string, payload?: object, status = 200) => {
    const res = await call(who, method, url, payload);
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const newCase = async () => ok('investigator', 'POST', '/api/v1/cases', { title: 'Plan test case' }, 201);
  const content = (extra: object = {}) => ({
    objectives: ['Identify the suspect'],
    suspectedOffences: ['online_exploitation'],
    linesOfEnquiry: [{ key: 'L1', title: 'Phone subscriber', description: 'Ask the operator' }],
    evidenceToGather: ['Subscriber records'],
    legalAuthorities: [{ kind: 'preservation_request', description: 'Platform data', status: 'to request' }],
    risksToChild: ['Contact continues'],
    safeguardingActions: ['Tell the NGO'],
    victimSupportPlan: 'Referral to the shelter',
    ...extra,
  });

  it('saves drafts with optimistic locking: the second conflicting save is refused naming who and when', async () => {
    const c = await newCase();
    const first = await ok('investigator', 'PUT', `/api/v1/cases/${c.id}/plan/draft`, { content: content() });
    expect(first).toMatchObject({ version: 1, status: 'draft', lockVersion: 1 });
    const a = await ok('investigator', 'PUT', `/api/v1/cases/${c.id}/plan/draft`, {
      content: content({ objectives: ['Identify the suspect', 'Find the child'] }),
      lockVersion: 1,
    });
    expect(a.lockVersion).toBe(2);
    const b = await call('unit_supervisor', 'PUT', `/api/v1/cases/${c.id}/plan/draft`, {
      content: content({ objectives: ['Something else'] }),
      lockVersion: 1,
    });
    expect(b.statusCode).toBe(409);
    expect(b.json().error.message).toMatch(
      /changed by Sok Dara|changed by .+ at 2026-11-28T08:00:00.000Z; reload/,
    );
    const plan = await ok('investigator', 'GET', `/api/v1/cases/${c.id}/plan`);
    expect(plan.current.content.objectives).toEqual(['Identify the suspect', 'Find the child']);
    // duplicate line keys → 400 naming the line
    const dup = await call('investigator', 'PUT', `/api/v1/cases/${c.id}/plan/draft`, {
      content: content({
        linesOfEnquiry: [
          { key: 'L1', title: 'a' },
          { key: 'L1', title: 'b' },
        ],
      }),
      lockVersion: 2,
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.issues[0].path).toBe('body.content.linesOfEnquiry.1.key');
  });

  it('submits, is decided by a supervisor who is not the author, freezes the approved version', async () => {
    const c = await newCase();
    await ok('investigator', 'PUT', `/api/v1/cases/${c.id}/plan/draft`, { content: content() });
    await ok('investigator', 'POST', `/api/v1/cases/${c.id}/plan/submit`);
    // submitted: no edits
    expect(
      (
        await call('investigator', 'PUT', `/api/v1/cases/${c.id}/plan/draft`, {
          content: content(),
          lockVersion: 2,
        })
      ).statusCode,
    ).toBe(409);
    // investigators do not decide; returning needs a reason
    expect(
      (await call('investigator', 'POST', `/api/v1/cases/${c.id}/plan/decision`, { decision: 'approved' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await call('unit_supervisor', 'POST', `/api/v1/cases/${c.id}/plan/decision`, { decision: 'returned' }))
        .statusCode,
    ).toBe(400);
    const returned = await ok('unit_supervisor', 'POST', `/api/v1/cases/${c.id}/plan/decision`, {
      decision: 'returned',
      reason: 'Add safeguarding',
    });
    expect(returned).toMatchObject({ status: 'returned', decisionReason: 'Add safeguarding' });
    await ok('investigator', 'PUT', `/api/v1/cases/${c.id}/plan/draft`, {
      content: content({ safeguardingActions: ['Tell the NGO', 'Move the child'] }),
      lockVersion: returned.lockVersion,
    });
    await ok('investigator', 'POST', `/api/v1/cases/${c.id}/plan/submit`);
    const approved = await ok('unit_supervisor', 'POST', `/api/v1/cases/${c.id}/plan/decision`, {
      decision: 'approved',
    });
    expect(approved).toMatchObject({ version: 1, status: 'approved' });
    // editing after approval starts version 2; version 1 stays approved until 2 is approved
    const v2 = await ok('investigator', 'PUT', `/api/v1/cases/${c.id}/plan/draft`, {
      content: content({
        objectives: ['Identify the suspect', 'Arrest'],
        safeguardingActions: ['Tell the NGO', 'Move the child'],
      }),
    });
    expect(v2).toMatchObject({ version: 2, status: 'draft' });
    let plans = await ok('investigator', 'GET', `/api/v1/cases/${c.id}/plan`);
    expect(plans.versions.map((p: { version: number; status: string }) => [p.version, p.status])).toEqual([
      [2, 'draft'],
      [1, 'approved'],
    ]);
    const diff = await ok('investigator', 'GET', `/api/v1/cases/${c.id}/plan/diff?from=1&to=2`);
    expect(diff.changes).toEqual([{ field: 'objectives', added: ['Arrest'], removed: [] }]);
    // a supervisor who authored the version cannot approve it
    const own = await newCase();
    await ok('unit_supervisor', 'PUT', `/api/v1/cases/${own.id}/plan/draft`, { content: content() });
    await ok('unit_supervisor', 'POST', `/api/v1/cases/${own.id}/plan/submit`);
    const self = await call('unit_supervisor', 'POST', `/api/v1/cases/${own.id}/plan/decision`, {
      decision: 'approved',
    });
    expect(self.statusCode).toBe(409);
    // approving v2 supersedes v1
    await ok('investigator', 'POST', `/api/v1/cases/${c.id}/plan/submit`);
    await ok('unit_supervisor', 'POST', `/api/v1/cases/${c.id}/plan/decision`, { decision: 'approved' });
    plans = await ok('investigator', 'GET', `/api/v1/cases/${c.id}/plan`);
    expect(plans.versions.map((p: { status: string }) => p.status)).toEqual(['approved', 'superseded']);
    const v1 = await ok('investigator', 'GET', `/api/v1/cases/${c.id}/plan/versions/1`);
    expect(v1.content.objectives).toEqual(['Identify the suspect']);
    const events = await t.database.query<{ kind: string }>(
      "SELECT kind FROM case_events WHERE case_id = $1 AND kind LIKE 'plan_%' ORDER BY at",
      [c.id],
    );
    expect(events.map((e) => e.kind)).toContain('plan_approved');
  });

  it('refuses bad tasks and changes status at a version; my work lists them by due date', async () => {
    const c = await newCase();
    await ok('investigator', 'PUT', `/api/v1/cases/${c.id}/plan/draft`, { content: content() });
    const owner = demo.byRole.investigator.id;
    const past = await call('investigator', 'POST', `/api/v1/cases/${c.id}/tasks`, {
      title: 'Call the operator',
      ownerId: owner,
      dueAt: new Date(t.clock.now().getTime() - HOUR).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.issues).toEqual([{ path: 'body.dueAt', message: 'must be in the future' }]);
    const due = new Date(t.clock.now().getTime() + 2 * HOUR).toISOString();
    const notTeam = await call('investigator', 'POST', `/api/v1/cases/${c.id}/tasks`, {
      title: 'Call the operator',
      ownerId: demo.byRole.intel_analyst.id,
      dueAt: due,
    });
    expect(notTeam.statusCode).toBe(400);
    expect(notTeam.json().error.issues[0].path).toBe('body.ownerId');
    const badLine = await call('investigator', 'POST', `/api/v1/cases/${c.id}/tasks`, {
      title: 'Call',
      ownerId: owner,
      dueAt: due,
      lineKey: 'L9',
    });
    expect(badLine.statusCode).toBe(400);
    expect(badLine.json().error.issues[0].path).toBe('body.lineKey');
    const task = await ok(
      'investigator',
      'POST',
      `/api/v1/cases/${c.id}/tasks`,
      { title: 'Call the operator', ownerId: owner, dueAt: due, lineKey: 'L1' },
      201,
    );
    expect(task).toMatchObject({ lineKey: 'L1', status: 'open', version: 1, overdue: false });
    const tipTask = await ok(
      'investigator',
      'POST',
      `/api/v1/tips/${(await tipRow()).id}/tasks`,
      {
        title: 'Visit the market',
        ownerId: owner,
        dueAt: new Date(t.clock.now().getTime() + HOUR).toISOString(),
      },
      201,
    );
    const work = await ok('investigator', 'GET', '/api/v1/my-work');
    const ids = work.tasks.map((x: { id: string }) => x.id);
    expect(ids.indexOf(tipTask.id)).toBeLessThan(ids.indexOf(task.id));
    expect(work.tasks.find((x: { id: string }) => x.id === task.id).reference).toBe(c.reference);
    const done = await ok('investigator', 'POST', `/api/v1/tasks/${task.id}/status`, {
      status: 'done',
      version: 1,
    });
    expect(done).toMatchObject({ status: 'done', version: 2 });
    expect(
      (await call('investigator', 'POST', `/api/v1/tasks/${task.id}/status`, { status: 'open', version: 1 }))
        .statusCode,
    ).toBe(409);
  });

  let tipSeq = 0;
  async function tipRow() {
    tipSeq += 1;
    // Raw SQL: the tips module's tables are its internals.
    const [row] = await t.database.query<{ id: string; reference: string }>(
      `INSERT INTO tips (reference, source, agency_id, unit_id, status, priority, proposed_priority, received_at, narrative)
       VALUES ($1, 'phone', $2, $3, 'triaged', 'P3', 'P3', $4, 'Synthetic tip for case tests') RETURNING id, reference`,
      [`T-2026-8${String(tipSeq).padStart(5, '0')}`, ahtjp, tcse, t.clock.now().toISOString()],
    );
    return row!;
  }

  it('reminds the owner once when overdue, then the unit supervisor once a day later; supervisor view', async () => {
    const c = await newCase();
    const owner = demo.byRole.investigator.id;
    const task = await ok(
      'investigator',
      'POST',
      `/api/v1/cases/${c.id}/tasks`,
      {
        title: 'Overdue soon',
        ownerId: owner,
        dueAt: new Date(t.clock.now().getTime() + HOUR).toISOString(),
      },
      201,
    );
    const alerts = () =>
      t.database.query<{ recipient_user_id: string }>(
        "SELECT recipient_user_id FROM alerts WHERE kind = 'overdue_task' AND params->>'taskId' = $1 ORDER BY created_at",
        [task.id],
      );
    const deps = { database: t.database, clock: t.clock };
    await notifyOverdueTasks(deps);
    expect(await alerts()).toEqual([]);
    t.clock.advance(HOUR + 1000);
    await notifyOverdueTasks(deps);
    await notifyOverdueTasks(deps);
    expect(await alerts()).toEqual([{ recipient_user_id: owner }]);
    // sessions idle out while the clock jumps: sign in again
    cookies.unit_supervisor = await signInAs(t, demo.byRole.unit_supervisor.email);
    cookies.investigator = await signInAs(t, demo.byRole.investigator.email);
    expect((await call('investigator', 'GET', '/api/v1/cases/supervisor')).statusCode).toBe(404);
    const view = await ok('unit_supervisor', 'GET', '/api/v1/cases/supervisor');
    expect(view.overdueTasks.map((x: { id: string }) => x.id)).toContain(task.id);
    expect(view.openCases.find((x: { id: string }) => x.id === c.id)).toMatchObject({ ageDays: 0 });
    expect(view.caseload.find((x: { status: string }) => x.status === 'open').count).toBeGreaterThan(0);
    t.clock.advance(23 * HOUR);
    await notifyOverdueTasks(deps);
    expect(await alerts()).toHaveLength(1);
    t.clock.advance(HOUR);
    await notifyOverdueTasks(deps);
    await notifyOverdueTasks(deps);
    expect(await alerts()).toEqual([
      { recipient_user_id: owner },
      { recipient_user_id: demo.byRole.unit_supervisor.id },
    ]);
    const audit = await t.database.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE object_id = $1 ORDER BY position',
      [task.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'cases.tasks.create',
      'cases.tasks.overdue_notify',
      'cases.tasks.overdue_notify',
    ]);
  });
});
