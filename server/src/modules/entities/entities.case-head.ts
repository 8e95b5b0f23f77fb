import { type Actor, authorize, type Resource } from '../../access/index.ts';
import type { HandlingCode } from '../../access/policy/rules.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { type GraphRecordHead, selectRecordHeads } from './entities.graph.repo.ts';

/**
 * A case as the policy sees it, for the entities module's case routes (a case's identifiers, persons
 * on cases): its head (agency, unit, handling, team, status) from `selectRecordHeads`, and the check.
 */
export function caseResourceOf(head: GraphRecordHead): Resource {
  return {
    type: 'case',
    id: head.id,
    agencyId: head.agency_id,
    unitId: head.unit_id,
    handling: head.handling as HandlingCode,
    teamUserIds: head.team ?? [],
  };
}

/** Load a case head and authorize `action` on it: missing and forbidden answer the same 404. */
export async function loadCaseFor(
  db: Executor,
  actor: Actor,
  action: string,
  caseId: string,
): Promise<{ head: GraphRecordHead; resource: Resource }> {
  const [head] = await selectRecordHeads(db, 'case', [caseId]);
  if (!head) throw AppError.notFound();
  const resource = caseResourceOf(head);
  authorize(actor, action, resource);
  return { head, resource };
}
