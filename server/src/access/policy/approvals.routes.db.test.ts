import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { pendingApprovalIn } from '../../../test/authz/fixtures.ts';
import { uniqueToken } from '../../../test/authz/harness.ts';
import { signInAs } from '../../../test/authz/session.ts';

/** The approvals inbox and decision over HTTP: step-up, four eyes, denials audited. */
describe('approvals routes', () => {
  let t: TestApp;
  let demo: DemoIndex;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
  }, 60_000);
  afterAll(async () => t?.close());

  const pendingFor = (role: Role, relation: 'own_agency' | 'other_agency' = 'own_agency') =>
    pendingApprovalIn({
      role,
      user: demo.byRole[role],
      relation,
      demo,
      db: t.database.db,
      now: t.clock.now(),
      unique: uniqueToken,
      app: t.ctx,
    }) as Promise<string>;
  const decide = (cookie: string, id: string, body: object) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/approvals/${id}/decision`,
      payload: body,
      headers: { cookie, 'x-requested-with': 'karpear' },
    });
  const auditOf = (objectId: string) =>
    t.database.query<{ action: string; outcome: string }>(
      'SELECT action, outcome FROM audit_log WHERE object_id = $1 ORDER BY position',
      [objectId],
    );

  it('lists pending requests for an approver and lets them decide with a recent second factor', async () => {
    const id = await pendingFor('unit_supervisor');
    const cookie = await signInAs(t, demo.byRole.unit_supervisor.email);
    const inbox = await t.app.inject({ method: 'GET', url: '/api/v1/approvals', headers: { cookie } });
    const item = inbox.json().items.find((a: { id: string }) => a.id === id);
    expect(item).toMatchObject({ state: 'pending', abilities: ['approvals.decide'] });
    const res = await decide(cookie, id, { decision: 'approved', note: 'Checked the court order' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'approved', decidedBy: demo.byRole.unit_supervisor.id });
  });

  it('asks for a fresh second factor when the last one is older than five minutes', async () => {
    const id = await pendingFor('intel_analyst');
    const cookie = await signInAs(t, demo.byRole.intel_analyst.email);
    t.clock.advance(6 * 60_000);
    const res = await decide(cookie, id, { decision: 'approved' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('step_up_required');
    const rows = await t.database.query<{ state: string }>('SELECT state FROM approvals WHERE id = $1', [id]);
    expect(rows[0]!.state).toBe('pending');
  });

  it('answers another agency’s request with 404 and audits the refusal', async () => {
    const id = await pendingFor('prosecutor', 'other_agency');
    const cookie = await signInAs(t, demo.byRole.prosecutor.email);
    const res = await decide(cookie, id, { decision: 'rejected', note: 'no' });
    expect(res.statusCode).toBe(404);
    expect(await auditOf(id)).toEqual([{ action: 'approvals.reject', outcome: 'denied' }]);
  });
});
