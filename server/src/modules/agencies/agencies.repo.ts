import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { agencies, units } from './agencies.tables.ts';

export type AgencyRow = typeof agencies.$inferSelect;
export type NewAgency = typeof agencies.$inferInsert;
export type UnitRow = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;
export type AgencyChanges = Partial<Pick<AgencyRow, 'code' | 'nameEn' | 'nameKm' | 'country'>>;
export type UnitChanges = Partial<Pick<UnitRow, 'code' | 'nameEn' | 'nameKm' | 'province' | 'isSpecialist'>>;

export interface Page {
  limit: number;
  offset: number;
}

export async function findAgencyByCode(db: Executor, code: string): Promise<AgencyRow | undefined> {
  const rows = await db.select().from(agencies).where(eq(agencies.code, code)).limit(1);
  return rows[0];
}

export async function findAgencyById(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AgencyRow | undefined> {
  const query = db.select().from(agencies).where(eq(agencies.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0];
}

/** Insert the agency, or update its names and type when the code exists; returns the row. */
export async function upsertAgencyByCode(db: Executor, agency: NewAgency): Promise<AgencyRow> {
  const rows = await db
    .insert(agencies)
    .values(agency)
    .onConflictDoUpdate({
      target: agencies.code,
      set: { nameEn: agency.nameEn, nameKm: agency.nameKm, type: agency.type, country: agency.country },
    })
    .returning();
  return rows[0]!;
}

export async function insertAgency(db: Executor, agency: NewAgency): Promise<AgencyRow> {
  const rows = await db.insert(agencies).values(agency).returning();
  return rows[0]!;
}

export async function updateAgency(db: Executor, id: string, changes: AgencyChanges): Promise<AgencyRow> {
  const rows = await db.update(agencies).set(changes).where(eq(agencies.id, id)).returning();
  return rows[0]!;
}

export async function upsertUnitByCode(db: Executor, unit: NewUnit): Promise<UnitRow> {
  const rows = await db
    .insert(units)
    .values(unit)
    .onConflictDoUpdate({
      target: [units.agencyId, units.code],
      set: {
        nameEn: unit.nameEn,
        nameKm: unit.nameKm,
        province: unit.province,
        isSpecialist: unit.isSpecialist,
      },
    })
    .returning();
  return rows[0]!;
}

export async function listAgencies(db: Executor): Promise<AgencyRow[]> {
  return db.select().from(agencies).orderBy(agencies.code);
}

/** One page of agencies ordered by code; `onlyId` narrows to one agency (the actor's own). */
export async function listAgenciesPage(
  db: Executor,
  page: Page,
  onlyId?: string,
): Promise<{ rows: AgencyRow[]; total: number }> {
  const where = onlyId === undefined ? undefined : eq(agencies.id, onlyId);
  const rows = await db
    .select()
    .from(agencies)
    .where(where)
    .orderBy(agencies.code)
    .limit(page.limit)
    .offset(page.offset);
  const count = await db.select({ n: sql<number>`count(*)::int` }).from(agencies).where(where);
  return { rows, total: count[0]?.n ?? 0 };
}

export async function listUnitsOfAgency(db: Executor, agencyId: string): Promise<UnitRow[]> {
  return db.select().from(units).where(eq(units.agencyId, agencyId)).orderBy(units.code);
}

export async function listUnitsPage(
  db: Executor,
  agencyId: string,
  page: Page,
): Promise<{ rows: UnitRow[]; total: number }> {
  const where = eq(units.agencyId, agencyId);
  const rows = await db
    .select()
    .from(units)
    .where(where)
    .orderBy(units.code)
    .limit(page.limit)
    .offset(page.offset);
  const count = await db.select({ n: sql<number>`count(*)::int` }).from(units).where(where);
  return { rows, total: count[0]?.n ?? 0 };
}

export async function findUnitById(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<UnitRow | undefined> {
  const query = db.select().from(units).where(eq(units.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0];
}

export async function findUnitByCode(
  db: Executor,
  agencyId: string,
  code: string,
): Promise<UnitRow | undefined> {
  const rows = await db
    .select()
    .from(units)
    .where(and(eq(units.agencyId, agencyId), eq(units.code, code)))
    .limit(1);
  return rows[0];
}

export async function insertUnit(db: Executor, unit: NewUnit): Promise<UnitRow> {
  const rows = await db.insert(units).values(unit).returning();
  return rows[0]!;
}

export async function updateUnit(db: Executor, id: string, changes: UnitChanges): Promise<UnitRow> {
  const rows = await db.update(units).set(changes).where(eq(units.id, id)).returning();
  return rows[0]!;
}
