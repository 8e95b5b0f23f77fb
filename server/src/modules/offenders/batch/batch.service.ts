import { recordAudit } from '../../../audit/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Config } from '../../../platform/config.ts';
import { ConfigError } from '../../../platform/config.ts';
import type { DatabaseHandle } from '../../../platform/db/index.ts';
import { Screener } from '../matching/screen.ts';
import type { Thresholds, TravellerRecord, WatchlistEntry } from '../matching/types.ts';
import * as screeningRepo from '../screening.repo.ts';
import { callReference } from '../screening.service.ts';
import type { HitRow, TextSink } from './csv-out.ts';
import {
  type ListMatch,
  loadRegisterList,
  matchRegister,
  safeReasons,
  storeRegisterHit,
} from './register-list.ts';
import { type BatchOptions, type BatchSummary, type Matcher, screenArrivals } from './screen-file.ts';

/** The configured thresholds; a review threshold above the hit threshold is a configuration error. */
export function screeningThresholds(
  config: Pick<Config, 'screenHitThreshold' | 'screenReviewThreshold'>,
): Thresholds {
  if (config.screenReviewThreshold > config.screenHitThreshold) {
    throw new ConfigError([
      `KARPEAR_SCREEN_REVIEW_THRESHOLD (${config.screenReviewThreshold}) must not be above KARPEAR_SCREEN_HIT_THRESHOLD (${config.screenHitThreshold})`,
    ]);
  }
  return { hit: config.screenHitThreshold, review: config.screenReviewThreshold };
}

/** A matcher over a watchlist file (no database): reasons in full, the list's own ids. */
export function fileMatcher(
  entries: readonly WatchlistEntry[],
  thresholds: Thresholds,
): {
  match: Matcher;
  screener: Screener;
} {
  const screener = Screener.build(entries, { thresholds });
  const match: Matcher = (record) =>
    screener.check(record).map((m) => ({
      inputId: record.id,
      watchlistId: m.watchlistId,
      score: m.score,
      decision: m.decision === 'hit' ? 'hit' : 'review',
      reasons: m.reasons.map((r) => r.detail),
    }));
  return { match, screener };
}

/** The screened person as kept on a stored hit (the unit's work item). */
export function screenedOf(
  record: TravellerRecord,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const names = [record.full_name, [record.given_name, record.family_name].filter(Boolean).join(' ')].filter(
    (n): n is string => Boolean(n),
  );
  return {
    names,
    dob: record.dob ?? null,
    nationality: record.nationality ?? null,
    gender: record.gender ?? null,
    passportCountry: record.passport_country ?? null,
    passportNumber: record.passport_number ?? null,
    ...extra,
  };
}

export interface RegisterBatchDeps {
  database: DatabaseHandle;
  clock: Clock;
  config: Pick<Config, 'screenHitThreshold' | 'screenReviewThreshold'>;
}

export interface BatchActor {
  /** null from the command line (no signed-in user). */
  userId: string | null;
  agencyId: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface RegisterBatchResult extends BatchSummary {
  listSize: number;
  hitIds: string[];
}

/** A batch hit's natural identity: the batch, the input line and the list item it matched. */
const batchHitKey = (line: number, kind: ListMatch['kind'], id: string): string => `${line}:${kind}:${id}`;

/**
 * Screen an arrivals file against the active register and watches: every pair at or above review is
 * stored as a `batch` hit with an alert to the owning unit and one audit event (own transaction per
 * hit, so a long batch holds no lock); the hits file names the call reference, not the entry. One
 * closing audit event carries the counts.
 *
 * Idempotent per batch: with `resume.since` (the batch's creation), the hits a crashed earlier run of
 * the same batch stored are read first and reused — not stored, alerted or audited again — so a retried
 * job writes the same hits file and each (batch, line, item) has one hit and one alert. The alert's
 * dedupe key is that identity too, so even two runs at once cannot alert twice.
 */
export async function screenAgainstRegister(
  deps: RegisterBatchDeps,
  actor: BatchActor,
  batchId: string,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  out: { hits: TextSink; rejects: TextSink },
  options: BatchOptions,
  resume?: { since: Date },
): Promise<RegisterBatchResult> {
  const db = deps.database.db;
  const list = await loadRegisterList(db, deps.clock.now(), screeningThresholds(deps.config));
  const earlier = new Map<string, string>();
  if (resume) {
    for (const h of await screeningRepo.hitsOfBatch(db, batchId, resume.since)) {
      const [kind, id] = h.registerEntryId
        ? (['entry', h.registerEntryId] as const)
        : (['watch', h.travelNotificationId!] as const);
      earlier.set(batchHitKey(h.line, kind, id), h.id);
    }
  }
  const hitIds: string[] = [];
  const match: Matcher = async (record, line) => {
    const rows: HitRow[] = [];
    for (const m of matchRegister(list, record)) {
      const before = earlier.get(batchHitKey(line, m.kind, m.id));
      const stored = before
        ? { hitId: before, reference: callReference(before) }
        : await storeBatchHit(deps, actor, batchId, record, line, m);
      if (!stored) continue;
      hitIds.push(stored.hitId);
      rows.push({
        inputId: record.id,
        watchlistId: stored.reference,
        score: m.match.score,
        decision: m.match.decision === 'hit' ? 'hit' : 'review',
        reasons: safeReasons(m.match.reasons),
      });
    }
    return rows;
  };
  const summary = await screenArrivals(source, match, out, options);
  await db.transaction((tx) =>
    recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'screening.batch',
      objectType: 'screening_batch',
      objectId: batchId,
      outcome: 'success',
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
      details: {
        listSize: list.size,
        rows: summary.rows,
        screened: summary.screened,
        rejectedLines: summary.rejectedLines,
        pairs: summary.pairs,
        hits: hitIds.length,
      },
    }),
  );
  return { ...summary, listSize: list.size, hitIds };
}

async function storeBatchHit(
  deps: RegisterBatchDeps,
  actor: BatchActor,
  batchId: string,
  record: TravellerRecord,
  line: number,
  m: ListMatch,
) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const stored = await storeRegisterHit(tx, {
      channel: 'batch',
      match: m,
      actorId: actor.userId,
      screened: screenedOf(record, { batchId, line }),
      now,
      params: { batchId },
      dedupeKey: `screening_batch:${batchId}:${batchHitKey(line, m.kind, m.id)}`,
    });
    if (!stored) return null;
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'screening.batch_hit',
      objectType: 'screening_hit',
      objectId: stored.hitId,
      outcome: 'success',
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
      details: {
        batchId,
        line,
        level: m.match.decision === 'hit' ? 'hit' : 'review',
        registerEntryId: m.kind === 'entry' ? m.id : null,
        travelNotificationId: m.kind === 'watch' ? m.id : null,
      },
    });
    return stored;
  });
}
