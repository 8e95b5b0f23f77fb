import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AWKWARD_AUDIT_EVENT,
  bulkAppendAudit,
  rechainAuditFrom,
  syntheticAuditEvents,
} from '../../test/audit-chain.ts';
import { createTestDatabase } from '../../test/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { publicKeyId } from '../platform/crypto/index.ts';
import type { DatabaseHandle, Executor } from '../platform/db/index.ts';
import { AuditCheckpointer, writeCheckpoint } from './audit.checkpointer.ts';
import { FileCheckpointSink } from './audit.checkpoints.ts';
import { verifyAuditLog } from './audit.verify.ts';
import { recordAudit } from './audit.writer.ts';

const keypair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signingKey: privateKey, verifyKey: publicKey, keyId: publicKeyId(publicKey) };
};

/** Run `fn` in a transaction that is always rolled back: tampering never outlives the test. */
async function tampered<T>(db: DatabaseHandle, fn: (tx: Executor) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db.db
    .transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      out = await fn(tx);
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  return out as T;
}

describe('audit verify', () => {
  let db: DatabaseHandle;
  let dir: string;
  const clock = new ManualClock(new Date('2026-11-28T08:00:00Z'));
  const signer = keypair();
  let sink: FileCheckpointSink;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-audit-'));
    sink = new FileCheckpointSink(path.join(dir, 'checkpoints.jsonl'));
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says so on an empty log, and a missing checkpoint file is not a crash', async () => {
    const r = await verifyAuditLog(db.db, path.join(dir, 'none.jsonl'), signer.verifyKey);
    expect(r).toMatchObject({ status: 'empty', events: 0, firstBadPosition: null });
    expect(r.message).toMatch(/no events yet/);
  });

  it('verifies bulk and written events across batches, and reports an unanchored chain', async () => {
    const head = await bulkAppendAudit(db.db, syntheticAuditEvents(1_200, 7));
    await db.db.transaction(async (tx) => {
      await recordAudit(tx, AWKWARD_AUDIT_EVENT);
    });
    expect(head.position).toBe(1_200);
    const unanchored = await verifyAuditLog(db.db, sink, signer.verifyKey, { batchSize: 700 });
    expect(unanchored).toMatchObject({ status: 'unanchored', events: 1_201 });
    expect(unanchored.message).toMatch(/No checkpoint file/);

    const written = await writeCheckpoint(db.db, sink, signer, clock);
    expect(written.written?.position).toBe(1_201);
    await recordAudit(db.db, { at: clock.now(), action: 'login', objectType: 'session', outcome: 'success' });
    const ok = await verifyAuditLog(db.db, sink, signer.verifyKey, { batchSize: 700 });
    expect(ok).toMatchObject({ status: 'ok', events: 1_202, checkpoints: 1, unanchoredTail: 1 });
    expect(ok.head?.position).toBe(1_202);
  });

  it('names a checkpoint signed by another key, and an altered checkpoint line', async () => {
    const other = keypair();
    const r = await verifyAuditLog(db.db, sink, other.verifyKey);
    expect(r).toMatchObject({ status: 'tampered', problem: 'foreign_key' });
    expect(r.message).toMatch(/signed by another key/);

    const lines = fs.readFileSync(sink.file, 'utf8');
    const forged = new FileCheckpointSink(path.join(dir, 'forged.jsonl'));
    fs.writeFileSync(forged.file, lines.replace(/"position":\d+/, '"position":7'));
    expect(await verifyAuditLog(db.db, forged, signer.verifyKey)).toMatchObject({ problem: 'bad_signature' });
    fs.writeFileSync(forged.file, 'not json\n');
    expect(await verifyAuditLog(db.db, forged, signer.verifyKey)).toMatchObject({ problem: 'malformed' });
  });

  it('detects a cut-off tail, an emptied log and a consistently rewritten history', async () => {
    await writeCheckpoint(db.db, sink, signer, clock);
    const cut = await tampered(db, async (tx) => {
      await tx.execute(sql`DELETE FROM audit_log WHERE position > 1100`);
      return verifyAuditLog(tx, sink, signer.verifyKey);
    });
    expect(cut).toMatchObject({ status: 'tampered', problem: 'truncated', firstBadPosition: 1101 });

    const emptied = await tampered(db, async (tx) => {
      await tx.execute(sql`DELETE FROM audit_log`);
      return verifyAuditLog(tx, sink, signer.verifyKey);
    });
    expect(emptied).toMatchObject({ status: 'tampered', problem: 'truncated', firstBadPosition: 1 });

    // Rewrite event 1150 and re-chain everything after it: each row verifies, the checkpoint does not.
    const rewritten = await tampered(db, async (tx) => {
      await tx.execute(sql`UPDATE audit_log SET outcome = 'denied' WHERE position = 1150`);
      await rechainAuditFrom(tx, 1150);
      return verifyAuditLog(tx, sink, signer.verifyKey);
    });
    expect(rewritten).toMatchObject({ status: 'tampered', problem: 'checkpoint_mismatch' });
  });

  it('stops at the time bound as incomplete', async () => {
    const r = await verifyAuditLog(db.db, sink, signer.verifyKey, { batchSize: 100, deadlineMs: 0 });
    expect(r.status).toBe('incomplete');
    expect(r.events).toBe(100);
  });

  it('checkpointer: writes every N events, never signs a broken chain', async () => {
    const logged: string[] = [];
    const logger = {
      error: (_: unknown, m: string) => logged.push(m),
      warn: (_: unknown, m: string) => logged.push(m),
    };
    const cpSink = new FileCheckpointSink(path.join(dir, 'cp.jsonl'));
    const cp = new AuditCheckpointer({
      database: db,
      sink: cpSink,
      signer,
      clock,
      logger: logger as never,
      everyEvents: 3,
      everyMs: 60_000,
    });
    await cp.tick();
    const first = (await cpSink.readLines())!;
    expect(first).toHaveLength(1);
    await recordAudit(db.db, { at: clock.now(), action: 'read', objectType: 'case', outcome: 'success' });
    await cp.tick();
    expect(await cpSink.readLines()).toHaveLength(1);
    clock.advance(61_000);
    await cp.tick();
    expect(await cpSink.readLines()).toHaveLength(2);
    expect(logged).toEqual([]);

    // The checkpointed tail disappears: reported once, nothing signed, not re-read every second.
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await db.query('DELETE FROM audit_log WHERE position = (SELECT max(position) FROM audit_log)');
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await cp.tick();
    await cp.tick();
    expect(await cpSink.readLines()).toHaveLength(2);
    expect(logged).toEqual(['audit chain does not verify: no checkpoint signed; run `karpear audit verify`']);
  });
});
