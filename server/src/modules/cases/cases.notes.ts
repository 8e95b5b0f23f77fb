import type { CaseDetail } from '@karpear/contracts';
import type { Actor } from '../../access/index.ts';
import * as repo from './cases.repo.ts';
import { audit, type CaseDeps, loadCase } from './cases.shared.ts';

/** Notes on a case: adding one writes a `note_added` case event and an audit event (ids only). */
export async function addNote(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  body: string,
): Promise<CaseDetail['notes'][number]> {
  return deps.database.db.transaction(async (tx) => {
    await loadCase(tx, actor, 'cases.add_note', id);
    const now = deps.clock.now();
    const note = await repo.insertNote(tx, { caseId: id, at: now, authorId: actor.userId, body });
    await repo.insertEvent(tx, {
      caseId: id,
      at: now,
      actorId: actor.userId,
      kind: 'note_added',
      details: { noteId: note.id },
    });
    await audit(tx, deps, actor, 'cases.add_note', id, { noteId: note.id });
    return { id: note.id, at: note.at.toISOString(), authorId: note.authorId, body: note.body };
  });
}
