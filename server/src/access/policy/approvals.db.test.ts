import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor } from '../../../test/authz/actors.ts';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { defineApprovalKind } from './approval-kinds.ts';
import {
  type ApprovalRequest,
  decideApproval,
  isApproved,
  listDecidableApprovals,
  requestApproval,
  withdrawApproval,
} from './approvals.ts';
import { rule } from './rules.ts';

const KIND = 'approvals_test.disclose';
defineApprovalKind({
  kind: KIND,
  description: 'test kind: supervisors and analysts of the record’s agency decide',
  approvers: [rule(['unit_supervisor', 'intel_analyst'], 'own_agency')],
  maxValidityHours: 48,
});

describe('four eyes', () => {
  let database: DatabaseHandle;
  let demo: DemoIndex;
  const now = new Date('2026-11-28T08:00:00Z');
  const later = (h: number) => new Date(now.getTime() + h * 3_600_000);

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIndex(database);
  }, 60_000);
  afterAll(async () => database?.close());

  const supervisor = () => actorFor(demo.byRole.unit_supervisor);
  const analyst = () => actorFor(demo.byRole.intel_analyst);
  const request = (over: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
    kind: KIND,
    recordType: 'victim',
    recordId: randomUUID(),
    agencyId: demo.byRole.unit_supervisor.agencyId,
    justification: 'Court order 12/2026 requires the identity for the hearing',
    expiresAt: later(24),
    ...over,
  });
  const tx = <T>(fn: (t: Parameters<Parameters<DatabaseHandle['db']['transaction']>[0]>[0]) => Promise<T>) =>
    database.db.transaction(fn);
  const audit = (action: string) =>
    database.query<{ actor_id: string; justification: string | null; outcome: string }>(
      'SELECT actor_id, justification, outcome FROM audit_log WHERE action = $1 ORDER BY position',
      [action],
    );

  it('asks with a justification, and a second person approves: audited at each step', async () => {
    const asked = await tx((t) => requestApproval(t, supervisor(), request(), now));
    expect(asked.state).toBe('pending');
    expect(await isApproved(database.db, KIND, 'victim', asked.recordId, now)).toBe(false);
    const decided = await tx((t) => decideApproval(t, analyst(), asked.id, 'approved', ' ok ', later(1)));
    expect(decided).toMatchObject({ state: 'approved', decidedBy: analyst().userId, decisionNote: 'ok' });
    expect(await isApproved(database.db, KIND, 'victim', asked.recordId, later(2))).toBe(true);
    // An approval counts only until the request's expiry.
    expect(await isApproved(database.db, KIND, 'victim', asked.recordId, later(24))).toBe(false);
    expect((await audit('approvals.request')).at(-1)).toMatchObject({
      actor_id: supervisor().userId,
      justification: 'Court order 12/2026 requires the identity for the hearing',
    });
    expect((await audit('approvals.approve')).at(-1)).toMatchObject({ actor_id: analyst().userId });
  });

  it('never lets the requester decide their own request, in code and in SQL', async () => {
    const asked = await tx((t) => requestApproval(t, supervisor(), request(), now));
    await expect(
      tx((t) => decideApproval(t, supervisor(), asked.id, 'approved', undefined, now)),
    ).rejects.toThrow(/cannot be decided/);
    await expect(
      database.db.execute(
        sql`UPDATE approvals SET state = 'approved', decided_by = requested_by WHERE id = ${asked.id}`,
      ),
    ).rejects.toThrow();
  });

  it('answers 404 to roles the kind does not name and to other agencies', async () => {
    const asked = await tx((t) => requestApproval(t, supervisor(), request(), now));
    for (const who of [demo.byRole.investigator, demo.byRole.prosecutor, demo.byRole.system_admin]) {
      await expect(
        tx((t) => decideApproval(t, actorFor(who), asked.id, 'approved', undefined, now)),
      ).rejects.toThrow(/Not found/);
    }
    await expect(
      tx((t) => decideApproval(t, analyst(), randomUUID(), 'approved', undefined, now)),
    ).rejects.toThrow(/Not found/);
  });

  it('requires a justification of minimum length and an expiry within the kind’s limit', async () => {
    await expect(
      tx((t) => requestApproval(t, supervisor(), request({ justification: '  too short  ' }), now)),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'body.justification' }],
    });
    for (const expiresAt of [now, later(-1), later(49)]) {
      await expect(
        tx((t) => requestApproval(t, supervisor(), request({ expiresAt }), now)),
      ).rejects.toMatchObject({
        issues: [{ path: 'body.expiresAt' }],
      });
    }
    const first = request();
    await tx((t) => requestApproval(t, supervisor(), first, now));
    await expect(tx((t) => requestApproval(t, analyst(), first, now))).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('moves only from pending: decided, expired and withdrawn requests stay as they are', async () => {
    const asked = await tx((t) => requestApproval(t, supervisor(), request(), now));
    await expect(
      tx((t) => decideApproval(t, analyst(), asked.id, 'rejected', '   ', now)),
    ).rejects.toMatchObject({
      issues: [{ path: 'body.note' }],
    });
    await tx((t) => decideApproval(t, analyst(), asked.id, 'rejected', 'No court order attached', now));
    await expect(
      tx((t) => decideApproval(t, analyst(), asked.id, 'approved', undefined, now)),
    ).rejects.toMatchObject({
      code: 'conflict',
    });

    const expiring = await tx((t) => requestApproval(t, supervisor(), request({ expiresAt: later(1) }), now));
    await expect(
      tx((t) => decideApproval(t, analyst(), expiring.id, 'approved', undefined, later(1))),
    ).rejects.toMatchObject({
      issues: [{ message: 'the request has expired' }],
    });

    const withdrawn = await tx((t) => requestApproval(t, supervisor(), request(), now));
    await expect(tx((t) => withdrawApproval(t, analyst(), withdrawn.id, now))).rejects.toThrow(/Not found/);
    expect((await tx((t) => withdrawApproval(t, supervisor(), withdrawn.id, now))).state).toBe('withdrawn');
    await expect(
      tx((t) => decideApproval(t, analyst(), withdrawn.id, 'approved', undefined, now)),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await audit('approvals.withdraw')).length).toBe(1);
  });

  it('lists for an approver the pending, unexpired requests of their agency that others asked', async () => {
    const mine = await tx((t) => requestApproval(t, analyst(), request(), now));
    const page = { limit: 100, offset: 0 };
    const forSupervisor = await listDecidableApprovals(database.db, supervisor(), now, page);
    expect(forSupervisor.rows.map((r) => r.id)).toContain(mine.id);
    expect(
      forSupervisor.rows.every((r) => r.state === 'pending' && r.requestedBy !== supervisor().userId),
    ).toBe(true);
    const forAnalyst = await listDecidableApprovals(database.db, analyst(), now, page);
    expect(forAnalyst.rows.map((r) => r.id)).not.toContain(mine.id);
    expect(forAnalyst.total).toBe(forAnalyst.rows.length);
    const forProsecutor = await listDecidableApprovals(
      database.db,
      actorFor(demo.byRole.prosecutor),
      now,
      page,
    );
    expect(forProsecutor.rows).toEqual([]);
    const afterExpiry = await listDecidableApprovals(database.db, supervisor(), later(25), page);
    expect(afterExpiry.rows.map((r) => r.id)).not.toContain(mine.id);
  });
});
