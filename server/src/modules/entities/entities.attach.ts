import type { IdentifierInput } from '@karpear/contracts';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../access/index.ts';
import { recordActorAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { loadCaseFor } from './entities.case-head.ts';
import { deconflict } from './entities.deconflict.ts';
import { normaliseIdentifierInput } from './entities.input.ts';
import { linkIdentifiers } from './entities.linking.ts';

/** The roles an entity plays in a case (issue 7 §5). */
export const CASE_ENTITY_ROLES = ['suspect', 'victim_code', 'witness', 'associate', 'location'] as const;
export type CaseEntityRole = (typeof CASE_ENTITY_ROLES)[number];

export interface AttachResult {
  identifierId: string;
  kind: string;
  value: string;
  role: CaseEntityRole;
  /** False when the identifier was already on the case in that role (nothing changed). */
  linked: boolean;
  stopListed: string | null;
  /** Other holders found and alerts raised (deconfliction; 0 for a stop-listed identifier). */
  deconfliction: { matches: number; alertsRaised: number };
}

export type AttachDeps = Pick<AppContext, 'database' | 'clock'>;

/**
 * Attach an identifier to a case with its role: normalise it (errors name the field), link it, run
 * deconfliction (other holders' active records → alerts to both sides), and write one audit event —
 * all in one transaction. Needs `cases.update` on the case (team included); a case the actor may not
 * update answers 404.
 */
export async function attachIdentifierToCase(
  deps: AttachDeps,
  actor: Actor,
  caseId: string,
  input: IdentifierInput & { role: CaseEntityRole },
): Promise<AttachResult> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { head } = await loadCaseFor(tx, actor, 'cases.update', caseId);
    if (head.status === 'closed') {
      throw new AppError('conflict', 'The case is closed: reopen it before attaching identifiers', [
        { path: 'params.id', message: 'case is closed' },
      ]);
    }
    const normalised = normaliseIdentifierInput(input);
    if (!normalised.ok) {
      throw new AppError('validation_failed', `The identifier is not valid: ${normalised.reason}`, [
        { path: 'body.value', message: normalised.reason },
      ]);
    }
    const record = { type: 'case' as const, id: head.id, agencyId: head.agency_id, unitId: head.unit_id };
    const result = await linkIdentifiers(
      tx,
      record,
      'operator',
      [
        {
          kind: normalised.kind,
          value: normalised.value,
          role: input.role,
          stopListed: normalised.stopListed,
        },
      ],
      { now },
    );
    const stored = normalised.kind === 'esp_account' ? 'account' : normalised.kind;
    const found = (await tx.execute(
      sql`SELECT id, stop_listed FROM identifiers WHERE kind = ${stored} AND value = ${normalised.value}`,
    )) as unknown as { rows: Array<{ id: string; stop_listed: string | null }> };
    const identifier = found.rows[0];
    if (!identifier)
      throw new AppError('internal', 'attachIdentifierToCase: the linked identifier was not found');
    const deconfliction =
      identifier.stop_listed === null
        ? await deconflict(
            tx,
            { ...record, reference: head.reference },
            { identifierIds: [identifier.id] },
            now,
          )
        : { matches: 0, alertsRaised: 0 };
    // The instant the link and the deconfliction used, not a second reading of the clock.
    await recordActorAudit(tx, { now: () => now }, actor, {
      action: 'entities.attach_to_case',
      objectType: 'case',
      objectId: head.id,
      // Ids and counts only: never the identifier's value.
      details: {
        identifierId: identifier.id,
        kind: stored,
        role: input.role,
        linked: result.linked > 0,
        deconflictionAlerts: deconfliction.alertsRaised,
      },
    });
    return {
      identifierId: identifier.id,
      kind: stored,
      value: normalised.value,
      role: input.role,
      linked: result.linked > 0,
      stopListed: identifier.stop_listed,
      deconfliction,
    };
  });
}
