import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_AUDIT_EVENT, syntheticAuditEvents } from '../../test/audit-chain.ts';
import { createTestDatabase } from '../../test/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { publicKeyId } from '../platform/crypto/index.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';
import { AppError } from '../platform/errors.ts';
import { writeCheckpoint } from './audit.checkpointer.ts';
import { MemoryCheckpointSink } from './audit.checkpoints.ts';
import { AuditGroupWriter } from './audit.group.ts';
import { verifyAuditLog } from './audit.verify.ts';
import { recordAudit } from './audit.writer.ts';

/**
 * Group commit: concurrent events are written in few transactions, every caller gets its own
 * position only after the commit, the chain is the one `recordAudit` would write, and a failed group
 * refuses every waiting caller (none is told "recorded" for an event that is not there).
 */
describe('AuditGroupWriter', () => {
  let db: DatabaseHandle;
  let reference: DatabaseHandle;
  let fresh: DatabaseHandle;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = { signingKey: privateKey, verifyKey: publicKey, keyId: publicKeyId(publicKey) };
  const clock = new ManualClock(new Date('2026-11-28T08:00:00Z'));

  beforeAll(async () => {
    [db, reference, fresh] = await Promise.all([
      createTestDatabase(),
      createTestDatabase(),
      createTestDatabase(),
    ]);
  }, 60_000);
  afterAll(async () => Promise.all([db?.close(), reference?.close(), fresh?.close()]));

  const rows = (h: DatabaseHandle) =>
    h.query<{ position: string; prev: string; hash: string; details: unknown }>(
      `SELECT position, encode(prev_hash, 'hex') AS prev, encode(hash, 'hex') AS hash, details, at, actor_id,
              agency_id, action, object_type, object_id, outcome, ip, request_id, justification
       FROM audit_log ORDER BY position`,
    );
  const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n;

  it.each([
    { pipeline: false, gatherMs: 0, seed: 11 },
    { pipeline: true, gatherMs: 0, seed: 12 },
    { pipeline: false, gatherMs: 2, seed: 13 },
  ])(
    'writes N concurrent events in fewer transactions, each answered with its position, chain verifies (pipeline $pipeline, gather $gatherMs ms)',
    async ({ pipeline, gatherMs, seed }) => {
      const start = await count();
      const writer = new AuditGroupWriter(db.db, { pipeline, gatherMs });
      const events = [...syntheticAuditEvents(60, seed)];
      // Interleaved with ordinary single-event transactions, as other modules write meanwhile.
      const [positions] = await Promise.all([
        Promise.all(events.map((e) => writer.record(e))),
        recordAudit(db.db, { at: clock.now(), action: 'login', objectType: 'session', outcome: 'success' }),
      ]);
      expect(new Set(positions).size).toBe(60);
      expect(await count()).toBe(start + 61);
      expect(writer.stats.events).toBe(60);
      expect(writer.stats.groups).toBeGreaterThanOrEqual(1);
      expect(writer.stats.groups).toBeLessThan(60);
      // Each caller's position holds its own event.
      const stored = await db.query<{ position: string; action: string; object_id: string | null }>(
        'SELECT position, action, object_id FROM audit_log ORDER BY position',
      );
      const byPosition = new Map(stored.map((r) => [Number(r.position), r]));
      events.forEach((e, i) => {
        expect(byPosition.get(positions[i]!)).toMatchObject({
          action: e.action,
          object_id: e.objectId ?? null,
        });
      });

      const sink = new MemoryCheckpointSink();
      await writeCheckpoint(db.db, sink, signer, clock);
      expect(await verifyAuditLog(db.db, sink, signer.verifyKey)).toMatchObject({
        status: 'ok',
        events: start + 61,
        firstBadPosition: null,
      });
    },
  );

  it('stores the rows recordAudit would, in arrival order', async () => {
    const awkward = AWKWARD_AUDIT_EVENT;
    const events = [...syntheticAuditEvents(20, 5), awkward];
    for (const e of events) await recordAudit(reference.db, e);
    const writer = new AuditGroupWriter(fresh.db, { maxEvents: 7 });
    expect(await Promise.all(events.map((e) => writer.record(e)))).toEqual(events.map((_, i) => i + 1));
    expect(writer.stats.groups).toBeGreaterThanOrEqual(3); // 21 events, at most 7 per group
    expect(await rows(fresh)).toEqual(await rows(reference));
  });

  it('refuses every waiting caller with a clear error when the group cannot be written, then recovers', async () => {
    const before = await count();
    const writer = new AuditGroupWriter(db.db);
    await db.query(`CREATE FUNCTION ag_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable'; END; $$`);
    await db.query(
      'CREATE TRIGGER ag_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION ag_refuse()',
    );
    let outcomes: PromiseSettledResult<number>[];
    try {
      outcomes = await Promise.allSettled([...syntheticAuditEvents(12, 6)].map((e) => writer.record(e)));
    } finally {
      await db.query('DROP TRIGGER ag_refuse ON audit_log');
      await db.query('DROP FUNCTION ag_refuse()');
    }
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    for (const o of outcomes) {
      const err = (o as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'unavailable' });
      expect(err.message).toMatch(/audit log could not be written/);
      // The database's own text (which could quote a row) is not passed on.
      expect(err.message).not.toMatch(/audit store unavailable/);
    }
    expect(await count()).toBe(before);

    // The next group is written normally.
    const again = await Promise.all([...syntheticAuditEvents(3, 7)].map((e) => writer.record(e)));
    expect(again).toEqual([before + 1, before + 2, before + 3]);
  });
});
