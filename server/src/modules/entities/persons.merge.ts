import type { PersonMergeResult, PersonUndoResult } from '@karpear/contracts';
import { sql } from 'drizzle-orm';
import { type Actor, can } from '../../access/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { selectRecordHeads } from './entities.graph.repo.ts';
import * as repo from './persons.repo.ts';
import { audit, caseLinksOf, caseResourceOf, namesVisible, type PersonDeps } from './persons.service.ts';

/**
 * Merging duplicate persons (issue 7 §5) and undoing a merge. A merge re-points the merged person's
 * active links to the survivor (a link the survivor already has is retired instead), marks the merged
 * person `merged_into`, and stores exactly which links moved or retired in `entity_merges.moved`, so
 * undo restores them exactly. Identities are never changed or deleted: nothing is lost. Both are one
 * transaction with one audit event. Identifier merges live in entities.merge*.ts.
 */

interface MovedLinks {
  links: string[];
  retired: string[];
}

const bad = (path: string, message: string, text: string) =>
  new AppError('validation_failed', text, [{ path, message }]);

/**
 * May the actor merge this person: `persons.merge` on at least one case the person is on (a person
 * already merged is judged by its survivor's cases, where its links went).
 */
async function mergeable(db: Executor, actor: Actor, person: repo.PersonRow): Promise<boolean> {
  const links = await caseLinksOf(db, person.mergedInto ?? person.id);
  // …and whose names the actor may see: merging must not move or reveal a victim known only by code.
  return links.some((l) => can(actor, 'persons.merge', l.resource)) && namesVisible(actor, links);
}

async function isIdentifier(db: Executor, id: string): Promise<boolean> {
  const result = (await db.execute(
    sql`SELECT 1 AS one FROM identifiers WHERE id = ${id}::uuid`,
  )) as unknown as {
    rows: unknown[];
  };
  return result.rows.length > 0;
}

export async function mergePerson(
  deps: PersonDeps,
  actor: Actor,
  mergedId: string,
  body: { intoId: string; reason: string },
): Promise<PersonMergeResult> {
  if (mergedId === body.intoId)
    throw bad('body.intoId', 'is the person being merged', 'A person cannot be merged into itself');
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    // Lock both rows in id order, so two merges of the same pair cannot deadlock or interleave.
    const [first, second] = [mergedId, body.intoId].sort() as [string, string];
    const locked = new Map<string, repo.PersonRow | undefined>([
      [first, await repo.findPerson(tx, first, true)],
      [second, await repo.findPerson(tx, second, true)],
    ]);
    const merged = locked.get(mergedId);
    const into = locked.get(body.intoId);
    if (!merged || !(await mergeable(tx, actor, merged))) throw AppError.notFound();
    if (!into) {
      if (await isIdentifier(tx, body.intoId)) {
        throw bad(
          'body.intoId',
          'is an identifier, not a person',
          'Cannot merge a person into an identifier: merge persons into persons, identifiers into identifiers',
        );
      }
      throw new AppError('not_found', 'No person with this id that you may merge into', [
        { path: 'body.intoId', message: 'not found' },
      ]);
    }
    if (merged.mergedInto) {
      throw new AppError('conflict', 'This person was already merged into another person', [
        { path: 'params.id', message: `already merged into ${merged.mergedInto}` },
      ]);
    }
    if (into.mergedInto) {
      throw new AppError(
        'conflict',
        'The target person was itself merged: merge into the person it was merged into',
        [{ path: 'body.intoId', message: `already merged into ${into.mergedInto}` }],
      );
    }
    if (!(await mergeable(tx, actor, into))) {
      throw new AppError('not_found', 'No person with this id that you may merge into', [
        { path: 'body.intoId', message: 'not found' },
      ]);
    }
    if (merged.agencyId !== into.agencyId) {
      throw bad(
        'body.intoId',
        'belongs to another agency',
        'Persons of different agencies cannot be merged: each agency keeps its own person records',
      );
    }
    const { moved, retired } = await repo.moveLinks(tx, merged.id, into.id, now);
    await repo.setMergedInto(tx, merged.id, into.id, now);
    const movedJson: MovedLinks = { links: moved, retired };
    const mergeId = await repo.insertMerge(tx, {
      kind: 'person',
      survivorId: into.id,
      mergedId: merged.id,
      moved: movedJson,
      reason: body.reason,
      mergedBy: actor.userId,
      mergedAt: now,
    });
    // Ids and counts only: the reason is free text and may name people, so it stays in entity_merges.
    await audit(tx, deps, actor, 'persons.merge', 'person', merged.id, {
      mergeId,
      survivorId: into.id,
      movedLinks: moved,
      retiredLinks: retired,
    });
    return { mergeId, survivorId: into.id, mergedId: merged.id, movedLinks: moved.length + retired.length };
  });
}

/** Undo a person merge exactly; a second undo is refused (409). */
export async function undoPersonMerge(
  deps: PersonDeps,
  actor: Actor,
  mergeId: string,
): Promise<PersonUndoResult> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const merge = await repo.findMerge(tx, mergeId, true);
    if (merge?.kind !== 'person') throw AppError.notFound();
    const moved = merge.moved as MovedLinks;
    // Authorized on the cases the merge touched: the actor must be allowed to merge on one of them.
    const linkIds = [...moved.links, ...moved.retired];
    const links: repo.PersonLinkRow[] = [];
    for (const id of linkIds) {
      // One after the other: a transaction is one connection.
      const link = await repo.findLink(tx, id);
      if (link?.recordType === 'case') links.push(link);
    }
    const heads = await selectRecordHeads(
      tx,
      'case',
      links.map((l) => l.recordId),
    );
    const allowed =
      heads.some((h) => can(actor, 'persons.merge', caseResourceOf(h))) ||
      (await caseLinksOf(tx, merge.survivorId)).some((l) => can(actor, 'persons.merge', l.resource));
    if (!allowed) throw AppError.notFound();
    if (merge.undoneAt) {
      throw new AppError('conflict', `This merge was already undone at ${merge.undoneAt.toISOString()}`, [
        { path: 'params.id', message: 'already undone' },
      ]);
    }
    const merged = await repo.findPerson(tx, merge.mergedId, true);
    if (!merged || merged.mergedInto !== merge.survivorId) {
      throw new AppError(
        'conflict',
        'The merged person changed since the merge: it cannot be undone automatically',
        [{ path: 'params.id', message: 'merged person changed' }],
      );
    }
    const restored = await repo.restoreLinks(tx, merge.mergedId, moved.links, moved.retired);
    await repo.setMergedInto(tx, merge.mergedId, null, now);
    await repo.markMergeUndone(tx, merge.id, actor.userId, now);
    await audit(tx, deps, actor, 'persons.merge_undo', 'person', merge.mergedId, {
      mergeId: merge.id,
      survivorId: merge.survivorId,
      restoredLinks: restored,
    });
    return {
      mergeId: merge.id,
      survivorId: merge.survivorId,
      mergedId: merge.mergedId,
      restoredLinks: restored,
    };
  });
}
