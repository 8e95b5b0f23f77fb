import type { EntityDetail, EntityListQuery, EntityRecord, EntitySummary } from '@karpear/contracts';
import { type Actor, authorize, can, type Resource, relationsFor } from '../../access/index.ts';
import type { HandlingCode } from '../../access/policy/rules.ts';
import { recordActorAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { activeMergeOf, activeMergesInto, canMergeIdentifier } from './entities.merge.ts';
import * as repo from './entities.repo.ts';
import { type IdentifierKind, normaliseIdentifier } from './normalise/index.ts';

/**
 * The entities pages: search identifiers and open one. Browsing is scoped to identifiers linked to the
 * viewer's own records (entities.read's relation); a whole identifier typed in the search box is found
 * wherever it is held (deconfliction). On an identifier's page a record the viewer may not read shows
 * only its holder. Both reads are audited (ids and counts only: never the search text).
 */
export type EntityDeps = Pick<AppContext, 'database' | 'clock'>;

export interface PageOf<T> {
  items: T[];
  limit: number;
  offset: number;
  total: number;
}

/** Records shown on an identifier's page (the rest are counted in `recordCount`). */
export const MAX_RECORDS_SHOWN = 100;

/** The read action that decides whether a linked record opens for the viewer. */
const READ_ACTION: Record<string, string | undefined> = {
  tip: 'tips.read',
  case: 'cases.read',
  register_entry: 'offenders.read',
};

function scopeOf(actor: Actor): repo.LinkScope {
  const relations = relationsFor(actor, 'entities.read');
  if (relations.includes('any')) return { kind: 'any' };
  if (relations.includes('own_agency')) return { kind: 'agency', agencyId: actor.agencyId };
  if (relations.includes('own_unit') && actor.unitId) return { kind: 'unit', unitId: actor.unitId };
  return { kind: 'none' };
}

// Kinds a typed value is tried as, exactly (normalised); usernames and accounts only as `platform:user`.
const EXACT_KINDS: readonly IdentifierKind[] = ['email', 'phone', 'ip', 'url', 'passport', 'device', 'name'];

/** The (stored kind, value) pairs a search text is, once normalised; `kind` narrows them. */
export function exactCandidates(q: string, kind?: string): Array<{ kind: string; value: string }> {
  const tries: IdentifierKind[] = [...EXACT_KINDS];
  if (/^[a-z0-9]{1,40}:\S/i.test(q)) tries.push('username', 'esp_account');
  const out: Array<{ kind: string; value: string }> = [];
  for (const k of tries) {
    const stored = k === 'esp_account' ? 'account' : k;
    if (kind !== undefined && kind !== stored) continue;
    const r = normaliseIdentifier(k, q);
    if (r.ok && !out.some((o) => o.kind === stored && o.value === r.value))
      out.push({ kind: stored, value: r.value });
  }
  return out;
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

function summary(r: repo.IdentifierRow): EntitySummary {
  return {
    id: r.id,
    kind: r.kind as EntitySummary['kind'],
    value: r.value,
    stopListed: r.stop_listed,
    recordCount: Number(r.record_count),
    firstSeenAt: iso(r.first_seen_at),
    lastSeenAt: iso(r.last_seen_at),
  };
}

async function audit(
  tx: Executor,
  deps: EntityDeps,
  actor: Actor,
  action: string,
  objectId: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  await recordActorAudit(tx, deps.clock, actor, { action, objectType: 'identifier', objectId, details });
}

export async function listEntities(
  deps: EntityDeps,
  actor: Actor,
  query: EntityListQuery,
): Promise<PageOf<EntitySummary>> {
  authorize(actor, 'entities.list');
  return deps.database.db.transaction(async (tx) => {
    const { rows, total } = await repo.searchIdentifiers(tx, {
      ...(query.q === undefined ? {} : { q: query.q }),
      exact: query.q === undefined ? [] : exactCandidates(query.q, query.kind),
      ...(query.kind === undefined ? {} : { kind: query.kind }),
      scope: scopeOf(actor),
      limit: query.limit,
      offset: query.offset,
    });
    // The search text is personal data: the event says that a search ran and how many it found.
    await audit(tx, deps, actor, 'entities.list', null, {
      search: query.q !== undefined,
      kind: query.kind ?? null,
      results: rows.length,
      total,
    });
    return { items: rows.map(summary), limit: query.limit, offset: query.offset, total };
  });
}

export async function getEntity(deps: EntityDeps, actor: Actor, id: string): Promise<EntityDetail> {
  // Any reader may open an identifier: what it reveals of each record is decided per record below.
  authorize(actor, 'entities.list');
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.findIdentifier(tx, id);
    if (!row) throw AppError.notFound();
    const links = await repo.recordsOfIdentifier(tx, id, scopeOf(actor), MAX_RECORDS_SHOWN);
    const heads = new Map<string, repo.RecordHead>();
    for (const type of ['tip', 'case', 'register_entry'] as const) {
      const ids = links.filter((l) => l.record_type === type).map((l) => l.record_id);
      for (const h of await repo.recordHeads(tx, type, ids)) heads.set(`${type}:${h.id}`, h);
    }
    const records = links.map((l): EntityRecord => {
      const head = heads.get(`${l.record_type}:${l.record_id}`);
      const action = READ_ACTION[l.record_type];
      const resource: Resource | undefined = head && {
        type: l.record_type,
        id: head.id,
        agencyId: head.agency_id,
        unitId: head.unit_id,
        handling: head.handling as HandlingCode,
      };
      const visible = action !== undefined && resource !== undefined && can(actor, action, resource);
      return {
        recordType: l.record_type,
        id: visible ? l.record_id : null,
        reference: visible ? head!.reference : null,
        status: visible ? head!.status : null,
        holder: { agencyCode: l.agency_code, unitCode: l.unit_code },
        roles: visible ? l.roles : [],
        visible,
      };
    });
    await audit(tx, deps, actor, 'entities.read', id, {
      records: records.length,
      visible: records.filter((r) => r.visible).length,
    });
    // Merges (entities.merge.ts): where this identifier went, what was merged into it, whether the
    // viewer may merge it — for the page's "merged into X" link and its merge and undo buttons.
    const absorbedBy = await activeMergeOf(tx, id);
    const mergedFrom = await activeMergesInto(tx, id);
    const canMerge = await canMergeIdentifier(tx, actor, absorbedBy ? absorbedBy.survivor_id : id);
    const survivor = absorbedBy ? await repo.findIdentifier(tx, absorbedBy.survivor_id) : undefined;
    const mergedInto =
      absorbedBy && survivor
        ? {
            mergeId: absorbedBy.id,
            id: survivor.id,
            value: survivor.value,
            mergedAt: iso(absorbedBy.merged_at),
          }
        : null;
    return { ...summary(row), records, mergedInto, mergedFrom, canMerge };
  });
}
