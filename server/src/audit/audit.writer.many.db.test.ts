import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_AUDIT_EVENT, syntheticAuditEvents } from '../../test/audit-chain.ts';
import { createTestDatabase } from '../../test/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { publicKeyId } from '../platform/crypto/index.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';
import { writeCheckpoint } from './audit.checkpointer.ts';
import { MemoryCheckpointSink } from './audit.checkpoints.ts';
import { verifyAuditLog } from './audit.verify.ts';
import { recordAudit, recordAuditMany } from './audit.writer.ts';

/**
 * `recordAuditMany` writes the chain `recordAudit` would: the same events through either writer give
 * byte-identical rows (positions, hashes), and the verifier accepts a log mixing both.
 */
describe('recordAuditMany', () => {
  let one: DatabaseHandle;
  let many: DatabaseHandle;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = { signingKey: privateKey, verifyKey: publicKey, keyId: publicKeyId(publicKey) };
  const clock = new ManualClock(new Date('2026-11-28T08:00:00Z'));

  beforeAll(async () => {
    [one, many] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  }, 60_000);
  afterAll(async () => Promise.all([one?.close(), many?.close()]));

  const awkward = AWKWARD_AUDIT_EVENT;
  const rows = (db: DatabaseHandle) =>
    db.query<{ position: string; prev: string; hash: string; details: unknown }>(
      `SELECT position, encode(prev_hash, 'hex') AS prev, encode(hash, 'hex') AS hash, details
       FROM audit_log ORDER BY position`,
    );

  it('gives the same rows as recordAudit one by one, and the log verifies', async () => {
    const first = [...syntheticAuditEvents(40, 3)];
    const second = [...syntheticAuditEvents(25, 4), awkward];
    await one.db.transaction(async (tx) => {
      for (const e of first) await recordAudit(tx, e);
    });
    await one.db.transaction(async (tx) => {
      for (const e of second) await recordAudit(tx, e);
    });
    await many.db.transaction(async (tx) => {
      expect(await recordAuditMany(tx, first)).toEqual(first.map((_, i) => i + 1));
    });
    await many.db.transaction(async (tx) => {
      expect(await recordAuditMany(tx, [])).toEqual([]);
      expect(await recordAuditMany(tx, second)).toEqual(second.map((_, i) => first.length + i + 1));
    });
    const expected = await rows(one);
    expect(expected).toHaveLength(66);
    expect(await rows(many)).toEqual(expected);

    // Single events after a batch chain on from the batch's head.
    await recordAudit(many.db, {
      at: clock.now(),
      action: 'login',
      objectType: 'session',
      outcome: 'success',
    });
    const sink = new MemoryCheckpointSink();
    await writeCheckpoint(many.db, sink, signer, clock);
    const verified = await verifyAuditLog(many.db, sink, signer.verifyKey);
    expect(verified).toMatchObject({ status: 'ok', events: 67, firstBadPosition: null });
  });

  it('rolls back with the business transaction', async () => {
    await expect(
      many.db.transaction(async (tx) => {
        await recordAuditMany(tx, [...syntheticAuditEvents(3, 9)]);
        throw new Error('business failure');
      }),
    ).rejects.toThrow('business failure');
    expect(await rows(many)).toHaveLength(67);
  });
});
