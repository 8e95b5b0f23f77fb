import type { PageQuery } from '@karpear/contracts';
import { type Actor, abilities, authorize, type Resource, relationsFor } from '../../access/index.ts';
import { recordActorAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { AGENCY_ABILITIES, UNIT_ABILITIES } from './agencies.policy.ts';
import * as repo from './agencies.repo.ts';
import type {
  AgencyView,
  CreateAgencyInput,
  CreateUnitInput,
  UnitView,
  UpdateAgencyInput,
  UpdateUnitInput,
} from './agencies.schema.ts';

/**
 * Agencies and units: authorize first (a record the actor may not see answers 404 like a missing
 * one), then the repository; every change writes its audit event in the same transaction.
 */
export type AgencyDeps = Pick<AppContext, 'database' | 'clock'>;

export interface PageOf<T> {
  items: T[];
  limit: number;
  offset: number;
  total: number;
}

const agencyResource = (a: repo.AgencyRow): Resource => ({ type: 'agency', id: a.id, agencyId: a.id });
const unitResource = (u: repo.UnitRow): Resource => ({
  type: 'unit',
  id: u.id,
  agencyId: u.agencyId,
  unitId: u.id,
});

function agencyView(actor: Actor, a: repo.AgencyRow): AgencyView {
  return {
    id: a.id,
    code: a.code,
    type: a.type as AgencyView['type'],
    nameEn: a.nameEn,
    nameKm: a.nameKm,
    country: a.country,
    createdAt: a.createdAt.toISOString(),
    abilities: abilities(actor, AGENCY_ABILITIES, agencyResource(a)),
  };
}

function unitView(actor: Actor, u: repo.UnitRow): UnitView {
  return {
    id: u.id,
    agencyId: u.agencyId,
    code: u.code,
    nameEn: u.nameEn,
    nameKm: u.nameKm,
    province: u.province,
    isSpecialist: u.isSpecialist,
    createdAt: u.createdAt.toISOString(),
    abilities: abilities(actor, UNIT_ABILITIES, unitResource(u)),
  };
}

/** System administrators get every agency; everyone else the one they belong to. */
export async function listAgencies(
  deps: AgencyDeps,
  actor: Actor,
  page: PageQuery,
): Promise<PageOf<AgencyView>> {
  authorize(actor, 'agencies.list');
  const relations = relationsFor(actor, 'agencies.read');
  if (relations.length === 0) return { items: [], ...page, total: 0 };
  const onlyId = relations.includes('any') ? undefined : actor.agencyId;
  const { rows, total } = await repo.listAgenciesPage(deps.database.db, page, onlyId);
  return { items: rows.map((a) => agencyView(actor, a)), ...page, total };
}

export async function getAgency(deps: AgencyDeps, actor: Actor, id: string): Promise<AgencyView> {
  const agency = await loadAgency(deps.database.db, actor, 'agencies.read', id);
  return agencyView(actor, agency);
}

export async function createAgency(
  deps: AgencyDeps,
  actor: Actor,
  input: CreateAgencyInput,
): Promise<AgencyView> {
  authorize(actor, 'agencies.create');
  return deps.database.db.transaction(async (tx) => {
    if (await repo.findAgencyByCode(tx, input.code)) throw codeTaken('agency');
    const agency = await uniqueCode('agency', () => repo.insertAgency(tx, input));
    await audit(tx, deps, actor, 'agencies.create', 'agency', agency.id, {
      code: agency.code,
      type: agency.type,
    });
    return agencyView(actor, agency);
  });
}

export async function updateAgency(
  deps: AgencyDeps,
  actor: Actor,
  id: string,
  input: UpdateAgencyInput,
): Promise<AgencyView> {
  return deps.database.db.transaction(async (tx) => {
    const current = await loadAgency(tx, actor, 'agencies.update', id, true);
    if (
      input.code !== undefined &&
      input.code !== current.code &&
      (await repo.findAgencyByCode(tx, input.code))
    )
      throw codeTaken('agency');
    const changes = definedOnly(input);
    const agency = await uniqueCode('agency', () => repo.updateAgency(tx, id, changes));
    await audit(tx, deps, actor, 'agencies.update', 'agency', id, { fields: Object.keys(changes).sort() });
    return agencyView(actor, agency);
  });
}

export async function listUnits(
  deps: AgencyDeps,
  actor: Actor,
  agencyId: string,
  page: PageQuery,
): Promise<PageOf<UnitView>> {
  const db = deps.database.db;
  const agency = await loadAgency(db, actor, 'agencies.list_units', agencyId);
  const { rows, total } = await repo.listUnitsPage(db, agency.id, page);
  return { items: rows.map((u) => unitView(actor, u)), ...page, total };
}

export async function createUnit(
  deps: AgencyDeps,
  actor: Actor,
  agencyId: string,
  input: CreateUnitInput,
): Promise<UnitView> {
  return deps.database.db.transaction(async (tx) => {
    // Lock the agency row: two admins adding units see each other's codes.
    const agency = await loadAgency(tx, actor, 'agencies.create_unit', agencyId, true);
    if (await repo.findUnitByCode(tx, agency.id, input.code)) throw codeTaken('unit');
    const unit = await uniqueCode('unit', () =>
      repo.insertUnit(tx, { ...input, province: input.province ?? null, agencyId: agency.id }),
    );
    await audit(tx, deps, actor, 'agencies.create_unit', 'unit', unit.id, {
      agencyId: agency.id,
      code: unit.code,
    });
    return unitView(actor, unit);
  });
}

export async function updateUnit(
  deps: AgencyDeps,
  actor: Actor,
  id: string,
  input: UpdateUnitInput,
): Promise<UnitView> {
  return deps.database.db.transaction(async (tx) => {
    const current = await repo.findUnitById(tx, id, { forUpdate: true });
    if (!current) throw AppError.notFound();
    authorize(actor, 'agencies.update_unit', unitResource(current));
    if (
      input.code !== undefined &&
      input.code !== current.code &&
      (await repo.findUnitByCode(tx, current.agencyId, input.code))
    )
      throw codeTaken('unit');
    const changes = definedOnly(input);
    const unit = await uniqueCode('unit', () => repo.updateUnit(tx, id, changes));
    await audit(tx, deps, actor, 'agencies.update_unit', 'unit', id, { fields: Object.keys(changes).sort() });
    return unitView(actor, unit);
  });
}

/** Load an agency and authorize the action on it; missing and not allowed answer the same 404. */
async function loadAgency(
  db: Executor,
  actor: Actor,
  action: string,
  id: string,
  forUpdate = false,
): Promise<repo.AgencyRow> {
  const agency = await repo.findAgencyById(db, id, { forUpdate });
  if (!agency) throw AppError.notFound();
  authorize(actor, action, agencyResource(agency));
  return agency;
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function codeTaken(what: 'agency' | 'unit'): AppError {
  const message =
    what === 'agency' ? 'Another agency has this code' : 'Another unit of this agency has this code';
  return new AppError('conflict', message, [{ path: 'body.code', message: 'already in use' }]);
}

/** The pre-check above names the field; a concurrent insert that wins the race still answers 409. */
async function uniqueCode<T>(what: 'agency' | 'unit', write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(what);
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

async function audit(
  tx: Executor,
  deps: AgencyDeps,
  actor: Actor,
  action: string,
  objectType: string,
  objectId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordActorAudit(tx, deps.clock, actor, {
    action,
    objectType,
    objectId,
    details,
  });
}
