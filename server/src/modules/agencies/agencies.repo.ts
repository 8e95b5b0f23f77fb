import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { agencies, units } from './agencies.tables.ts';

export type AgencyRow = typeof agencies.$inferSelect;
export type NewAgency = typeof agencies.$inferInsert;
export type UnitRow = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;

export async function findAgencyByCode(db: Executor, code: string): Promise<AgencyRow | undefined> {
  const rows = await db.select().from(agencies).where(eq(agencies.code, code)).limit(1);
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

export async function listUnitsOfAgency(db: Executor, agencyId: string): Promise<UnitRow[]> {
  return db.select().from(units).where(eq(units.agencyId, agencyId)).orderBy(units.code);
}
