import { randomUUID } from 'node:crypto';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  insertLinkRows,
  insertNewIdentifiers,
  lockIdentifiers,
  type NewLinkRow,
  selectLinksOfRecords,
  setIdentifierStates,
} from './entities.linking.repo.ts';
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
import { countTips, type LinkRow, type UpsertedIdentifier } from './entities.repo.ts';
import type { LinkedRecord, LinkItem, LinkOptions, LinkResult } from './entities.types.ts';

/**
 * The batched `linkIdentifiers` (entities.linking.ts) for imports: one plan for a whole batch of
 * records, replayed in memory and written in a few set-based statements.
 */

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
  const { share, min } = shareLimitsOf(options);
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
