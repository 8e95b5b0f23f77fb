import type { CaseIdentifier, CaseIdentifierDetached } from '@karpear/contracts';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../access/index.ts';
import { recordActorAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { loadCaseFor } from './entities.case-head.ts';

/**
 * A case's identifiers (issue 7 §5): the list on the case page and removing one link ("Remove").
 * Detach works by **link id** — an identifier may be on a case in several roles, and the list shows
 * one row per link, so the link is what the user points at. `identifier_links` has no `removed_at`:
 * the link row is deleted; the case timeline (`identifier_detached`, with identifier id and role) and
 * the audit event keep what was removed. `record_count` is recomputed from the remaining links.
 */
export type DetachDeps = Pick<AppContext, 'database' | 'clock'>;

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * The case's identifier links, for readers of the full case (`cases.read_full`: victim codes and
 * suspects' identifiers are not for the limited view). An audited read (ids and counts only).
 */
export async function listCaseIdentifiers(
  deps: DetachDeps,
  actor: Actor,
  caseId: string,
): Promise<{ items: CaseIdentifier[] }> {
  return deps.database.db.transaction(async (tx) => {
    const { head } = await loadCaseFor(tx, actor, 'cases.read_full', caseId);
    const rows = rowsOf<{
      link_id: string;
      identifier_id: string;
      kind: string;
      value: string;
      role: string;
      stop_listed: string | null;
      record_count: number;
    }>(
      await tx.execute(sql`
        SELECT l.id AS link_id, i.id AS identifier_id, i.kind, i.value, l.role, i.stop_listed, i.record_count
        FROM identifier_links l JOIN identifiers i ON i.id = l.identifier_id
        WHERE l.record_type = 'case' AND l.record_id = ${head.id}::uuid
        ORDER BY i.kind, i.value, l.role
        LIMIT 500`),
    );
    await recordActorAudit(tx, deps.clock, actor, {
      action: 'entities.case_identifiers',
      objectType: 'case',
      objectId: head.id,
      details: { results: rows.length },
    });
    return {
      items: rows.map((r) => ({
        linkId: r.link_id,
        identifierId: r.identifier_id,
        kind: r.kind as CaseIdentifier['kind'],
        value: r.value,
        role: r.role,
        stopListed: r.stop_listed,
        otherRecords: Math.max(0, Number(r.record_count) - 1),
      })),
    };
  });
}

/**
 * Remove one identifier link from a case (`cases.update`, the case team included; else 404). A link
 * of another record, or none, answers 404; a closed case 409. One transaction: delete, recount, a case
 * timeline event, one audit event.
 */
export async function detachIdentifierFromCase(
  deps: DetachDeps,
  actor: Actor,
  caseId: string,
  linkId: string,
): Promise<CaseIdentifierDetached> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { head } = await loadCaseFor(tx, actor, 'cases.update', caseId);
    if (head.status === 'closed') {
      throw new AppError('conflict', 'The case is closed: reopen it before removing identifiers', [
        { path: 'params.id', message: 'case is closed' },
      ]);
    }
    const [link] = rowsOf<{ identifier_id: string; role: string }>(
      await tx.execute(sql`
        DELETE FROM identifier_links
        WHERE id = ${linkId}::uuid AND record_type = 'case' AND record_id = ${head.id}::uuid
        RETURNING identifier_id, role`),
    );
    if (!link) {
      throw new AppError('not_found', 'This identifier is not attached to the case', [
        { path: 'params.linkId', message: 'not a link of this case' },
      ]);
    }
    const [counted] = rowsOf<{ record_count: number }>(
      await tx.execute(sql`
        UPDATE identifiers i SET record_count = (
          SELECT count(DISTINCT (l.record_type, l.record_id))::int FROM identifier_links l WHERE l.identifier_id = i.id)
        WHERE i.id = ${link.identifier_id}::uuid RETURNING i.record_count`),
    );
    // The cases module's index exports no timeline writer (its repo is internal): its table, by name.
    const details = JSON.stringify({ identifierId: link.identifier_id, role: link.role });
    await tx.execute(sql`
      INSERT INTO case_events (case_id, at, actor_id, kind, details)
      VALUES (${head.id}::uuid, ${now.toISOString()}::timestamptz, ${actor.userId}::uuid, 'identifier_detached',
              ${details}::jsonb)`);
    // The timeline event's instant, not a second reading of the clock: both say when it was removed.
    await recordActorAudit(tx, { now: () => now }, actor, {
      action: 'entities.detach_from_case',
      objectType: 'case',
      objectId: head.id,
      // Ids only: never the identifier's value.
      details: { linkId, identifierId: link.identifier_id, role: link.role },
    });
    return {
      linkId,
      identifierId: link.identifier_id,
      role: link.role,
      recordCount: Number(counted?.record_count ?? 0),
    };
  });
}
