import type { Actor } from '../../access/index.ts';
import { type AuditEventInput, recordAudit } from '../../audit/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { raiseAlert } from '../alerts/index.ts';
import { normalisePassportNumber } from './matching/passport.ts';
import type { ScreeningCheckInput, ScreeningResult } from './offenders.schema.ts';
import type { EntryRow } from './register.repo.ts';
import type { ItemMatch } from './screening.index.ts';
import * as repo from './screening.repo.ts';
import type { TravelRow } from './travel.repo.ts';

/**
 * A border check's answer once the index found candidates (screening.service.ts decides when): the
 * database confirms them, hits are stored and alerted, and the check's one audit event is written —
 * all in the caller's transaction.
 */
/** Confirm the matches in the database, store hits, alert the units, audit the check (one event). */
export async function answerCheck(
  tx: Executor,
  actor: Actor,
  input: ScreeningCheckInput,
  candidates: readonly ItemMatch[],
  now: Date,
  maxHits: number,
): Promise<ScreeningResult> {
  const entries = await repo.liveEntries(
    tx,
    candidates.filter((m) => m.kind === 'entry').map((m) => m.id),
    now,
  );
  const watches = await repo.liveWatches(
    tx,
    candidates.filter((m) => m.kind === 'watch').map((m) => m.id),
    now,
  );
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const watchById = new Map(watches.map((w) => [w.id, w]));
  const confirmed = candidates
    .filter((m) => (m.kind === 'entry' ? entryById.has(m.id) : watchById.has(m.id)))
    .slice(0, maxHits);

  const checkedAt = now.toISOString();
  const screened = {
    names: input.names,
    dob: input.dob ?? null,
    nationality: input.nationality ?? null,
    gender: input.gender ?? null,
    passportCountry: input.passportCountry ?? null,
    passportNumber: input.passportNumber ? normalisePassportNumber(input.passportNumber) : null,
  };
  const hits: Array<{ id: string; reference: string; match: ItemMatch }> = [];
  for (const m of confirmed) {
    const entry = m.kind === 'entry' ? entryById.get(m.id)! : undefined;
    const watch = m.kind === 'watch' ? watchById.get(m.id)! : undefined;
    const { hit, reference } = await recordHit(tx, {
      channel: 'border',
      now,
      actorId: actor.userId,
      entry,
      watch,
      match: m.match,
      screened,
    });
    hits.push({ id: hit.id, reference, match: m });
  }

  const top = hits[0];
  // The audit event is the last statement before COMMIT: its advisory lock is held until then.
  const owner =
    top && (top.match.kind === 'entry' ? entryById.get(top.match.id)! : watchById.get(top.match.id)!);
  const unit = owner?.dutyUnit;
  await recordAudit(tx, checkEvent(actor, now, hits));
  if (!top) return { result: 'no_hit', checkedAt };

  const level = top.match.match.decision === 'hit' ? 'hit' : 'review';
  return {
    result: 'hit',
    level,
    reference: top.reference,
    // The register's own instructions for a strong hit on an entry; a possible match or a watch
    // gets the standard instruction (verify identity, call the duty officer), written by the client.
    instructions:
      level === 'hit' && top.match.kind === 'entry' ? entryById.get(top.match.id)!.instructions : null,
    dutyUnit: unit ? { id: unit.id, nameEn: unit.nameEn, nameKm: unit.nameKm } : null,
    checkedAt,
  };
}

/**
 * Store one confirmed match as a screening hit and alert its owner's unit (or, without a unit, the
 * person who recorded it) — the border check, batch files and guest registers alike, in the caller's
 * transaction. The caller writes the audit event. `params` adds ids and codes to the alert; `dedupeKey`
 * replaces the hit id as the alert's identity when the hit has a natural one (batch + line + item).
 */
export async function recordHit(
  tx: Executor,
  input: {
    channel: 'border' | 'batch' | 'guest';
    now: Date;
    actorId: string | null;
    entry?: Pick<EntryRow, 'id' | 'agencyId' | 'unitId' | 'createdBy' | 'reference'>;
    watch?: Pick<TravelRow, 'id' | 'agencyId' | 'unitId' | 'createdBy' | 'reference'>;
    match: ItemMatch['match'];
    screened: Record<string, unknown>;
    establishmentId?: string | null;
    guestImportId?: string | null;
    params?: Record<string, string | number | null>;
    dedupeKey?: string;
  },
): Promise<{ hit: repo.HitRow; reference: string }> {
  const { entry, watch, now } = input;
  const owner = (entry ?? watch)!;
  const hit = await repo.insertHit(tx, {
    channel: input.channel,
    at: now,
    actorId: input.actorId,
    agencyId: owner.agencyId,
    registerEntryId: entry?.id ?? null,
    travelNotificationId: watch?.id ?? null,
    decision: input.match.decision === 'hit' ? 'hit' : 'review',
    score: input.match.score,
    reasons: input.match.reasons,
    screened: input.screened,
    ...(input.establishmentId !== undefined ? { establishmentId: input.establishmentId } : {}),
    ...(input.guestImportId !== undefined ? { guestImportId: input.guestImportId } : {}),
  });
  const reference = callReference(hit.id);
  await raiseAlert(
    tx,
    {
      kind: entry ? 'register_hit' : 'watch_hit',
      agencyId: owner.agencyId,
      recipientUnitId: owner.unitId,
      recipientUserId: owner.unitId ? null : owner.createdBy,
      recordType: entry ? 'register_entry' : 'travel_notification',
      recordId: owner.id,
      reference: owner.reference,
      params: {
        hitId: hit.id,
        checkReference: reference,
        level: hit.decision,
        channel: input.channel,
        ...input.params,
      },
      dedupeKey: input.dedupeKey ?? `screening_hit:${hit.id}`,
    },
    now,
  );
  return { hit, reference };
}

/** The one audit event of a check: ids only (hits, entries, watches), never what was screened. */
export function checkEvent(
  actor: Actor,
  now: Date,
  hits: ReadonlyArray<{ id: string; match: ItemMatch }>,
): AuditEventInput {
  const top = hits[0];
  return {
    at: now,
    actorId: actor.userId,
    agencyId: actor.agencyId,
    action: 'screening.check',
    objectType: 'screening_check',
    objectId: top?.id ?? null,
    outcome: 'success',
    ip: actor.ip,
    requestId: actor.requestId,
    details: {
      channel: 'border',
      result: top ? 'hit' : 'no_hit',
      level: top ? (top.match.match.decision === 'hit' ? 'hit' : 'review') : null,
      hitIds: hits.map((h) => h.id),
      registerEntryIds: hits.filter((h) => h.match.kind === 'entry').map((h) => h.match.id),
      travelNotificationIds: hits.filter((h) => h.match.kind === 'watch').map((h) => h.match.id),
    },
  };
}

/** What the officer quotes on the phone: short, from the hit's id (the unit's alert carries it). */
export function callReference(hitId: string): string {
  return `HIT-${hitId.replaceAll('-', '').slice(0, 8).toUpperCase()}`;
}
