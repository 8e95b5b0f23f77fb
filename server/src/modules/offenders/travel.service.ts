import { and, asc, eq } from 'drizzle-orm';
import { type Actor, authorize, type Resource, relationsFor } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { findAgencyByCode, findAgencyById, units } from '../agencies/index.ts';
import { raiseAlert } from '../alerts/index.ts';
import type { CreateTravelInput, TravelListQuery, TravelView } from './offenders.schema.ts';
import { nextReference } from './references.ts';
import {
  invalid,
  normaliseCountryField,
  normaliseDob,
  normalisePassportField,
} from './register.normalise.ts';
import type { PageOf } from './register.service.ts';
import * as repo from './travel.repo.ts';

/**
 * Inbound travel notifications from foreign partners (who travels, when, by which flight or border
 * post, where they will stay). Recording one raises a `travel_notification` alert for the receiving
 * unit and makes it a watch: until `watchUntil` a border check or guest registration that matches
 * the traveller raises a `watch_hit` alert (screening.service.ts).
 */
export interface TravelDeps extends Pick<AppContext, 'database' | 'clock' | 'config'> {
  screening?: { noteChanged(): void };
}

export const TRAVEL_RECORD_TYPE = 'travel_notification';
/** Default watch: the travel date plus 30 days (end of that day, UTC). */
const DEFAULT_WATCH_DAYS = 30;
const DAY_MS = 86_400_000;

const travelResource = (t: repo.TravelRow): Resource => ({
  type: TRAVEL_RECORD_TYPE,
  id: t.id,
  agencyId: t.agencyId,
  unitId: t.unitId,
});

function viewOf(t: repo.TravelRow, now: Date): TravelView {
  return {
    id: t.id,
    reference: t.reference,
    agencyId: t.agencyId,
    unitId: t.unitId,
    partner: t.partner,
    partnerRef: t.partnerRef,
    receivedAt: t.receivedAt.toISOString(),
    names: t.names as string[],
    dob: t.dob,
    gender: t.gender,
    nationality: t.nationality,
    passportCountry: t.passportCountry,
    passportNumber: t.passportNumber,
    travelDate: t.travelDate,
    flight: t.flight,
    borderPost: t.borderPost,
    stayPlace: t.stayPlace,
    stayProvince: t.stayProvince,
    watchUntil: t.watchUntil.toISOString(),
    watching: t.watchUntil.getTime() > now.getTime(),
    createdAt: t.createdAt.toISOString(),
  };
}

/**
 * Where a notification goes: a Cambodian unit's own staff file it under their agency and unit; a
 * foreign partner's liaison officer files it to the intake agency (`intakeAgencyCode`) and its
 * specialist unit, which watches for offenders.
 */
async function receivingUnit(
  tx: Executor,
  deps: TravelDeps,
  actor: Actor,
): Promise<{ agencyId: string; unitId: string | null }> {
  if (actor.agencyType !== 'foreign') return { agencyId: actor.agencyId, unitId: actor.unitId };
  const agency = await findAgencyByCode(tx, deps.config.intakeAgencyCode);
  if (!agency)
    throw new AppError('unavailable', 'No agency receives travel notifications: check intakeAgencyCode');
  const specialist = await tx
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.agencyId, agency.id), eq(units.isSpecialist, true)))
    .orderBy(asc(units.code))
    .limit(1);
  return { agencyId: agency.id, unitId: specialist[0]?.id ?? null };
}

