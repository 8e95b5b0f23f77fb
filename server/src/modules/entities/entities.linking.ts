import { randomUUID } from 'node:crypto';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  insertLinkRows,
  insertNewIdentifiers,
  lockIdentifiers,
  MAX_MERGE_CHAIN,
  type MergedPair,
  type NewLinkRow,
  selectLinksOfRecords,
  selectMergedSurvivors,
  setIdentifierStates,
} from './entities.linking.repo.ts';
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
  const rows: LinkRow[] = [];
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
    rows.push({ kind, value, role, stopListed: stop });
  }
  return dedupeRows(rows);
}

/** One row per (kind, value, role), the first reason given winning; sorted by (kind, value). */
function dedupeRows(rows: Iterable<LinkRow>): LinkRow[] {
  const unique = new Map<string, LinkRow>();
  for (const r of rows) {
    const key = `${r.kind}\u0000${r.value}\u0000${r.role}`;
    const seen = unique.get(key);
    if (seen) seen.stopListed ??= r.stopListed;
    else unique.set(key, { ...r });
  }
  // Sorted so concurrent transactions take identifier row locks in one order.
  return [...unique.values()].sort((a, b) =>
    a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
  );
}

/** Merged identifiers among the rows' (kind, value) pairs → their final survivor. */
type Redirects = Map<string, MergedPair>;
const pairKey = (kind: string, value: string) => `${kind}\u0000${value}`;

/**
 * Identifier merges (entities.merge.ts) keep the merged row, with no links, under its own value: new
 * data carrying that value must land on the survivor, or the merged identifier reappears as a separate
 * entity. Answers the merged pairs among `rows` with their final survivor (chains followed).
 */
async function survivorsOf(tx: Executor, rows: readonly LinkRow[]): Promise<Redirects> {
  const pairs = new Map(rows.map((r) => [pairKey(r.kind, r.value), { kind: r.kind, value: r.value }]));
  const redirects: Redirects = new Map();
  for (const m of await selectMergedSurvivors(tx, [...pairs.values()])) {
    if (m.unresolved) {
      throw new AppError(
        'conflict',
        `identifier merges chained from identifier ${m.survivorId} do not end within ${MAX_MERGE_CHAIN} steps: undo the looping merge`,
      );
    }
    redirects.set(pairKey(m.kind, m.value), m);
  }
  return redirects;
}

/**
 * The rows with every merged identifier replaced by its survivor, so links, record counts and the
 * share rule apply to the survivor. The row keeps the reason given for this sighting (as if the record
 * had carried the survivor's value with that reason). Re-deduplicated: a record may carry both values.
 */
function redirectRows(rows: readonly LinkRow[], redirects: Redirects): LinkRow[] {
  if (redirects.size === 0) return [...rows];
  return dedupeRows(
    rows.map((r) => {
      const m = redirects.get(pairKey(r.kind, r.value));
      // Same kind by construction (merges refuse two kinds); the stored one is used all the same.
      return m ? { ...r, kind: m.survivorKind as LinkRow['kind'], value: m.survivorValue } : r;
    }),
  );
}

/**
 * Called once the identifiers to link are locked: a merge or an undo needs the locks of both its
 * identifiers, so the redirects seen now can no longer change before commit. If they differ from the
 * ones read before locking, a merge or undo committed in between and this transaction linked the
 * wrong identifier: refuse (the caller's transaction rolls back; retrying succeeds).
 */
