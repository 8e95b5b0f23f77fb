import type { Executor } from '../../platform/db/index.ts';
import { registerEntries, registerNames } from './offenders.tables.ts';

/**
 * An active register entry with one primary name, written straight to the tables (the screening tests
 * test the index and the check, not the four-eyes activation). `at` stamps it (default: now) — the
 * late-commit test stamps it an hour back. Returns its id.
 */
export async function addActiveEntry(
  db: Executor,
  owner: { agencyId: string; unitId: string | null },
  reference: string,
  name: string,
  at?: Date,
): Promise<string> {
  const [entry] = await db
    .insert(registerEntries)
    .values({
      reference,
      agencyId: owner.agencyId,
      unitId: owner.unitId,
      status: 'active',
      basis: 'deported',
      nationalities: ['GB'],
      legalBasis: 'Synthetic legal basis',
      riskLevel: 'high',
      instructions: 'Synthetic: call the duty officer',
      activatedAt: at ?? new Date(),
      ...(at ? { createdAt: at, updatedAt: at } : {}),
    })
    .returning();
  await db.insert(registerNames).values({ entryId: entry!.id, name, isPrimary: true });
  return entry!.id;
}