export async function createTravel(
  deps: TravelDeps,
  actor: Actor,
  input: CreateTravelInput,
): Promise<TravelView> {
  authorize(actor, 'offenders.travel_create', {
    type: TRAVEL_RECORD_TYPE,
    agencyId: actor.agencyId,
    unitId: actor.unitId,
  });
  const now = deps.clock.now();
  const dob = normaliseDob(input.dob, 'body.dob');
  const nationality = input.nationality ? normaliseCountryField(input.nationality, 'body.nationality') : null;
  const passportCountry = input.passportCountry
    ? normaliseCountryField(input.passportCountry, 'body.passportCountry')
    : null;
  const passportNumber = input.passportNumber
    ? normalisePassportField(input.passportNumber, 'body.passportNumber')
    : null;
  const travelDay = new Date(`${input.travelDate}T00:00:00Z`);
  const watchUntil = input.watchUntil
    ? new Date(input.watchUntil)
    : new Date(travelDay.getTime() + (DEFAULT_WATCH_DAYS + 1) * DAY_MS - 1);
  if (watchUntil.getTime() <= now.getTime()) throw invalid('body.watchUntil', 'must be in the future');
  if (watchUntil.getTime() > now.getTime() + 366 * DAY_MS)
    throw invalid('body.watchUntil', 'at most one year ahead');
  const view = await deps.database.db.transaction(async (tx) => {
    const target = await receivingUnit(tx, deps, actor);
    const partner = input.partner ?? (await findAgencyById(tx, actor.agencyId))?.nameEn ?? 'unknown partner';
    const reference = await nextReference(tx, 'TN', now, (p) => repo.lastTravelReference(tx, p));
    const row = await repo.insertTravel(tx, {
      reference,
      agencyId: target.agencyId,
      unitId: target.unitId,
      partner,
      partnerRef: input.partnerRef ?? null,
      receivedAt: input.receivedAt ? new Date(input.receivedAt) : now,
      names: input.names.map((n) => n.normalize('NFC')),
      dob,
      gender: input.gender ?? null,
      nationality,
      passportCountry,
      passportNumber,
      travelDate: input.travelDate,
      flight: input.flight ?? null,
      borderPost: input.borderPost ?? null,
      stayPlace: input.stayPlace ?? null,
      stayProvince: input.stayProvince ?? null,
      watchUntil,
      createdBy: actor.userId,
      createdAt: now,
    });
    const alert = await raiseAlert(
      tx,
      {
        kind: 'travel_notification',
        agencyId: row.agencyId,
        recipientUnitId: row.unitId,
        // Without a unit the person who filed it (a unit's own staff) is told.
        recipientUserId: row.unitId ? null : actor.userId,
        recordType: TRAVEL_RECORD_TYPE,
        recordId: row.id,
        reference,
        params: { travelDate: input.travelDate },
        dedupeKey: `travel_notification:${row.id}`,
      },
      now,
    );
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'offenders.travel_create',
      objectType: TRAVEL_RECORD_TYPE,
      objectId: row.id,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { reference, agencyId: row.agencyId, unitId: row.unitId, alertId: alert.id },
    });
    return viewOf(row, now);
  });
  deps.screening?.noteChanged();
  return view;
}

export async function getTravel(deps: TravelDeps, actor: Actor, id: string): Promise<TravelView> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.findTravel(tx, id);
    if (!row) throw AppError.notFound();
    authorize(actor, 'offenders.travel_read', travelResource(row));
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'offenders.travel_read',
      objectType: TRAVEL_RECORD_TYPE,
      objectId: row.id,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { reference: row.reference },
    });
    return viewOf(row, now);
  });
}

export async function listTravel(
  deps: TravelDeps,
  actor: Actor,
  query: TravelListQuery,
): Promise<PageOf<TravelView>> {
  authorize(actor, 'offenders.travel_list');
  const page = { limit: query.limit, offset: query.offset };
  const relations = relationsFor(actor, 'offenders.travel_read');
  if (relations.length === 0) return { items: [], ...page, total: 0 };
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { rows, total } = await repo.listTravel(
      tx,
      {
        agencyId: relations.includes('any') ? undefined : actor.agencyId,
        watchingAt: query.watching === 'true' ? now : undefined,
      },
      page,
    );
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'offenders.travel_list',
      objectType: TRAVEL_RECORD_TYPE,
      objectId: null,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { shown: rows.length, total },
    });
    return { items: rows.map((r) => viewOf(r, now)), ...page, total };
  });
}
