import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  countTips,
  type LinkRow,
  selectIdentifiersOfRecord,
  selectRelated,
  setShareVerdict,
  TOO_COMMON_REASON,
  type UpsertedIdentifier,
  updateHolder,
  upsertLinks,
} from './entities.repo.ts';
import {
  type IdentifierKindName,
  LINKED_RECORD_TYPES,
  type LinkedRecord,
  type LinkedRecordType,
  type LinkItem,
  type LinkOptions,
  type LinkResult,
  type RecordIdentifier,
  type RelatedRecord,
  STORED_IDENTIFIER_KINDS,
  type StoredIdentifierKind,
} from './entities.types.ts';
import { type IdentifierKind, stopListReason } from './normalise/index.ts';

/**
 * Share-rule defaults when a caller passes none: the same as config `stoplistShare` (KARPEAR_STOPLIST_SHARE)
 * and `stoplistMinRecords` (KARPEAR_STOPLIST_MIN_RECORDS); callers should pass the configured values.
 */
export const DEFAULT_SHARE_LIMIT = 0.005;
export const DEFAULT_MIN_COUNT_FOR_SHARE = 50;

/** The stop-list reason the share rule writes ("seen in more than X% of tips"). */
export const TOO_COMMON = TOO_COMMON_REASON;
/** Longest value stored; normalisers cap far below this, so a longer one is a caller's bug. */
const MAX_VALUE_LENGTH = 1000;
/** The share rule is re-checked each time an identifier's record count grows by 10% (integer maths:
 * `1.1 * 50` in floating point is 55.000000000000007). */
const nextCheckpoint = (c: number) => Math.max(c + 1, Math.floor((c * 11 + 9) / 10));

const STORED = new Set<string>(STORED_IDENTIFIER_KINDS);
const NORMALISER_KINDS = new Set<string>([
  'email',
  'phone',
  'ip',
  'username',
  'esp_account',
  'url',
  'device',
  'passport',
  'name',
  'file_hash',
]);

/** Normaliser kind → stored kind: the table calls an ESP account `account`. */
function storedKind(kind: IdentifierKindName): StoredIdentifierKind {
  if (kind === 'esp_account') return 'account';
  if (STORED.has(kind)) return kind as StoredIdentifierKind;
  throw new AppError('validation_failed', `identifier kind "${String(kind)}" is not one Karpear stores`);
}

function assertRecordType(type: string): asserts type is LinkedRecordType {
  if (!(LINKED_RECORD_TYPES as readonly string[]).includes(type)) {
    throw new AppError('validation_failed', `record type "${type}" cannot carry identifiers`);
  }
}

/**
 * Validate, stop-list statically and deduplicate a record's identifiers. Empty values are dropped (an
 * empty identifier says nothing, not even "placeholder"). A caller-given `stopListed` wins; when it is
 * undefined the static stop-list decides (normaliser kinds only).
 */
function prepareRows(items: readonly LinkItem[]): LinkRow[] {
  const rows = new Map<string, LinkRow>();
  for (const [index, item] of items.entries()) {
    const value = typeof item.value === 'string' ? item.value : '';
    if (value.length === 0) continue;
    if (value.length > MAX_VALUE_LENGTH) {
      throw new AppError(
        'validation_failed',
        `identifier ${index} (${item.kind}) is longer than ${MAX_VALUE_LENGTH} characters`,
      );
    }
    const role = typeof item.role === 'string' && item.role.length > 0 ? item.role : null;
    if (role === null)
      throw new AppError('validation_failed', `identifier ${index} (${item.kind}) has no role`);
    const kind = storedKind(item.kind);
    const stop =
      item.stopListed !== undefined
        ? item.stopListed
        : NORMALISER_KINDS.has(item.kind)
          ? stopListReason(item.kind as IdentifierKind, value)
          : null;
    const key = `${kind}\u0000${value}\u0000${role}`;
    const seen = rows.get(key);
    if (seen) seen.stopListed ??= stop;
    else rows.set(key, { kind, value, role, stopListed: stop });
  }
  // Sorted so concurrent transactions take identifier row locks in one order.
  return [...rows.values()].sort((a, b) =>
    a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
  );
}

/**
 * True when the share rule should be evaluated for an identifier that just reached `count` records:
 * at `min`, then each time the count grows by 10% (`min`, ⌈1.1·min⌉, …). Counting the tips exactly
 * on every link of a busy identifier would cost O(tips) per link; at these checkpoints it costs
 * O(log count) counts per identifier, and an identifier that crosses the share is caught within 10%
 * more links. Each link increments the count by one under the row lock, so every count value is seen
 * by exactly one transaction and no checkpoint is skipped.
 */
export function isShareCheckpoint(count: number, min: number): boolean {
  if (count < min) return false;
  let checkpoint = Math.max(1, min);
  while (checkpoint < count) checkpoint = nextCheckpoint(checkpoint);
  return checkpoint === count;
}

/**
 * Upsert a record's identifiers and links in one statement, then apply the share rule (a second
 * statement only when some identifier reaches a checkpoint). No authorization and no audit here: the
 * caller (tip intake, case conversion…) authorizes and writes its one audit event in the same `tx`.
 */
export async function linkIdentifiers(
  tx: Executor,
  record: LinkedRecord,
  source: string,
  items: LinkItem[],
  options: LinkOptions,
): Promise<LinkResult> {
  assertRecordType(record.type);
  const share = options.shareLimit ?? DEFAULT_SHARE_LIMIT;
  const min = options.minCountForShare ?? DEFAULT_MIN_COUNT_FOR_SHARE;
  if (!(share > 0 && share <= 1) || !Number.isSafeInteger(min) || min < 1) {
    throw new AppError('validation_failed', 'stop-list share must be in (0, 1] and its floor an integer ≥ 1');
  }
  const rows = prepareRows(items);
  const upserted = await upsertLinks(tx, record, source, rows, options.now);

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
