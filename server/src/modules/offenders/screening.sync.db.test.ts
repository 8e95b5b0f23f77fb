import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { signal } from '../../../test/signal.ts';
import { systemClock } from '../../platform/clock.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { registerEntries } from './offenders.tables.ts';
import { ScreeningService } from './screening.service.ts';
import { addActiveEntry } from './screening.test-helpers.ts';

/**
 * The index's sync applies only what was written since it last read the register: entries created a
 * moment before the build are not re-read or re-indexed on every sync, while a real change — a
 * retirement, a new entry, a transaction that commits late with an old timestamp — reaches the next
 * check.
 */
describe('screening index sync', () => {
  let database: DatabaseHandle;
  let demo: DemoIndex;

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIndex(database);
  }, 60_000);
  afterAll(async () => database?.close());

  const addEntry = (reference: string, name: string) =>
    addActiveEntry(database.db, demo.byRole.unit_supervisor, reference, name);

  it('skips unchanged fresh rows on sync, applies changed and new ones', async () => {
    const first = await addEntry('REG-2026-S0001', 'Zebulon Fakeperson QUARTERMAINE');
    await addEntry('REG-2026-S0002', 'Ophelia Madeupname THISTLEWAITE');
    const service = new ScreeningService({ database, clock: systemClock }, { syncIntervalMs: 0 });
    const built = await service.warm();
    expect(built.delta).toBe(0);
    expect(built.base).toBeGreaterThanOrEqual(2);

    // Every entry (the demo's and these two) was written before the build read the register: the sync
    // re-applies none of the active ones the base holds. On PostgreSQL the oldest running transaction is
    // cluster-wide, so one still open in another database (a parallel test file) can make the sync
    // re-read rows written a moment before the build: at most the inactive ones are then applied.
    const [{ notActive }] = (await database.query<{ notActive: number }>(
      `SELECT count(*)::int AS "notActive" FROM register_entries WHERE status <> 'active'`,
    )) as [{ notActive: number }];
    service.noteChanged();
    const synced = await service.warm();
    expect(synced.base).toBe(built.base);
    expect(synced.delta).toBeLessThanOrEqual(notActive);
    if (database.engine === 'pglite') expect(synced.delta).toBe(0); // one connection: nothing held back
    const inactive = synced.delta;
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

  it('sees an entry whose transaction commits after a sync, stamped long before it (PostgreSQL)', async (t) => {
    if (database.engine !== 'postgres') t.skip(); // one connection: no transaction can stay open beside
    const service = new ScreeningService({ database, clock: systemClock }, { syncIntervalMs: 0 });
    await service.warm();
    const owner = demo.byRole.unit_supervisor;
    const longAgo = new Date(Date.now() - 3_600_000); // far outside any overlap window
    const [held, release] = signal();
    const [isWritten, written] = signal();
    const late = database.db.transaction(async (tx) => {
      await addActiveEntry(tx, owner, 'REG-2026-S0004', 'Cuthbert Latecommit WINTERBOURNE', longAgo);
      written();
      await held;
    });
    await isWritten;
    const record = { id: 'q', full_name: 'Cuthbert Latecommit Winterbourne', nationality: 'GB' };
    try {
      service.noteChanged();
      await service.warm(); // the writer is still open: nothing to see yet
      expect((await service.matcherAt({ review: 0.8, hit: 0.9 }))!(record)).toEqual([]);
    } finally {
      release();
      await late;
    }
    service.noteChanged();
    await service.warm();
    const after = (await service.matcherAt({ review: 0.8, hit: 0.9 }))!(record);
    expect(after.map((m) => m.kind)).toEqual(['entry']);
  }, 60_000);
});
