import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor } from '../../../test/authz/actors.ts';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { PolicyEngine } from './engine.ts';
import { currentGrantsOn, type GrantInput, grantAccess, grantedActions, revokeGrant } from './grants.ts';
import { rule } from './rules.ts';

/** A test engine: identity reads need a grant; the supervisor manages grants (the service's check). */
const engine = new PolicyEngine([
  {
    'probe.identity_read': [rule(['victim_support_officer'], 'grant')],
    'probe.read': [rule(['victim_support_officer'], 'own_agency')],
  },
]);

describe('need-to-know grants', () => {
  let database: DatabaseHandle;
  let demo: DemoIndex;
  const now = new Date('2026-11-28T08:00:00Z');
  const days = (d: number) => new Date(now.getTime() + d * 86_400_000);

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIndex(database);
  }, 60_000);
  afterAll(async () => database?.close());

  const granter = () => actorFor(demo.byRole.unit_supervisor);
  const vso = () => actorFor(demo.byRole.victim_support_officer);
  const input = (over: Partial<GrantInput> = {}): GrantInput => ({
    userId: vso().userId,
    recordType: 'victim',
    recordId: randomUUID(),
    permission: 'probe.identity_read',
    reason: 'Referral to the shelter needs the child’s identity',
    validUntil: days(30),
    ...over,
  });

  it('grants, is seen by the engine through grantedActions, expires and is revoked: audited', async () => {
    const g = input();
    const row = await database.db.transaction((tx) => grantAccess(tx, granter(), g, now, engine));
    const held = await grantedActions(database.db, g.userId, 'victim', g.recordId, now);
    expect(held).toEqual(['probe.identity_read']);
    const victim = { type: 'victim', id: g.recordId, agencyId: vso().agencyId };
    expect(engine.can(vso(), 'probe.identity_read', { ...victim, grantedActions: held })).toBe(true);
    expect(engine.can(vso(), 'probe.identity_read', victim)).toBe(false);
    // Another record, another user, or past the end date: nothing.
    expect(await grantedActions(database.db, g.userId, 'victim', randomUUID(), now)).toEqual([]);
    expect(await grantedActions(database.db, granter().userId, 'victim', g.recordId, now)).toEqual([]);
    expect(await grantedActions(database.db, g.userId, 'victim', g.recordId, days(30))).toEqual([]);
    expect((await currentGrantsOn(database.db, 'victim', g.recordId, now)).map((r) => r.id)).toEqual([
      row.id,
    ]);

    await database.db.transaction((tx) => revokeGrant(tx, granter(), row.id, 'Referral closed', days(1)));
    expect(await grantedActions(database.db, g.userId, 'victim', g.recordId, days(2))).toEqual([]);
    await expect(
      database.db.transaction((tx) => revokeGrant(tx, granter(), row.id, 'again', days(1))),
    ).rejects.toThrow(/Not found/);

    const events = await database.db.execute(
      sql`SELECT action, actor_id, object_id, justification FROM audit_log WHERE object_id = ${g.recordId} ORDER BY position`,
    );
    expect((events as unknown as { rows: unknown[] }).rows).toEqual([
      expect.objectContaining({
        action: 'grants.create',
        actor_id: granter().userId,
        justification: g.reason,
      }),
      expect.objectContaining({ action: 'grants.revoke', justification: 'Referral closed' }),
    ]);
  });

  it('refuses self-grants, unknown permissions, thin reasons, open-ended dates and inactive users', async () => {
    const cases: Array<[Partial<GrantInput>, string, ReturnType<typeof granter>?]> = [
      [{}, 'body.userId', vso()],
      [{ permission: 'probe.read' }, 'body.permission'],
      [{ permission: 'nothing.at_all' }, 'body.permission'],
      [{ reason: 'because' }, 'body.reason'],
      [{ validUntil: now }, 'body.validUntil'],
      [{ validUntil: days(91) }, 'body.validUntil'],
      [{ userId: randomUUID() }, 'body.userId'],
    ];
    for (const [over, path, actor] of cases) {
      await expect(
        database.db.transaction((tx) => grantAccess(tx, actor ?? granter(), input(over), now, engine)),
        path,
      ).rejects.toMatchObject({ code: 'validation_failed', issues: [{ path }] });
    }
  });
});
