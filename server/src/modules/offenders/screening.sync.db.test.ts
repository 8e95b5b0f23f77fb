import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { systemClock } from '../../platform/clock.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { registerEntries, registerNames } from './offenders.tables.ts';
import { ScreeningService } from './screening.service.ts';

/**
 * The index's sync applies only rows whose version it does not hold: entries created a moment ago
 * (inside the overlap window) are re-read but not re-indexed on every sync, while a real change —
 * a retirement, a new entry — still reaches the very next check.
 */
describe('screening index sync', () => {
  let database: DatabaseHandle;
  let demo: DemoIndex;

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIndex(database);
  }, 60_000);
  afterAll(async () => database?.close());

  async function addEntry(reference: string, name: string): Promise<string> {
    const owner = demo.byRole.unit_supervisor;
    const [entry] = await database.db
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
        activatedAt: new Date(),
      })
      .returning();
    await database.db.insert(registerNames).values({ entryId: entry!.id, name, isPrimary: true });
    return entry!.id;
  }

  it('skips unchanged fresh rows on sync, applies changed and new ones', async () => {
    const first = await addEntry('REG-2026-S0001', 'Zebulon Fakeperson QUARTERMAINE');
    await addEntry('REG-2026-S0002', 'Ophelia Madeupname THISTLEWAITE');
    const service = new ScreeningService({ database, clock: systemClock }, { syncIntervalMs: 0 });
    const built = await service.warm();
    expect(built.delta).toBe(0);
    expect(built.base).toBeGreaterThanOrEqual(2);

    // Every entry (the demo's and these two) is inside the overlap window: re-read, but only those the
    // build did not load (not active, so not in the base) are new to the index; the active ones are held.
    const [{ inactive }] = (await database.query<{ inactive: number }>(
      "SELECT count(*)::int AS inactive FROM register_entries WHERE status <> 'active'",
    )) as [{ inactive: number }];
    service.noteChanged();
    const synced = await service.warm();
    expect(synced).toEqual({ base: built.base, delta: inactive });
    expect(service.stats.syncs).toBe(1);

    // A removal (a new version) and a new entry reach the index at the next sync.
    await database.db
      .update(registerEntries)
      .set({ status: 'removed', updatedAt: new Date(Date.now() + 1) })
      .where(eq(registerEntries.id, first));
    await addEntry('REG-2026-S0003', 'Barnaby Inventedname COLDHARBOUR');
    service.noteChanged();
    expect(await service.warm()).toEqual({ base: built.base, delta: inactive + 2 });
    const match = await service.matcherAt({ review: 0.8, hit: 0.9 });
    expect(match).not.toBeNull();
    const record = (name: string) => ({ id: 'q', full_name: name, nationality: 'GB' });
    expect(match!(record('Zebulon Fakeperson Quartermaine'))).toEqual([]);
    expect(match!(record('Barnaby Inventedname Coldharbour')).map((m) => m.kind)).toEqual(['entry']);

    // Nothing changed since: the next sync applies nothing more.
    service.noteChanged();
    expect(await service.warm()).toEqual({ base: built.base, delta: inactive + 2 });
  }, 60_000);
});
