import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkAppendAudit, rechainAuditFrom, syntheticAuditEvents } from '../../test/audit-chain.ts';
import { createTestDatabase } from '../../test/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { publicKeyId } from '../platform/crypto/index.ts';
import type { DatabaseHandle, Executor } from '../platform/db/index.ts';
import { writeCheckpoint } from './audit.checkpointer.ts';
import { MemoryCheckpointSink } from './audit.checkpoints.ts';
import { verifyAuditLog } from './audit.verify.ts';

/**
 * SECURITY.md 34: random tampering with SQL — updates of any column, deletes, inserts, reorderings,
 * tail truncations, and a consistent re-chaining of history — is detected 100% by `verifyAuditLog`.
 * A 50-event chain with a signed checkpoint at its head; every mutation runs inside one transaction
 * (append-only trigger disabled there, as the table owner could) under a SAVEPOINT rolled back after.
 */
const N = 50;
const RUNS = 1_000;

const TEXT_COLUMNS = ['action', 'object_type', 'object_id', 'outcome', 'ip', 'request_id', 'justification'];
const UUID_COLUMNS = ['actor_id', 'agency_id'];

type Mutation =
  | { kind: 'update_text'; p: number; column: string; value: string }
  | { kind: 'update_uuid'; p: number; column: string }
  | { kind: 'update_at'; p: number; ms: number }
  | { kind: 'update_details'; p: number; n: number }
  | { kind: 'flip_hash'; p: number; column: 'hash' | 'prev_hash'; byte: number; mask: number }
  | { kind: 'renumber'; p: number; to: number }
  | { kind: 'delete'; p: number; count: number }
  | { kind: 'insert'; at: number; copyOf: number }
  | { kind: 'insert_shifted'; at: number; copyOf: number }
  | { kind: 'swap'; p: number; q: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'rechain'; p: number; value: string };

const pos = fc.integer({ min: 1, max: N });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('update_text' as const),
    p: pos,
    column: fc.constantFrom(...TEXT_COLUMNS),
    value: fc.string({ maxLength: 12 }),
  }),
  fc.record({ kind: fc.constant('update_uuid' as const), p: pos, column: fc.constantFrom(...UUID_COLUMNS) }),
  fc.record({
    kind: fc.constant('update_at' as const),
    p: pos,
    ms: fc.integer({ min: -86_400_000, max: 86_400_000 }).filter((n) => n !== 0),
  }),
  fc.record({ kind: fc.constant('update_details' as const), p: pos, n: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({
    kind: fc.constant('flip_hash' as const),
    p: pos,
    column: fc.constantFrom('hash' as const, 'prev_hash' as const),
    byte: fc.integer({ min: 0, max: 31 }),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant('renumber' as const), p: pos, to: fc.integer({ min: -5, max: N + 5 }) }),
  fc.record({ kind: fc.constant('delete' as const), p: pos, count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.integer({ min: -2, max: N + 3 }), copyOf: pos }),
  fc.record({ kind: fc.constant('insert_shifted' as const), at: pos, copyOf: pos }),
  fc.record({ kind: fc.constant('swap' as const), p: pos, q: pos }).filter((m) => m.p !== m.q),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.integer({ min: 0, max: N - 1 }) }),
  fc.record({
    kind: fc.constant('rechain' as const),
    p: pos,
    value: fc.string({ minLength: 1, maxLength: 8 }),
  }),
);

const COPY = sql.raw(
  'at, actor_id, agency_id, action, object_type, object_id, outcome, ip, request_id, justification, details, prev_hash, hash',
);

