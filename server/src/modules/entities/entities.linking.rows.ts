import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { MAX_MERGE_CHAIN, type MergedPair, selectMergedSurvivors } from './entities.linking.repo.ts';
import { type LinkRow, TOO_COMMON_REASON } from './entities.repo.ts';
import {
  type IdentifierKindName,
  LINKED_RECORD_TYPES,
  type LinkedRecordType,
  type LinkItem,
  type LinkOptions,
  STORED_IDENTIFIER_KINDS,
  type StoredIdentifierKind,
} from './entities.types.ts';
import { type IdentifierKind, stopListReason } from './normalise/index.ts';

/**
 * What `linkIdentifiers` (one record, entities.linking.ts) and `planLinks` (a batch,
 * entities.linking.many.ts) share: validation and static stop-listing of the given identifiers, the
 * merge redirects, and the share rule's checkpoints and limits.
 */

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
export function storedKind(kind: IdentifierKindName): StoredIdentifierKind {
  if (kind === 'esp_account') return 'account';
  if (STORED.has(kind)) return kind as StoredIdentifierKind;
  throw new AppError('validation_failed', `identifier kind "${String(kind)}" is not one Karpear stores`);
}

export function assertRecordType(type: string): asserts type is LinkedRecordType {
  if (!(LINKED_RECORD_TYPES as readonly string[]).includes(type)) {
    throw new AppError('validation_failed', `record type "${type}" cannot carry identifiers`);
  }
}

/**
 * Validate, stop-list statically and deduplicate a record's identifiers. Empty values are dropped (an
 * empty identifier says nothing, not even "placeholder"). A caller-given `stopListed` wins; when it is
 * undefined the static stop-list decides (normaliser kinds only).
 */
export function prepareRows(items: readonly LinkItem[]): LinkRow[] {
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
export function dedupeRows(rows: Iterable<LinkRow>): LinkRow[] {
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
export type Redirects = Map<string, MergedPair>;
export const pairKey = (kind: string, value: string) => `${kind}\u0000${value}`;

/**
 * Identifier merges (entities.merge.ts) keep the merged row, with no links, under its own value: new
 * data carrying that value must land on the survivor, or the merged identifier reappears as a separate
 * entity. Answers the merged pairs among `rows` with their final survivor (chains followed).
 */
export async function survivorsOf(tx: Executor, rows: readonly LinkRow[]): Promise<Redirects> {
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
export function redirectRows(rows: readonly LinkRow[], redirects: Redirects): LinkRow[] {
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
export function assertSameRedirects(before: Redirects, after: Redirects): void {
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

/** The share rule's limits from the options (defaults when absent), validated. */
export function shareLimitsOf(options: LinkOptions): { share: number; min: number } {
  const share = options.shareLimit ?? DEFAULT_SHARE_LIMIT;
  const min = options.minCountForShare ?? DEFAULT_MIN_COUNT_FOR_SHARE;
  if (!(share > 0 && share <= 1) || !Number.isSafeInteger(min) || min < 1) {
    throw new AppError('validation_failed', 'stop-list share must be in (0, 1] and its floor an integer ≥ 1');
  }
  return { share, min };
}
