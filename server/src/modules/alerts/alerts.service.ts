import { type AlertKind, type Alert as AlertView, alertKindSchema } from '@karpear/contracts';
import { type Actor, authorize, type Resource } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './alerts.repo.ts';

export type AlertParams = Record<string, string | number | boolean | null>;

/** What a module passes to `raiseAlert` (agreed interface, issue 5). */
export interface RaiseAlertInput {
  kind: AlertKind;
  /** The agency the alert belongs to (the recipient's); unit alerts reach that unit's members. */
  agencyId: string;
  recipientUserId?: string | null;
  recipientUnitId?: string | null;
  recordType: string;
  recordId: string | null;
  /** The record's reference (tip/case number) for the text and the e-mail; never its content. */
  reference: string | null;
  /** Ids, counts, priorities for the translated text. Never names, narratives or identifiers. */
  params?: AlertParams;
  /** Same key twice → the first alert is kept and returned with `created: false`. Use ids only. */
  dedupeKey?: string;
}

/**
 * Raise an alert inside the caller's transaction, so the alert exists exactly when the business write
 * that caused it does. No authorization (the caller decided) and no audit event of its own: the
 * caller's change writes the one audit event (ids of the alert are not needed there). E-mail copies
 * are sent afterwards by the `alerts.email` job when SMTP is configured.
 */
export async function raiseAlert(
  tx: Executor,
  alert: RaiseAlertInput,
  now: Date,
): Promise<{ id: string; created: boolean }> {
  if (!alertKindSchema.safeParse(alert.kind).success) {
    throw new AppError('internal', `raiseAlert: unknown alert kind "${String(alert.kind)}"`);
  }
  const recipientUserId = alert.recipientUserId ?? null;
  const recipientUnitId = alert.recipientUnitId ?? null;
  if (recipientUserId === null && recipientUnitId === null) {
    throw new AppError('internal', 'raiseAlert: name recipientUserId or recipientUnitId (or both)');
  }
  const row: repo.NewAlert = {
    kind: alert.kind,
    agencyId: alert.agencyId,
    recipientUserId,
    recipientUnitId,
    recordType: alert.recordType,
    recordId: alert.recordId,
    reference: alert.reference,
    params: alert.params ?? {},
    dedupeKey: alert.dedupeKey ?? null,
    createdAt: now,
  };
  const inserted = await repo.insertAlertOnce(tx, row);
  if (inserted) return { id: inserted.id, created: true };
  // Only a dedupe-key conflict makes the insert return nothing.
  const existing = alert.dedupeKey ? await repo.findAlertByDedupeKey(tx, alert.dedupeKey) : undefined;
  if (!existing) throw new AppError('internal', 'raiseAlert: the alert was neither inserted nor found');
  return { id: existing.id, created: false };
}

export type AlertDeps = Pick<AppContext, 'database' | 'clock'>;

export interface PageOf<T> {
  items: T[];
  limit: number;
  offset: number;
  total: number;
}

function recipientOf(actor: Actor): repo.Recipient {
  return { userId: actor.userId, agencyId: actor.agencyId, unitId: actor.unitId };
}

/** The policy resource of an alert: a unit alert is the unit's, a user alert is that user's. */
function alertResource(a: repo.AlertRow): Resource {
  return {
    type: 'alert',
    id: a.id,
    agencyId: a.agencyId,
    unitId: a.recipientUnitId,
    userId: a.recipientUserId,
  };
}

function alertView(a: repo.AlertRow): AlertView {
  return {
    id: a.id,
    kind: a.kind as AlertKind,
    recordType: a.recordType,
    recordId: a.recordId,
    reference: a.reference,
    params: (a.params ?? {}) as AlertParams,
    createdAt: a.createdAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
  };
}

/** The caller's alerts (to them or their unit), newest first. Not audited: no record content. */
export async function listAlerts(
  deps: AlertDeps,
  actor: Actor,
  query: { limit: number; offset: number; unacknowledged?: boolean },
): Promise<PageOf<AlertView>> {
  authorize(actor, 'alerts.list');
  const page = { limit: query.limit, offset: query.offset };
  const { rows, total } = await repo.listAlertsFor(deps.database.db, recipientOf(actor), {
    ...page,
    unacknowledgedOnly: query.unacknowledged === true,
  });
  return { items: rows.map(alertView), ...page, total };
}

export async function countUnacknowledged(
  deps: AlertDeps,
  actor: Actor,
): Promise<{ unacknowledged: number }> {
  authorize(actor, 'alerts.list');
  return { unacknowledged: await repo.countUnacknowledgedFor(deps.database.db, recipientOf(actor)) };
}

/**
 * Acknowledge an alert addressed to the caller or their unit (for a unit alert: one member
 * acknowledges for the unit). Someone else's alert answers 404. Acknowledging twice is allowed and
 * changes nothing (the first who/when is kept, no second audit event).
 */
export async function acknowledgeAlert(deps: AlertDeps, actor: Actor, id: string): Promise<AlertView> {
  return deps.database.db.transaction(async (tx) => {
    const current = await repo.findAlertById(tx, id, { forUpdate: true });
    if (!current) throw AppError.notFound();
    authorize(actor, 'alerts.acknowledge', alertResource(current));
    if (current.acknowledgedAt) return alertView(current);
    const now = deps.clock.now();
    const updated = await repo.acknowledgeAlert(tx, id, actor.userId, now);
    if (!updated)
      throw new AppError('conflict', 'The alert changed while it was being acknowledged; try again');
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'alerts.acknowledge',
      objectType: 'alert',
      objectId: id,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { kind: current.kind, recordType: current.recordType, recordId: current.recordId },
    });
    return alertView(updated);
  });
}
