import type { CreateTipBody } from '@karpear/contracts';
import { type Actor, authorize, canPerformAction } from '../../access/index.ts';
import { AppError } from '../../platform/errors.ts';
import { normaliseIdentifierInput } from '../entities/index.ts';
import { insertTip, type NewTipIdentifier, resolveIntakeAgency } from './tips.intake.ts';
import { CREATE_SOURCES_BY_ROLE } from './tips.policy.ts';
import type { TipDeps } from './tips.shared.service.ts';

/**
 * Tips: authorize first (a tip the actor may not see answers 404 like a missing one), then the
 * repository; every change and every read of a tip writes exactly one audit event in the same
 * transaction (ids and counts only). Services never log tip content.
 *
 * This file is the one other code imports: it holds intake (createTip) and re-exports the use cases
 * split out to keep files small — the queue (tips.queue.service.ts), the detail view
 * (tips.detail.service.ts), the workflow changes (tips.actions.service.ts) and the shared helpers
 * (tips.shared.service.ts).
 */
export {
  type AssignInput,
  assignTip,
  bulkAssign,
  changeStatus,
  convertTip,
  messageReporter,
  recordLegalAuthority,
  type StatusInput,
  type TriageInput,
  triageTip,
} from './tips.actions.service.ts';
export { getReporterContact, getTip } from './tips.detail.service.ts';
export { listTips } from './tips.queue.service.ts';
export type { PageOf, TipDeps } from './tips.shared.service.ts';

// ----- intake -----

export async function createTip(
  deps: TipDeps,
  actor: Actor,
  body: CreateTipBody,
): Promise<{ id: string; reference: string }> {
  authorize(actor, 'tips.create');
  const allowedSources = sourcesFor(actor);
  if (allowedSources && !allowedSources.includes(body.source))
    throw new AppError(
      'validation_failed',
      `Your role may record tips from ${allowedSources.join(', ')} only`,
      [{ path: 'body.source', message: `must be one of ${allowedSources.join(', ')}` }],
    );
  if (body.childAgeMin !== undefined && body.childAgeMax !== undefined && body.childAgeMin > body.childAgeMax)
    throw new AppError('validation_failed', 'The youngest age is above the oldest age', [
      { path: 'body.childAgeMin', message: 'must not be above childAgeMax' },
    ]);
  const identifiers: NewTipIdentifier[] = body.identifiers.map((input, i) => {
    const n = normaliseIdentifierInput(input);
    if (!n.ok)
      throw new AppError('validation_failed', `Identifier ${i + 1} is not valid: ${n.reason}`, [
        { path: `body.identifiers.${i}.value`, message: n.reason },
      ]);
    return { kind: n.kind, value: n.value, role: 'reported', stopListed: n.stopListed };
  });
  return deps.database.db.transaction(async (tx) => {
    // Operators and supervisors file under their own agency and desk; NGO and partner hand-ins go to
    // the intake agency (they cannot read tips back).
    const holder = allowedSources
      ? await resolveIntakeAgency(tx, deps.config)
      : { agencyId: actor.agencyId, unitId: actor.unitId };
    const inserted = await insertTip(
      deps,
      tx,
      {
        source: body.source,
        agencyId: holder.agencyId,
        unitId: holder.unitId,
        receivedAt: body.receivedAt ? new Date(body.receivedAt) : deps.clock.now(),
        narrative: body.narrative,
        province: body.province ?? null,
        place: body.place ?? null,
        occurredAt: body.occurredAt ?? null,
        childAgeMin: body.childAgeMin ?? null,
        childAgeMax: body.childAgeMax ?? null,
        imminentDanger: body.imminentDanger,
        suspect: body.suspect ?? null,
        identifiers,
        rawIdentifiers: body.identifiers,
        reporterContact: body.reporterContact ?? null,
        externalRef: body.externalRef ?? null,
        createdBy: actor.userId,
      },
      { actorId: actor.userId, agencyId: actor.agencyId, ip: actor.ip, requestId: actor.requestId },
    );
    return { id: inserted.id, reference: inserted.reference };
  });
}

/**
 * The sources the actor may record, or undefined when any operator source is allowed: a role that
 * may create tips and has no entry in CREATE_SOURCES_BY_ROLE (operator, supervisor) lifts the limit.
 */
function sourcesFor(actor: Actor): readonly string[] | undefined {
  const creators = actor.roles.filter((r) => canPerformAction({ roles: [r] }, 'tips.create'));
  if (creators.some((r) => CREATE_SOURCES_BY_ROLE[r] === undefined)) return undefined;
  return [...new Set(creators.flatMap((r) => CREATE_SOURCES_BY_ROLE[r] ?? []))];
}