async function apply(tx: Executor, m: Mutation): Promise<void> {
  switch (m.kind) {
    case 'update_text': {
      const col = sql.identifier(m.column);
      // Always a different value (an UPDATE to the same value is no tampering).
      await tx.execute(sql`UPDATE audit_log SET ${col} = CASE WHEN ${col} IS NOT DISTINCT FROM ${m.value}
        THEN ${m.value} || 'x' ELSE ${m.value} END WHERE position = ${m.p}`);
      return;
    }
    case 'update_uuid': {
      const col = sql.identifier(m.column);
      await tx.execute(sql`UPDATE audit_log SET ${col} = gen_random_uuid() WHERE position = ${m.p}`);
      return;
    }
    case 'update_at':
      await tx.execute(
        sql`UPDATE audit_log SET at = at + ${m.ms} * interval '1 millisecond' WHERE position = ${m.p}`,
      );
      return;
    case 'update_details':
      await tx.execute(sql`UPDATE audit_log SET details = CASE WHEN details IS NULL
        THEN jsonb_build_object('n', ${m.n}::int) ELSE NULL END WHERE position = ${m.p}`);
      return;
    case 'flip_hash': {
      const col = sql.identifier(m.column);
      await tx.execute(sql`UPDATE audit_log SET ${col} = set_byte(${col}, ${m.byte}, get_byte(${col}, ${m.byte}) # ${m.mask})
        WHERE position = ${m.p}`);
      return;
    }
    case 'renumber': {
      const target = m.to === m.p || (m.to >= 1 && m.to <= N) ? N + 7 : m.to;
      await tx.execute(sql`UPDATE audit_log SET position = ${target} WHERE position = ${m.p}`);
      return;
    }
    case 'delete':
      await tx.execute(sql`DELETE FROM audit_log WHERE position >= ${m.p} AND position < ${m.p + m.count}`);
      return;
    case 'insert': {
      // A forged event at a free position (outside 1..N), copied from a real one: not a valid append.
      const at = m.at >= 1 && m.at <= N ? N + 1 + (m.at % 3) : m.at;
      await tx.execute(sql`INSERT INTO audit_log (position, ${COPY})
        SELECT ${at}, ${COPY} FROM audit_log WHERE position = ${m.copyOf}`);
      return;
    }
    case 'insert_shifted':
      // Make room at `at` by moving every later event up one, then slip a copied event in.
      await tx.execute(sql`UPDATE audit_log SET position = position + 1000 WHERE position >= ${m.at}`);
      await tx.execute(sql`UPDATE audit_log SET position = position - 999 WHERE position >= 1000`);
      await tx.execute(sql`INSERT INTO audit_log (position, ${COPY})
        SELECT ${m.at}, ${COPY} FROM audit_log WHERE position = ${m.copyOf >= m.at ? m.copyOf + 1 : m.copyOf}`);
      return;
    case 'swap':
      await tx.execute(sql`UPDATE audit_log SET position = -100 WHERE position = ${m.p}`);
      await tx.execute(sql`UPDATE audit_log SET position = ${m.p} WHERE position = ${m.q}`);
      await tx.execute(sql`UPDATE audit_log SET position = ${m.q} WHERE position = -100`);
      return;
    case 'truncate':
      await tx.execute(sql`DELETE FROM audit_log WHERE position > ${m.keep}`);
      return;
    case 'rechain':
      await tx.execute(sql`UPDATE audit_log SET action = action || ${m.value} WHERE position = ${m.p}`);
      await rechainAuditFrom(tx, m.p);
      return;
  }
}

/** Where verify must point for mutations whose first bad event is known exactly. */
function expectedFirstBad(m: Mutation): number | undefined {
  switch (m.kind) {
    case 'update_text':
    case 'update_uuid':
    case 'update_at':
    case 'update_details':
    case 'flip_hash':
    case 'delete':
      return m.p;
    case 'renumber':
      // Moved below 1, it is met first: "an event numbered -3 stands where 1 was expected".
      return m.to < 1 ? 1 : m.p;
    case 'swap':
      return Math.min(m.p, m.q);
    case 'truncate':
      return m.keep + 1;
    case 'insert_shifted':
      // A copy of the very event it displaces verifies in its place; the displaced one then does not.
      return m.copyOf === m.at ? m.at + 1 : m.at;
    default:
      return undefined;
  }
}

describe('audit tamper detection (property)', () => {
  let db: DatabaseHandle;
  const sink = new MemoryCheckpointSink();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  beforeAll(async () => {
    db = await createTestDatabase();
    await bulkAppendAudit(db.db, syntheticAuditEvents(N, 11));
    const signer = { signingKey: privateKey, verifyKey: publicKey, keyId: publicKeyId(publicKey) };
    await writeCheckpoint(db.db, sink, signer, new ManualClock());
  });
  afterAll(async () => db.close());

  it(`detects ${RUNS} random mutations, 100%`, async () => {
    expect((await verifyAuditLog(db.db, sink, publicKey)).status).toBe('ok');
    const seen = new Map<string, number>();
    let missed = 0;
    await db.db
      .transaction(async (tx) => {
        await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
        await fc.assert(
          // Batch size and concurrency vary too: gaps and moved events land on batch edges.
          fc.asyncProperty(
            mutation,
            fc.integer({ min: 5, max: 60 }),
            fc.integer({ min: 1, max: 3 }),
            async (m, batchSize, concurrency) => {
              seen.set(m.kind, (seen.get(m.kind) ?? 0) + 1);
              await tx.execute(sql`SAVEPOINT mutation`);
              try {
                await apply(tx, m);
                const r = await verifyAuditLog(tx, sink, publicKey, { batchSize, concurrency });
                if (r.status !== 'tampered') missed++;
                expect(r.status, JSON.stringify(m)).toBe('tampered');
                const bad = expectedFirstBad(m);
                if (bad !== undefined) expect(r.firstBadPosition, JSON.stringify(m)).toBe(bad);
              } finally {
                await tx.execute(sql`ROLLBACK TO SAVEPOINT mutation`);
              }
            },
          ),
          { numRuns: RUNS, seed: 20261128, endOnFailure: true },
        );
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
    expect(missed).toBe(0);
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(RUNS);
    expect(seen.size).toBe(12);
    // The untouched log still verifies after all of it.
    expect((await verifyAuditLog(db.db, sink, publicKey)).status).toBe('ok');
  }, 120_000);
});
