import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import { signal } from '../../test/signal.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';
import {
  appendAuditEvents,
  canonicalAuditEvent,
  chainHash,
  GENESIS_HASH,
  recordAudit,
} from './audit.writer.ts';

describe('audit writer', () => {
  let db: DatabaseHandle;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.close());

  const event = (action: string) => ({
    at: new Date('2026-11-28T08:00:00.123Z'),
    action,
    objectType: 'probe',
    objectId: 'x1',
    outcome: 'success' as const,
  });

  it('chains events: gap-free positions, each hash over the previous one', async () => {
    await db.db.transaction(async (tx) => {
      await recordAudit(tx, event('create'));
      await recordAudit(tx, event('read'));
    });
    const rows = await db.query<{ position: string; prev_hash: Buffer; hash: Buffer }>(
      'SELECT position, prev_hash, hash FROM audit_log ORDER BY position',
    );
    expect(rows.map((r) => Number(r.position))).toEqual([1, 2]);
    expect(Buffer.from(rows[0]!.prev_hash)).toEqual(GENESIS_HASH);
    expect(Buffer.from(rows[0]!.hash)).toEqual(
      chainHash(GENESIS_HASH, canonicalAuditEvent(1, event('create'))),
    );
    expect(Buffer.from(rows[1]!.prev_hash)).toEqual(Buffer.from(rows[0]!.hash));
  });

  it('a writer waiting for the lock sees the event committed before it was granted (PostgreSQL)', async (t) => {
    if (db.engine !== 'postgres') t.skip(); // one connection: no second writer can wait
    const head = async () =>
      Number((await db.query<{ n: string }>('SELECT max(position) AS n FROM audit_log'))[0]!.n);
    const before = await head();
    const [mayCommit, commit] = signal();
    const [isAppended, appended] = signal();
    // A holds the lock with an uncommitted event; B's single statement starts (and takes the snapshot
    // of its call) while A still holds it. B must chain onto A's event once A commits, not onto the
    // head its call started with (that would be a duplicate position, refused).
    const a = db.db.transaction(async (tx) => {
      await recordAudit(tx, event('create'));
      appended();
      await mayCommit;
    });
    await isAppended;
    const b = appendAuditEvents(db.db, [event('read'), event('read')]);
    await new Promise((r) => setTimeout(r, 100));
    commit();
    await a;
    expect(await b).toEqual([before + 2, before + 3]);
    const rows = await db.query<{ prev: Buffer; hash: Buffer }>(
      'SELECT prev_hash AS prev, hash FROM audit_log WHERE position > $1 ORDER BY position',
      [before],
    );
    expect(Buffer.from(rows[1]!.prev)).toEqual(Buffer.from(rows[0]!.hash));
    expect(Buffer.from(rows[2]!.prev)).toEqual(Buffer.from(rows[1]!.hash));
  });

  it('rolls back with the business transaction', async () => {
    const count = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n;
    const before = await count();
    await expect(
      db.db.transaction(async (tx) => {
        await recordAudit(tx, event('update'));
        throw new Error('business failure');
      }),
    ).rejects.toThrow('business failure');
    expect(await count()).toBe(before);
  });

  it('refuses UPDATE and DELETE at the database', async () => {
    const reason = (err: unknown) => String((err as { cause?: Error }).cause?.message ?? err);
    for (const statement of [sql`UPDATE audit_log SET action = 'x'`, sql`DELETE FROM audit_log`]) {
      const err = await db.db.execute(statement).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(reason(err)).toMatch(/append-only/);
    }
  });
});
