import { TIP_CLOSED_STATUSES } from '@karpear/contracts';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../../../audit/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { DatabaseHandle, Executor } from '../../../platform/db/index.ts';
import { raiseAlert } from '../../alerts/index.ts';
import { tipEvents } from '../tips.tables.ts';

/**
 * Tip SLA escalation (issue 5): a tip still open past its due time is escalated once to the
 * supervisors of its unit — or, when it has no unit or the unit has no supervisor, to every
 * supervisor of its agency.
 *
 * "Past its due time" is `sla_due_at <= now`, the moment the tips module shows the tip as `breached`.
 * "Once" is per deadline: a tip is due for escalation while `sla_escalated_at` is null or earlier than
 * its current `sla_due_at`. Escalating sets `sla_escalated_at = now` (≥ the due time), so it is not
 * escalated again — until a re-prioritisation moves `sla_due_at` past that moment (a lower priority,
 * a later deadline): the new deadline's breach is escalated again under the new priority. A raised
 * priority whose deadline is already behind an escalation does not escalate twice. (The tips module
 * may also clear `sla_escalated_at` when the priority changes; the alerts are deduplicated per tip and
 * priority, so the same priority is never alerted twice either way.)
 *
 * Safe with any number of workers: each tip is claimed by one conditional `UPDATE … RETURNING` over a
 * `FOR UPDATE SKIP LOCKED` pick, in the transaction that writes its tip event, alerts and audit event.
 */
export interface EscalationDeps {
  database: DatabaseHandle;
  clock: Clock;
}

export interface EscalationOutcome {
  escalated: number;
  alerts: number;
}

/** Tips escalated per run at most; the rest wait for the next run (a minute later). */
export const MAX_ESCALATIONS_PER_RUN = 500;

interface ClaimedTip {
  id: string;
  reference: string;
  agency_id: string;
  unit_id: string | null;
  priority: string;
  sla_due_at: string | Date;
}

const CLOSED = sql.join(
  TIP_CLOSED_STATUSES.map((s) => sql`${s}`),
  sql`, `,
);

/** Claim one breached, not yet escalated open tip and mark it escalated; undefined when none is left. */
async function claimBreachedTip(tx: Executor, now: Date): Promise<ClaimedTip | undefined> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const result = await tx.execute(sql`
    UPDATE tips SET sla_escalated_at = ${at}
    WHERE id = (
      SELECT id FROM tips
      WHERE sla_due_at <= ${at}
        AND (sla_escalated_at IS NULL OR sla_escalated_at < sla_due_at)
        AND status NOT IN (${CLOSED})
      ORDER BY sla_due_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING id, reference, agency_id, unit_id, COALESCE(priority, proposed_priority) AS priority, sla_due_at`);
  return (result as unknown as { rows: ClaimedTip[] }).rows[0];
}

/** The supervisors to alert: the unit's, else the agency's (active or temporarily locked accounts). */
async function supervisorsFor(tx: Executor, tip: ClaimedTip): Promise<string[]> {
  const result = await tx.execute(sql`
    SELECT id, unit_id FROM users
    WHERE agency_id = ${tip.agency_id} AND 'unit_supervisor' = ANY(roles) AND status IN ('active', 'locked')
    ORDER BY id`);
  const rows = (result as unknown as { rows: Array<{ id: string; unit_id: string | null }> }).rows;
  const ofUnit = tip.unit_id ? rows.filter((r) => r.unit_id === tip.unit_id) : [];
  return (ofUnit.length > 0 ? ofUnit : rows).map((r) => r.id);
}

/** Escalate one claimed tip: event, alerts, one audit event — all in the claiming transaction. */
async function escalate(tx: Executor, tip: ClaimedTip, now: Date): Promise<number> {
  const dueAt = new Date(tip.sla_due_at).toISOString();
  const supervisors = await supervisorsFor(tx, tip);
  let created = 0;
  for (const userId of supervisors) {
    const alert = await raiseAlert(
      tx,
      {
        kind: 'sla_breach',
        agencyId: tip.agency_id,
        recipientUserId: userId,
        recordType: 'tip',
        recordId: tip.id,
        reference: tip.reference,
        params: { priority: tip.priority, dueAt },
        dedupeKey: `sla_breach:${tip.id}:${tip.priority}:${userId}`,
      },
      now,
    );
    if (alert.created) created += 1;
  }
  // Nobody to alert (an agency without supervisors): the unit itself, so the breach is seen.
  if (supervisors.length === 0 && tip.unit_id) {
    const alert = await raiseAlert(
      tx,
      {
        kind: 'sla_breach',
        agencyId: tip.agency_id,
        recipientUnitId: tip.unit_id,
        recordType: 'tip',
        recordId: tip.id,
        reference: tip.reference,
        params: { priority: tip.priority, dueAt },
        dedupeKey: `sla_breach:${tip.id}:${tip.priority}:unit`,
      },
      now,
    );
    if (alert.created) created += 1;
  }
  await tx.insert(tipEvents).values({
    tipId: tip.id,
    at: now,
    actorId: null,
    kind: 'sla_breach',
    details: { priority: tip.priority, dueAt, alerted: supervisors.length },
  });
  await recordAudit(tx, {
    at: now,
    actorId: null,
    agencyId: tip.agency_id,
    action: 'tips.sla_escalate',
    objectType: 'tip',
    objectId: tip.id,
    outcome: 'success',
    details: { priority: tip.priority, dueAt, supervisors: supervisors.length, alerts: created },
  });
  return created;
}

/**
 * Escalate every breached tip (up to `max`), one transaction per tip so one failure does not undo the
 * others and a second worker picks different tips (SKIP LOCKED) instead of waiting.
 */
export async function escalateSlaBreaches(
  deps: EscalationDeps,
  max = MAX_ESCALATIONS_PER_RUN,
): Promise<EscalationOutcome> {
  const outcome: EscalationOutcome = { escalated: 0, alerts: 0 };
  while (outcome.escalated < max) {
    const now = deps.clock.now();
    const done = await deps.database.db.transaction(async (tx) => {
      const tip = await claimBreachedTip(tx, now);
      if (!tip) return false;
      outcome.alerts += await escalate(tx, tip, now);
      return true;
    });
    if (!done) break;
    outcome.escalated += 1;
  }
  return outcome;
}
