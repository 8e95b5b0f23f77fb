import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  assertRecordType,
  assertSameRedirects,
  isShareCheckpoint,
  prepareRows,
  redirectRows,
  shareLimitsOf,
  survivorsOf,
  TOO_COMMON,
} from './entities.linking.rows.ts';
import {
  countTips,
  selectIdentifiersOfRecord,
  selectRelated,
  setShareVerdict,
  type UpsertedIdentifier,
  updateHolder,
  upsertLinks,
} from './entities.repo.ts';
import type {
  LinkedRecord,
  LinkedRecordType,
  LinkItem,
  LinkOptions,
  LinkResult,
  RecordIdentifier,
  RelatedRecord,
} from './entities.types.ts';

// The batched path (`planLinks`, `linkIdentifiersMany`) lives in entities.linking.many.ts and the
// shared preparation in entities.linking.rows.ts; re-exported here, where callers import them.
export {
  type LinkCall,
  type LinkPlan,
  linkIdentifiersMany,
  planLinks,
} from './entities.linking.many.ts';
export {
  DEFAULT_MIN_COUNT_FOR_SHARE,
  DEFAULT_SHARE_LIMIT,
  isShareCheckpoint,
  TOO_COMMON,
} from './entities.linking.rows.ts';

/**
 * Upsert a record's identifiers and links in one statement, then apply the share rule (a second
 * statement only when some identifier reaches a checkpoint). A merged identifier's value links to its
 * final survivor (one lookup before, one check after the upsert: 409 `conflict` if a merge or undo of
 * one of them committed in between — retry). No authorization and no audit here: the caller (tip
 * intake, case conversion…) authorizes and writes its one audit event in the same `tx`.
 */
export async function linkIdentifiers(
  tx: Executor,
  record: LinkedRecord,
  source: string,
  items: LinkItem[],
  options: LinkOptions,
): Promise<LinkResult> {
  assertRecordType(record.type);
  const { share, min } = shareLimitsOf(options);
  const prepared = prepareRows(items);
  const redirects = await survivorsOf(tx, prepared);
  const upserted = await upsertLinks(tx, record, source, redirectRows(prepared, redirects), options.now);
  // `upsertLinks` now holds the row locks of every identifier it linked (survivors included).
  assertSameRedirects(redirects, await survivorsOf(tx, prepared));

  // Only the share rule's own verdict is re-evaluated: a placeholder or an operator's mark stays.
  const due = upserted.filter(
    (u) =>
      (u.stopListed === null || u.stopListed === TOO_COMMON) &&
      u.newRecord &&
      isShareCheckpoint(u.recordCount, min),
  );
  if (due.length > 0) {
    const total = options.totalRecords ?? (await countTips(tx));
    const isOver = (u: UpsertedIdentifier) => total >= min && u.recordCount > share * total;
    const over = due.filter((u) => u.stopListed === null && isOver(u)).map((u) => u.id);
    // An early burst can push an identifier over the share while there are few tips; when the tips
    // catch up it links again (checked at its next checkpoint), so noise does not hide a real repeat.
    const back = due.filter((u) => u.stopListed === TOO_COMMON && !isOver(u)).map((u) => u.id);
    const changed = new Map<string, string | null>();
    for (const id of await setShareVerdict(tx, over, TOO_COMMON)) changed.set(id, TOO_COMMON);
    for (const id of await setShareVerdict(tx, back, null)) changed.set(id, null);
    for (const u of upserted) if (changed.has(u.id)) u.stopListed = changed.get(u.id)!;
  }

  return {
    linked: upserted.reduce((n, u) => n + u.newLinks, 0),
    stopListed: upserted.filter((u) => u.stopListed !== null).length,
    repeats: upserted
      .filter((u) => u.stopListed === null && u.recordCount > 1)
      .map((u) => ({ identifierId: u.id, kind: u.kind, otherRecords: u.recordCount - 1 })),
  };
}

/** A record's identifiers with their role, stop-list reason and how many other records share each. */
export async function identifiersOfRecord(
  db: Executor,
  type: LinkedRecordType,
  id: string,
): Promise<RecordIdentifier[]> {
  assertRecordType(type);
  const rows = await selectIdentifiersOfRecord(db, type, id);
  return rows.map((r) => ({
    identifierId: r.id,
    kind: r.kind,
    value: r.value,
    role: r.role,
    stopListed: r.stop_listed,
    otherRecords: Math.max(0, Number(r.record_count) - 1),
  }));
}

/**
 * Records linked to this one through non-stop-listed identifiers, most shared identifiers first, at
 * most `limit`. The holder is always given; whether the viewer may open the record is the caller's
 * decision (deconfliction shows "held by unit X — contact them").
 */
export async function relatedRecords(
  db: Executor,
  type: LinkedRecordType,
  id: string,
  limit = 50,
): Promise<RelatedRecord[]> {
  assertRecordType(type);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new AppError('validation_failed', 'related records limit must be an integer from 1 to 1000');
  }
  const byRecord = new Map<string, RelatedRecord>();
  for (const row of await selectRelated(db, type, id, limit)) {
    const key = `${row.record_type}:${row.record_id}`;
    let rec = byRecord.get(key);
    if (!rec) {
      rec = {
        recordType: row.record_type,
        recordId: row.record_id,
        agencyId: row.agency_id,
        unitId: row.unit_id,
        shared: [],
      };
      byRecord.set(key, rec);
    }
    if (!rec.shared.some((s) => s.identifierId === row.identifier_id)) {
      rec.shared.push({ identifierId: row.identifier_id, kind: row.kind, value: row.value });
    }
  }
  return [...byRecord.values()];
}

/** Move every link of a record to its new holder (a tip reassigned to another unit or agency). */
export async function moveRecordHolder(
  tx: Executor,
  type: LinkedRecordType,
  id: string,
  agencyId: string,
  unitId: string | null,
): Promise<number> {
  assertRecordType(type);
  return updateHolder(tx, type, id, agencyId, unitId);
}
