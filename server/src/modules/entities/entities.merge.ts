import type { EntityMerge, EntityMergeBody } from '@karpear/contracts';
import { sql } from 'drizzle-orm';
import { type Actor, authorize, can, type Resource } from '../../access/index.ts';
import { recordActorAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Merging duplicate identifiers (issue 7 §5), with undo. `identifiers` has no `merged_into` column and
 * no migration is possible, so a merge is marked by its `entity_merges` row (kind `identifier`,
 * `undone_at` null): the merged identifier keeps its row (its value still normalises to it) but loses
 * every link to the survivor, so graph walks and "related records" — which only ever go through
 * `identifier_links` — no longer see it; search hides it and answers the survivor instead
 * (entities.repo.ts `activeMergeOf`). `moved` in the merge row lists exactly what changed:
 * `links` (ids re-pointed to the survivor) and `duplicates` (links that already existed on the survivor
 * for the same record and role: removed, stored whole, re-inserted on undo). Counts are recomputed
 * from the links, so `record_count` is right whatever the overlap.
 */
export type MergeDeps = Pick<AppContext, 'database' | 'clock'>;

interface IdentifierRow {
  id: string;
  kind: string;
  value: string;
}

/** A link removed as a duplicate: everything needed to put it back. */
interface StoredLink {
  id: string;
  record_type: string;
  record_id: string;
  role: string;
  agency_id: string;
  unit_id: string | null;
  source: string;
  created_at: string;
}

export interface MergeMoved {
  links: string[];
  duplicates: StoredLink[];
}

interface MergeRow {
  id: string;
  kind: string;
  survivor_id: string;
  merged_id: string;
  moved: MergeMoved;
  reason: string | null;
  merged_at: Date | string;
  undone_at: Date | string | null;
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** "a phone", "an e-mail": the kinds as the refusal names them. */
const KIND_WORDS: Record<string, string> = {
  email: 'an e-mail',
  phone: 'a phone',
  ip: 'an IP address',
  username: 'a username',
  url: 'a URL',
  device: 'a device',
  passport: 'a passport',
  name: 'a name',
  file_hash: 'a file hash',
  account: 'an account',
  vehicle: 'a vehicle',
  place: 'a place',
};
const kindWord = (kind: string) => KIND_WORDS[kind] ?? `a ${kind}`;

/** Lock both identifiers in id order (two merges of the same pair never deadlock). */
async function lockIdentifiers(tx: Executor, ids: readonly string[]): Promise<Map<string, IdentifierRow>> {
  const json = JSON.stringify(ids);
  const rows = rowsOf<IdentifierRow>(
    await tx.execute(sql`
      SELECT id, kind, value FROM identifiers
      WHERE id IN (SELECT (jsonb_array_elements_text(${json}::jsonb))::uuid)
      ORDER BY id FOR UPDATE`),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The identifier as a policy resource: its link held closest to the actor (their unit, then their
 * agency). An identifier with no link (nobody holds it) is nobody's: every relation fails → 404.
 */
async function resourceOf(tx: Executor, actor: Actor, identifierId: string): Promise<Resource> {
  const [link] = rowsOf<{ agency_id: string; unit_id: string | null }>(
    await tx.execute(sql`
      SELECT agency_id, unit_id FROM identifier_links WHERE identifier_id = ${identifierId}::uuid
      ORDER BY (agency_id = ${actor.agencyId}::uuid AND unit_id IS NOT DISTINCT FROM ${actor.unitId}::uuid) DESC,
               (agency_id = ${actor.agencyId}::uuid) DESC
      LIMIT 1`),
  );
  return {
    type: 'identifier',
    id: identifierId,
    agencyId: link?.agency_id ?? null,
    unitId: link?.unit_id ?? null,
  };
}

/** The active (not undone) merge that absorbed this identifier, if any. */
export async function activeMergeOf(db: Executor, identifierId: string): Promise<MergeRow | undefined> {
  return rowsOf<MergeRow>(
    await db.execute(sql`
      SELECT id, kind, survivor_id, merged_id, moved, reason, merged_at, undone_at FROM entity_merges
      WHERE kind = 'identifier' AND merged_id = ${identifierId}::uuid AND undone_at IS NULL
      ORDER BY merged_at DESC LIMIT 1`),
  )[0];
}

/** Whether the actor may merge this identifier (its page's "Merge into…" button). */
export async function canMergeIdentifier(db: Executor, actor: Actor, identifierId: string): Promise<boolean> {
  return can(actor, 'entities.merge', await resourceOf(db, actor, identifierId));
}

/** Recount records per identifier from the links (distinct records, any role). */
async function recount(tx: Executor, ids: readonly string[]): Promise<void> {
  const json = JSON.stringify(ids);
  await tx.execute(sql`
    UPDATE identifiers i SET record_count = (
      SELECT count(DISTINCT (l.record_type, l.record_id))::int FROM identifier_links l WHERE l.identifier_id = i.id)
    WHERE i.id IN (SELECT (jsonb_array_elements_text(${json}::jsonb))::uuid)`);
}

function toMerge(row: MergeRow, kind: string): EntityMerge {
  return {
    id: row.id,
    kind: kind as EntityMerge['kind'],
    survivorId: row.survivor_id,
    mergedId: row.merged_id,
    reason: row.reason,
    mergedAt: iso(row.merged_at),
    movedLinks: row.moved.links.length,
    removedDuplicates: row.moved.duplicates.length,
    undoneAt: row.undone_at === null ? null : iso(row.undone_at),
  };
}

async function audit(
  tx: Executor,
  deps: MergeDeps,
  actor: Actor,
  action: string,
  objectId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordActorAudit(tx, deps.clock, actor, { action, objectType: 'identifier', objectId, details });
}

/**
 * Merge identifier `mergedId` into `body.intoId` (the survivor): same kind, both held in the actor's
 * reach (else 404), neither already merged (409). Re-points every link, removes (and keeps) the ones
 * the survivor already has, recounts both, stores the merge and writes one audit event — one transaction.
 */
export async function mergeIdentifier(
  deps: MergeDeps,
  actor: Actor,
  mergedId: string,
  body: EntityMergeBody,
): Promise<EntityMerge> {
  authorize(actor, 'entities.merge', { type: 'identifier', agencyId: actor.agencyId, unitId: actor.unitId });
  const survivorId = body.intoId;
  if (survivorId === mergedId) {
    throw new AppError(
      'validation_failed',
      'An identifier cannot be merged into itself: choose another one',
      [{ path: 'body.intoId', message: 'same identifier as the one being merged' }],
    );
  }
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const locked = await lockIdentifiers(tx, [mergedId, survivorId]);
    const merged = locked.get(mergedId);
    const survivor = locked.get(survivorId);
    if (!merged) throw AppError.notFound();
    if (!survivor) {
      throw new AppError('not_found', 'The identifier to merge into was not found', [
        { path: 'body.intoId', message: 'not found' },
      ]);
    }
    for (const [id, path] of [
      [mergedId, 'params.id'],
      [survivorId, 'body.intoId'],
    ] as const) {
      const earlier = await activeMergeOf(tx, id);
      // An absorbed identifier has no links left: its survivor decides whether the actor may know.
      const resource = await resourceOf(tx, actor, earlier ? earlier.survivor_id : id);
      if (!can(actor, 'entities.merge', resource)) {
        if (path === 'params.id') throw AppError.notFound();
        throw new AppError('not_found', 'The identifier to merge into was not found', [
          { path, message: 'not found' },
        ]);
      }
      if (earlier) {
        throw new AppError(
          'conflict',
          `The ${path === 'params.id' ? 'identifier' : 'identifier to merge into'} was already merged into another one: undo that merge first or use the survivor`,
          [{ path, message: `already merged into ${earlier.survivor_id}` }],
        );
      }
    }
    if (merged.kind !== survivor.kind) {
      throw new AppError(
        'validation_failed',
        `Cannot merge ${kindWord(merged.kind)} into ${kindWord(survivor.kind)}: entities must be of the same kind`,
        [{ path: 'body.intoId', message: `kind ${survivor.kind}, expected ${merged.kind}` }],
      );
    }
    // Links the survivor already has for the same record and role would break the unique key: keep them whole.
    const duplicates = rowsOf<StoredLink>(
      await tx.execute(sql`
        DELETE FROM identifier_links l
        WHERE l.identifier_id = ${mergedId}::uuid AND EXISTS (
          SELECT 1 FROM identifier_links s WHERE s.identifier_id = ${survivorId}::uuid
            AND s.record_type = l.record_type AND s.record_id = l.record_id AND s.role = l.role)
        RETURNING l.id, l.record_type, l.record_id, l.role, l.agency_id, l.unit_id, l.source,
                  to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`),
    );
    const moved = rowsOf<{ id: string }>(
      await tx.execute(sql`
        UPDATE identifier_links SET identifier_id = ${survivorId}::uuid
        WHERE identifier_id = ${mergedId}::uuid RETURNING id`),
    ).map((r) => r.id);
    await recount(tx, [mergedId, survivorId]);
    const movedJson: MergeMoved = { links: moved.sort(), duplicates };
    const [row] = rowsOf<MergeRow>(
      await tx.execute(sql`
        INSERT INTO entity_merges (kind, survivor_id, merged_id, moved, reason, merged_by, merged_at)
        VALUES ('identifier', ${survivorId}::uuid, ${mergedId}::uuid, ${JSON.stringify(movedJson)}::jsonb,
                ${body.reason}, ${actor.userId}::uuid, ${now.toISOString()}::timestamptz)
        RETURNING id, kind, survivor_id, merged_id, moved, reason, merged_at, undone_at`),
    );
    // Ids and counts only: never the values, never the reason (it may name people).
    await audit(tx, deps, actor, 'entities.merge', mergedId, {
      mergeId: row!.id,
      survivorId,
      kind: merged.kind,
      movedLinks: moved.length,
      removedDuplicates: duplicates.length,
    });
    return toMerge(row!, merged.kind);
  });
}

/**
 * Undo a merge exactly: the moved links go back to the merged identifier, the removed duplicates are
 * re-inserted (with the record's current holder), both counts are recomputed, the merge row gets
 * `undone_by/at`, one audit event. A merge already undone answers 409; so does one whose survivor was
 * itself merged since (undo the later merge first: its links are not where this merge left them).
 */
export async function undoIdentifierMerge(
  deps: MergeDeps,
  actor: Actor,
  mergeId: string,
): Promise<EntityMerge> {
  authorize(actor, 'entities.merge', { type: 'identifier', agencyId: actor.agencyId, unitId: actor.unitId });
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const [merge] = rowsOf<MergeRow>(
      await tx.execute(sql`
        SELECT id, kind, survivor_id, merged_id, moved, reason, merged_at, undone_at FROM entity_merges
        WHERE id = ${mergeId}::uuid AND kind = 'identifier' FOR UPDATE`),
    );
    if (!merge) throw AppError.notFound();
    const locked = await lockIdentifiers(tx, [merge.merged_id, merge.survivor_id]);
    const later = await activeMergeOf(tx, merge.survivor_id);
    const holderId = later ? later.survivor_id : merge.survivor_id;
    if (!can(actor, 'entities.merge', await resourceOf(tx, actor, holderId))) throw AppError.notFound();
    if (merge.undone_at !== null) {
      throw new AppError('conflict', 'This merge was already undone', [
        { path: 'params.id', message: 'already undone' },
      ]);
    }
    if (later) {
      throw new AppError(
        'conflict',
        'The surviving identifier was merged into another one since: undo that later merge first',
        [{ path: 'params.id', message: `survivor merged by ${later.id}` }],
      );
    }
    const moved = merge.moved;
    const linksJson = JSON.stringify(moved.links);
    // A moved link detached from its record since stays detached (that was its own audited change).
    const back = rowsOf<{ id: string }>(
      await tx.execute(sql`
        UPDATE identifier_links l SET identifier_id = ${merge.merged_id}::uuid
        WHERE l.identifier_id = ${merge.survivor_id}::uuid
          AND l.id IN (SELECT (jsonb_array_elements_text(${linksJson}::jsonb))::uuid)
          AND NOT EXISTS (
            SELECT 1 FROM identifier_links m WHERE m.identifier_id = ${merge.merged_id}::uuid
              AND m.record_type = l.record_type AND m.record_id = l.record_id AND m.role = l.role)
        RETURNING l.id`),
    );
    const restored = rowsOf<{ id: string }>(
      await tx.execute(sql`
        INSERT INTO identifier_links (id, identifier_id, record_type, record_id, role, agency_id, unit_id, source, created_at)
        SELECT d.id, ${merge.merged_id}::uuid, d.record_type, d.record_id, d.role,
               coalesce(s.agency_id, d.agency_id), CASE WHEN s.id IS NULL THEN d.unit_id ELSE s.unit_id END,
               d.source, d.created_at
        FROM jsonb_to_recordset(${JSON.stringify(moved.duplicates)}::jsonb)
             AS d(id uuid, record_type text, record_id uuid, role text, agency_id uuid, unit_id uuid,
                  source text, created_at timestamptz)
        LEFT JOIN identifier_links s ON s.identifier_id = ${merge.survivor_id}::uuid
             AND s.record_type = d.record_type AND s.record_id = d.record_id AND s.role = d.role
        ON CONFLICT DO NOTHING
        RETURNING id`),
    );
    await recount(tx, [merge.merged_id, merge.survivor_id]);
    const [row] = rowsOf<MergeRow>(
      await tx.execute(sql`
        UPDATE entity_merges SET undone_by = ${actor.userId}::uuid, undone_at = ${now.toISOString()}::timestamptz
        WHERE id = ${merge.id}::uuid
        RETURNING id, kind, survivor_id, merged_id, moved, reason, merged_at, undone_at`),
    );
    await audit(tx, deps, actor, 'entities.merge_undo', merge.merged_id, {
      mergeId: merge.id,
      survivorId: merge.survivor_id,
      linksBack: back.length,
      linksGone: moved.links.length - back.length,
      duplicatesRestored: restored.length,
    });
    return toMerge(row!, locked.get(merge.merged_id)?.kind ?? 'name');
  });
}

/** Merges into `survivorId` still in force, most recent first, with the merged identifiers' values. */
export async function activeMergesInto(
  db: Executor,
  survivorId: string,
): Promise<Array<{ mergeId: string; id: string; value: string; mergedAt: string }>> {
  const rows = rowsOf<{ merge_id: string; id: string; value: string; merged_at: Date | string }>(
    await db.execute(sql`
      SELECT m.id AS merge_id, i.id, i.value, m.merged_at
      FROM entity_merges m JOIN identifiers i ON i.id = m.merged_id
      WHERE m.kind = 'identifier' AND m.survivor_id = ${survivorId}::uuid AND m.undone_at IS NULL
      ORDER BY m.merged_at DESC, m.id LIMIT 50`),
  );
  return rows.map((r) => ({ mergeId: r.merge_id, id: r.id, value: r.value, mergedAt: iso(r.merged_at) }));
}
