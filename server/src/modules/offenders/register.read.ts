import { type Actor, authorize, relationsFor } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { normalisePassportNumber } from './matching/passport.ts';
import { REGISTER_RECORD_TYPE } from './offenders.approval.ts';
import type { EntryDetail, EntryListQuery, EntrySummary } from './offenders.schema.ts';
import * as repo from './register.repo.ts';
import { audit, detailOf, loadEntry, type PageOf, type RegisterDeps, summaryOf } from './register.shared.ts';

/**
 * Reading the register: one entry, and the list/search narrowed in SQL to what the actor may read.
 * Both are audited (register entries are personal data); a search without its words.
 */
/** One entry; the read is audited (register entries are personal data). */
export async function getEntry(deps: RegisterDeps, actor: Actor, id: string): Promise<EntryDetail> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.read', id);
    await audit(tx, deps, actor, 'offenders.read', entry.id, { reference: entry.reference });
    return detailOf(tx, actor, entry, now);
  });
}

/** Entries the actor may read, narrowed in SQL; the search is audited without its words. */
export async function listEntries(
  deps: RegisterDeps,
  actor: Actor,
  query: EntryListQuery,
): Promise<PageOf<EntrySummary>> {
  authorize(actor, 'offenders.list');
  const page = { limit: query.limit, offset: query.offset };
  const relations = relationsFor(actor, 'offenders.read');
  if (relations.length === 0) return { items: [], ...page, total: 0 };
  const agencyId = relations.includes('any') ? undefined : actor.agencyId;
  const passportNumber = query.q ? normalisePassportNumber(query.q) : '';
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { rows, total } = await repo.listEntries(
      tx,
      {
        status: query.status,
        q: query.q,
        agencyId,
        passportNumber: passportNumber.length >= 4 ? passportNumber : undefined,
      },
      page,
    );
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'offenders.list',
      objectType: REGISTER_RECORD_TYPE,
      objectId: null,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { searched: query.q !== undefined, status: query.status ?? null, shown: rows.length, total },
    });
    return { items: rows.map((r) => summaryOf(r, r.primaryName, now)), ...page, total };
  });
}
