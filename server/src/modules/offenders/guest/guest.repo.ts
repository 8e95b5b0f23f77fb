import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { establishments, guestImports, screeningHits } from '../offenders.tables.ts';

/** SQL of guest registers: establishments, imports, and the hits of an import. */
export type EstablishmentRow = typeof establishments.$inferSelect;
export type GuestImportRow = typeof guestImports.$inferSelect;
export type NewGuestImport = typeof guestImports.$inferInsert;

/**
 * The key an establishment is known by within a province: case, accents, punctuation and spacing do
 * not make another hotel ("Golden Lotus Guesthouse" = "GOLDEN LOTUS  GUEST-HOUSE" is not assumed, but
 * "Golden Lotus Guesthouse." is).
 */
export function establishmentKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The establishment for (name key, province), created when new. The table has no unique index on the
 * pair, so a transaction-scoped advisory lock on the pair keeps two imports from creating it twice.
 */
export async function upsertEstablishment(
  db: Executor,
  name: string,
  province: string,
): Promise<EstablishmentRow> {
  const nameKey = establishmentKey(name);
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`establishment:${province}:${nameKey}`}))`);
  const found = await db
    .select()
    .from(establishments)
    .where(and(eq(establishments.nameKey, nameKey), eq(establishments.province, province)))
    .limit(1);
  if (found[0]) return found[0];
  const rows = await db.insert(establishments).values({ name, nameKey, province }).returning();
  return rows[0]!;
}

export async function insertGuestImport(db: Executor, row: NewGuestImport): Promise<GuestImportRow> {
  const rows = await db.insert(guestImports).values(row).returning();
  return rows[0]!;
}

export async function updateGuestImport(
  db: Executor,
  id: string,
  changes: Partial<Pick<GuestImportRow, 'rows' | 'screened' | 'hits' | 'rejects'>>,
): Promise<void> {
  await db.update(guestImports).set(changes).where(eq(guestImports.id, id));
}

export async function findGuestImport(db: Executor, id: string): Promise<GuestImportRow | undefined> {
  const rows = await db.select().from(guestImports).where(eq(guestImports.id, id)).limit(1);
  return rows[0];
}

export async function listGuestImports(
  db: Executor,
  agencyId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: GuestImportRow[]; total: number }> {
  const rows = await db
    .select()
    .from(guestImports)
    .where(eq(guestImports.agencyId, agencyId))
    .orderBy(desc(guestImports.createdAt), desc(guestImports.id))
    .limit(page.limit)
    .offset(page.offset);
  const count = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(guestImports)
    .where(eq(guestImports.agencyId, agencyId));
  return { rows, total: Number(count[0]?.n ?? 0) };
}

export interface GuestHitRow {
  id: string;
  decision: string;
  score: number;
  reasons: unknown;
  screened: unknown;
  establishmentName: string | null;
  province: string | null;
}

export async function hitsOfImport(db: Executor, importId: string): Promise<GuestHitRow[]> {
  return db
    .select({
      id: screeningHits.id,
      decision: screeningHits.decision,
      score: screeningHits.score,
      reasons: screeningHits.reasons,
      screened: screeningHits.screened,
      establishmentName: establishments.name,
      province: establishments.province,
    })
    .from(screeningHits)
    .leftJoin(establishments, eq(establishments.id, screeningHits.establishmentId))
    .where(eq(screeningHits.guestImportId, importId))
    .orderBy(desc(screeningHits.score));
}