function assertSameRedirects(before: Redirects, after: Redirects): void {
  const same =
    before.size === after.size &&
    [...before].every(([key, m]) => after.get(key)?.survivorId === m.survivorId);
  if (!same) {
    throw new AppError(
      'conflict',
      'an identifier being linked was merged or un-merged by another user meanwhile: retry',
    );
  }
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
  const share = options.shareLimit ?? DEFAULT_SHARE_LIMIT;
  const min = options.minCountForShare ?? DEFAULT_MIN_COUNT_FOR_SHARE;
  if (!(share > 0 && share <= 1) || !Number.isSafeInteger(min) || min < 1) {
    throw new AppError('validation_failed', 'stop-list share must be in (0, 1] and its floor an integer ≥ 1');
  }
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

/** One `linkIdentifiers` call of a batch. */
export interface LinkCall {
  record: LinkedRecord;
  source: string;
  items: LinkItem[];
  /**
   * Tips the caller files before this call in the sequential equivalent (tip intake links before it
   * inserts the tip row): the share rule's denominator is the tips counted before the batch plus this.
   */
  tipsBefore?: number;
}

export interface LinkPlan {
  /** Exactly what `linkIdentifiers` would answer for each call, in order. */
  results: LinkResult[];
  /**
   * False when an identifier's stop-list reason changes after a first record of the batch used it
   * (the share rule flipping, or callers disagreeing on a static reason): anything the caller would
   * read per record after linking (deconfliction) then differs from the sequential path, so the caller
   * should not `write()` and link record by record instead.
   */
  stable: boolean;
  /** Write the links and the identifiers' final counts and reasons (three statements). */
  write(): Promise<void>;
}

interface SimState {
  id: string;
  kind: string;
  value: string;
  /** Not in the table yet: inserted by `write` with its final state. */
  isNew: boolean;
  stop: string | null;
  count: number;
  /** Record key → roles linked. */
  linked: Map<string, Set<string>>;
  firstRecord: string | null;
  touched: boolean;
}

/**
 * The same outcome as calling `linkIdentifiers` for each call in order, in a few statements for the
 * whole batch: lock every identifier once (`lockIdentifiers`), read the records' existing links, then
 * replay the calls here — record counts, `COALESCE` of stop-list reasons, new links, the share rule at
 * its checkpoints — and write the final state (`write`). The replay mirrors `upsertLinks` + the share
 * rule line by line; the equivalence test (tips.intake.batch.db.test.ts) compares both paths.
 */
export async function planLinks(
  tx: Executor,
  calls: readonly LinkCall[],
  options: LinkOptions,
): Promise<LinkPlan> {
  const share = options.shareLimit ?? DEFAULT_SHARE_LIMIT;
  const min = options.minCountForShare ?? DEFAULT_MIN_COUNT_FOR_SHARE;
  if (!(share > 0 && share <= 1) || !Number.isSafeInteger(min) || min < 1) {
    throw new AppError('validation_failed', 'stop-list share must be in (0, 1] and its floor an integer ≥ 1');
  }
  for (const c of calls) assertRecordType(c.record.type);
  const given = calls.map((c) => prepareRows(c.items));
  const redirects = await survivorsOf(tx, given.flat());
  // Merged identifiers replaced by their survivors, as `linkIdentifiers` does before `upsertLinks`.
  const prepared = given.map((rows) => redirectRows(rows, redirects));
  const pairs = new Map<string, { kind: string; value: string }>();
  for (const rows of prepared) for (const r of rows) pairs.set(`${r.kind}\u0000${r.value}`, r);
  const state = new Map<string, SimState>();
  const locked = await lockIdentifiers(tx, [...pairs.values()]);
  assertSameRedirects(redirects, await survivorsOf(tx, given.flat()));
  for (const l of locked) {
    state.set(`${l.kind}\u0000${l.value}`, {
      id: l.id,
      kind: l.kind,
      value: l.value,
      isNew: false,
      stop: l.stop_listed,
      count: l.record_count,
      linked: new Map(),
      firstRecord: null,
      touched: false,
    });
  }
  // Missing identifiers start as `upsertLinks` would insert them: no records, no reason yet.
  for (const [key, p] of pairs) {
    if (state.has(key)) continue;
    state.set(key, {
      id: randomUUID(),
      kind: p.kind,
      value: p.value,
      isNew: true,
      stop: null,
      count: 0,
      linked: new Map(),
      firstRecord: null,
      touched: false,
    });
  }
  const byId = new Map([...state.values()].map((s) => [s.id, s]));
  const records = new Map(calls.map((c) => [`${c.record.type}:${c.record.id}`, c.record]));
  for (const l of await selectLinksOfRecords(tx, [...records.values()])) {
    const s = byId.get(l.identifier_id);
    if (!s) continue;
    const key = `${l.record_type}:${l.record_id}`;
    (s.linked.get(key) ?? s.linked.set(key, new Set()).get(key)!).add(l.role);
  }

  // Tips counted before the batch (`options.totalRecords` when the caller knows it); counted at most
  // once, and only when some identifier reaches a share checkpoint.
  let baseTips: number | undefined = options.totalRecords;
  let stable = true;
  const newLinks: NewLinkRow[] = [];
  const results: LinkResult[] = [];
  for (const [index, call] of calls.entries()) {
    const recordKey = `${call.record.type}:${call.record.id}`;
    // `upsertLinks`: one row per (kind, value) with the largest given reason, as its `uniq` CTE.
    const uniq = new Map<string, { rows: LinkRow[]; stop: string | null }>();
    for (const r of prepared[index]!) {
      const key = `${r.kind}\u0000${r.value}`;
      const u = uniq.get(key);
      if (!u) uniq.set(key, { rows: [r], stop: r.stopListed });
      else {
        u.rows.push(r);
        if (r.stopListed !== null && (u.stop === null || r.stopListed > u.stop)) u.stop = r.stopListed;
      }
    }
    const upserted: Array<UpsertedIdentifier & { state: SimState }> = [];
    for (const [key, u] of uniq) {
      const s = state.get(key)!;
      const roles = s.linked.get(recordKey);
      const newRecord = roles === undefined;
      const before = s.stop;
      s.stop ??= u.stop;
      if (s.touched && s.stop !== before && s.firstRecord !== recordKey) stable = false;
      if (!s.touched) {
        s.touched = true;
        s.firstRecord = recordKey;
      }
      if (newRecord) s.count += 1;
      const mine = roles ?? new Set<string>();
      s.linked.set(recordKey, mine);
      let created = 0;
      for (const r of u.rows) {
        if (mine.has(r.role)) continue;
        mine.add(r.role);
        created += 1;
        newLinks.push({
          identifierId: s.id,
          recordType: call.record.type,
          recordId: call.record.id,
          role: r.role,
          agencyId: call.record.agencyId,
          unitId: call.record.unitId,
          source: call.source,
        });
      }
      upserted.push({
        id: s.id,
        kind: u.rows[0]!.kind,
        stopListed: s.stop,
        recordCount: s.count,
        newLinks: created,
        newRecord,
        state: s,
      });
    }
    // The share rule, as in `linkIdentifiers`.
    const due = upserted.filter(
      (u) =>
        (u.stopListed === null || u.stopListed === TOO_COMMON) &&
        u.newRecord &&
        isShareCheckpoint(u.recordCount, min),
    );
    if (due.length > 0) {
      baseTips ??= await countTips(tx);
      const total = baseTips + (call.tipsBefore ?? 0);
      const isOver = (u: UpsertedIdentifier) => total >= min && u.recordCount > share * total;
      for (const u of due) {
        const verdict =
          u.stopListed === null && isOver(u)
            ? TOO_COMMON
            : u.stopListed === TOO_COMMON && !isOver(u)
              ? null
              : u.stopListed;
        if (verdict === u.stopListed) continue;
        u.state.stop = verdict;
        if (u.state.firstRecord !== recordKey) stable = false;
      }
      for (const u of upserted) u.stopListed = u.state.stop;
    }
    results.push({
      linked: upserted.reduce((n, u) => n + u.newLinks, 0),
      stopListed: upserted.filter((u) => u.stopListed !== null).length,
      repeats: upserted
        .filter((u) => u.stopListed === null && u.recordCount > 1)
        .map((u) => ({ identifierId: u.id, kind: u.kind, otherRecords: u.recordCount - 1 })),
    });
  }

  const finalStates = [...state.values()]
    .filter((s) => s.touched)
    .map((s) => ({
      id: s.id,
      kind: s.kind,
      value: s.value,
      recordCount: s.count,
      stopListed: s.stop,
      isNew: s.isNew,
    }));
  return {
    results,
    stable,
    write: async () => {
      const fresh = finalStates.filter((s) => s.isNew);
      if ((await insertNewIdentifiers(tx, fresh, options.now)) < fresh.length) {
        // Another transaction created one of them since `lockIdentifiers`: this replay is stale.
        throw new AppError(
          'conflict',
          'identifiers were created by another writer meanwhile: retry the batch',
        );
      }
      await setIdentifierStates(
        tx,
        finalStates.filter((s) => !s.isNew),
        options.now,
      );
      await insertLinkRows(tx, newLinks, options.now);
    },
  };
}

/** `planLinks` then `write`: the batched `linkIdentifiers`, one result per call in order. */
export async function linkIdentifiersMany(
  tx: Executor,
  calls: readonly LinkCall[],
  options: LinkOptions,
): Promise<LinkResult[]> {
  const plan = await planLinks(tx, calls, options);
  await plan.write();
  return plan.results;
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
