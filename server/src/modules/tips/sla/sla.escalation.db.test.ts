import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIndex, seedDemoIndex } from '../../../../test/authz/demo.ts';
import { createTestDatabase } from '../../../../test/db.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { DatabaseHandle } from '../../../platform/db/index.ts';
import { JobRegistry, JobWorker } from '../../../platform/jobs/index.ts';
import { createLogger } from '../../../platform/logger.ts';
import { units } from '../../agencies/index.ts';
import { users } from '../../users/index.ts';
import { tips } from '../tips.tables.ts';
import { escalateSlaBreaches } from './sla.escalation.ts';
import { slaEscalationJob } from './sla.jobs.ts';

const HOUR = 3_600_000;

/** The SLA escalation job against a seeded database, driven by a ManualClock. */
describe('tip SLA escalation', () => {
  let database: DatabaseHandle;
  let demo: DemoIndex;
  let agencyId: string;
  let unitOf: (code: string) => string;
  let supervisorId: string;
  let otherSupervisorId: string;
  const clock = new ManualClock(new Date('2026-11-28T00:00:00Z'));
  const deps = () => ({ database, clock });
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIndex(database);
    agencyId = demo.agencyIdByCode['KH-NP-AHTJP']!;
    unitOf = (code) => demo.unitsByAgency[agencyId]!.find((u) => u.code === code)!.id;
    supervisorId = demo.byRole.unit_supervisor.id;
    // A second supervisor, in a unit of their own: unit tips must not reach them, unit-less ones must.
    const [unit] = await database.db
      .insert(units)
      .values({ agencyId, code: 'SLA-DESK', nameEn: 'SLA test desk', nameKm: 'SLA test desk' })
      .returning();
    const [other] = await database.db
      .insert(users)
      .values({
        agencyId,
        unitId: unit!.id,
        email: 'sla.supervisor@demo.karpear.test',
        displayName: 'Synthetic Supervisor',
        roles: ['unit_supervisor'],
      })
      .returning();
    otherSupervisorId = other!.id;
  }, 60_000);
  afterAll(async () => database?.close());

  /** A tip received now, due after `hours` (the SLA of its priority). */
  async function tip(options: {
    priority: 'P1' | 'P2' | 'P3' | 'P4';
    hours: number;
    unitId?: string | null;
    status?: string;
    dueAt?: Date | null;
  }): Promise<{ id: string; reference: string }> {
    seq += 1;
    const receivedAt = clock.now();
    const [row] = await database.db
      .insert(tips)
      .values({
        reference: `T-2026-9${String(seq).padStart(5, '0')}`,
        source: 'phone',
        agencyId,
        unitId: options.unitId === undefined ? unitOf('TCSE') : options.unitId,
        status: options.status ?? 'triaged',
        priority: options.priority,
        proposedPriority: options.priority,
        receivedAt,
        slaDueAt:
          options.dueAt === undefined ? new Date(receivedAt.getTime() + options.hours * HOUR) : options.dueAt,
        narrative: 'Synthetic test tip.',
      })
      .returning();
    return { id: row!.id, reference: row!.reference };
  }

  const alertsOf = (tipId: string) =>
    database.query<{
      recipient_user_id: string | null;
      recipient_unit_id: string | null;
      params: unknown;
      reference: string;
    }>(
      'SELECT recipient_user_id, recipient_unit_id, params, reference FROM alerts WHERE record_id = $1 ORDER BY recipient_user_id',
      [tipId],
    );
  const eventsOf = (tipId: string) =>
    database.query<{ kind: string; actor_id: string | null; details: unknown }>(
      "SELECT kind, actor_id, details FROM tip_events WHERE tip_id = $1 AND kind = 'sla_breach' ORDER BY at",
      [tipId],
    );
  const auditOf = (tipId: string) =>
    database.query<{ action: string; actor_id: string | null; details: unknown }>(
      'SELECT action, actor_id, details FROM audit_log WHERE object_id = $1 ORDER BY position',
      [tipId],
    );
  /** Escalate until nothing is left and return this tip's outcome only (other tests' tips also run). */
  const run = () => escalateSlaBreaches(deps());

  it('escalates a P1 tip once when its 2 hours are up, to its unit’s supervisor', async () => {
    const start = clock.now();
    const t = await tip({ priority: 'P1', hours: 2 });
    clock.set(new Date(start.getTime() + 2 * HOUR - 1));
    await run();
    expect(await eventsOf(t.id)).toEqual([]);

    clock.set(new Date(start.getTime() + 2 * HOUR));
    const outcome = await run();
    expect(outcome.escalated).toBeGreaterThanOrEqual(1);
    const dueAt = new Date(start.getTime() + 2 * HOUR).toISOString();
    expect(await alertsOf(t.id)).toEqual([
      {
        recipient_user_id: supervisorId,
        recipient_unit_id: null,
        params: { priority: 'P1', dueAt },
        reference: t.reference,
      },
    ]);
    expect(await eventsOf(t.id)).toEqual([
      { kind: 'sla_breach', actor_id: null, details: { priority: 'P1', dueAt, alerted: 1 } },
    ]);
    expect(await auditOf(t.id)).toEqual([
      {
        action: 'tips.sla_escalate',
        actor_id: null,
        details: { priority: 'P1', dueAt, supervisors: 1, alerts: 1 },
      },
    ]);
    const [row] = await database.db.select().from(tips).where(eq(tips.id, t.id));
    expect(row!.slaEscalatedAt?.toISOString()).toBe(dueAt);

    // Later runs change nothing for this tip.
    clock.advance(5 * HOUR);
    await run();
    await run();
    expect(await eventsOf(t.id)).toHaveLength(1);
    expect(await alertsOf(t.id)).toHaveLength(1);
    expect(await auditOf(t.id)).toHaveLength(1);
  });

  it('never escalates a closed tip, a tip without a due time, or one not yet due', async () => {
    const closed = await Promise.all(
      (['actioned', 'referred', 'closed_no_action', 'converted_to_case'] as const).map((status) =>
        tip({ priority: 'P1', hours: 2, status }),
      ),
    );
    const noDue = await tip({ priority: 'P1', hours: 2, dueAt: null });
    const later = await tip({ priority: 'P4', hours: 14 * 24 });
    clock.advance(3 * 24 * HOUR);
    await run();
    for (const t of [...closed, noDue, later]) {
      expect(await eventsOf(t.id)).toEqual([]);
      expect(await alertsOf(t.id)).toEqual([]);
    }
  });

  it('alerts the agency’s supervisors when the tip has no unit or its unit has no supervisor', async () => {
    const agencySupervisors = [supervisorId, otherSupervisorId].sort();
    const noUnit = await tip({ priority: 'P2', hours: 24, unitId: null });
    const hotline = await tip({ priority: 'P2', hours: 24, unitId: unitOf('HOTLINE') });
    clock.advance(25 * HOUR);
    await run();
    for (const t of [noUnit, hotline]) {
      expect((await alertsOf(t.id)).map((a) => a.recipient_user_id).sort()).toEqual(agencySupervisors);
      expect(await eventsOf(t.id)).toHaveLength(1);
    }
  });

  it('re-escalates a re-prioritised tip under its new, later deadline — once', async () => {
    const start = clock.now();
    const t = await tip({ priority: 'P2', hours: 24 });
    clock.set(new Date(start.getTime() + 24 * HOUR + 1000));
    await run();
    expect(await eventsOf(t.id)).toHaveLength(1);
    // Downgraded to P3: the due time moves to 72 h after receipt, past the first escalation.
    await database.db
      .update(tips)
      .set({ priority: 'P3', slaDueAt: new Date(start.getTime() + 72 * HOUR) })
      .where(eq(tips.id, t.id));
    clock.set(new Date(start.getTime() + 48 * HOUR));
    await run();
    expect(await eventsOf(t.id)).toHaveLength(1);
    clock.set(new Date(start.getTime() + 72 * HOUR));
    await run();
    await run();
    const events = await eventsOf(t.id);
    expect(events.map((e) => (e.details as { priority: string }).priority)).toEqual(['P2', 'P3']);
    expect((await alertsOf(t.id)).map((a) => (a.params as { priority: string }).priority).sort()).toEqual([
      'P2',
      'P3',
    ]);
    // Upgraded to P1 after that: its 2-hour deadline is already behind the escalation — no third one.
    await database.db
      .update(tips)
      .set({ priority: 'P1', slaDueAt: new Date(start.getTime() + 2 * HOUR) })
      .where(eq(tips.id, t.id));
    clock.advance(HOUR);
    await run();
    expect(await eventsOf(t.id)).toHaveLength(2);
  });

  it('escalates each tip once when two runs race', async () => {
    const batch = await Promise.all(Array.from({ length: 6 }, () => tip({ priority: 'P1', hours: 2 })));
    clock.advance(3 * HOUR);
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.escalated + b.escalated).toBe(6);
    for (const t of batch) {
      expect(await eventsOf(t.id)).toHaveLength(1);
      expect(await alertsOf(t.id)).toHaveLength(1);
      expect(await auditOf(t.id)).toHaveLength(1);
    }
  });

  it('runs as a recurring job: the worker enqueues it once per minute slot', async () => {
    const t = await tip({ priority: 'P1', hours: 2 });
    clock.advance(2 * HOUR + 30_000);
    const worker = new JobWorker({
      db: database,
      registry: new JobRegistry([slaEscalationJob]),
      logger: createLogger('silent'),
      clock,
    });
    expect(await worker.enqueueRecurring()).toBe(1);
    expect(await worker.enqueueRecurring()).toBe(0);
    expect(await worker.drain()).toBe(1);
    expect(await eventsOf(t.id)).toHaveLength(1);
    const [job] = await database.query<{ dedupe_key: string; status: string; run_at: Date | string }>(
      "SELECT dedupe_key, status, run_at FROM jobs WHERE kind = 'tips.sla_escalate'",
    );
    const slot = new Date(clock.now().getTime() - (clock.now().getTime() % 60_000));
    expect(job).toMatchObject({
      dedupe_key: `every:tips.sla_escalate:${slot.toISOString()}`,
      status: 'done',
    });
    // The next minute is a new slot.
    clock.advance(60_000);
    expect(await worker.enqueueRecurring()).toBe(1);
    expect(await worker.drain()).toBe(1);
  });
});
