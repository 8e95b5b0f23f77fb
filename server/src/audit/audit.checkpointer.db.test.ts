import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import {
  createFieldCipher,
  createSecretBox,
  ephemeralKeyring,
  publicKeyId,
} from '../platform/crypto/index.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';
import { buildApp } from '../platform/http/app.ts';
import { createLogger } from '../platform/logger.ts';
import { AuditCheckpointer, checkpointIntervalOf } from './audit.checkpointer.ts';
import { defaultCheckpointFile, MemoryCheckpointSink, parseCheckpointLine } from './audit.checkpoints.ts';
import { verifyAuditLog } from './audit.verify.ts';
import { recordAudit } from './audit.writer.ts';

/** A server outside test mode signs checkpoints by itself: after T seconds (here configured: 5 s). */
describe('the server writes checkpoints', () => {
  let db: DatabaseHandle;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-serve-cp-'));
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with the app, checkpoints the committed head, stops with it', async () => {
    const clock = new ManualClock(new Date('2026-11-28T08:00:00Z'));
    const keyring = ephemeralKeyring();
    const ctx: AppContext = {
      config: loadConfig(
        { mode: 'demo', logLevel: 'silent', port: 0, dataDir },
        { KARPEAR_AUDIT_CHECKPOINT_SECONDS: '5' },
      ),
      database: db,
      clock,
      logger: createLogger('silent'),
      version: 'test',
      keyring,
      secrets: createSecretBox(keyring.keks),
      fields: createFieldCipher(keyring.keks),
    };
    const { app } = await buildApp(ctx);
    await app.ready();
    try {
      await recordAudit(db.db, {
        at: clock.now(),
        action: 'login',
        objectType: 'session',
        outcome: 'success',
      });
      clock.advance(6_000); // past the configured 5 s, far from the default 60 s
      const file = defaultCheckpointFile(dataDir);
      const deadline = Date.now() + 10_000;
      // Wait for the written line, not just the file: it may be created a moment before its content.
      const read = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
      while (!read().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(read()).toMatch(/"position":1,/);
      const result = await verifyAuditLog(db.db, file, keyring.auditVerifyKey);
      expect(result).toMatchObject({ status: 'ok', checkpoints: 1, events: 1 });
    } finally {
      await app.close();
    }
  }, 30_000);
});

describe('checkpoint interval (KARPEAR_AUDIT_CHECKPOINT_EVENTS / _SECONDS)', () => {
  let db: DatabaseHandle;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('defaults to 1,000 events or 60 s, and refuses values out of range by name', () => {
    expect(checkpointIntervalOf(loadConfig({}, {}))).toEqual({ everyEvents: 1000, everyMs: 60_000 });
    expect(() => loadConfig({}, { KARPEAR_AUDIT_CHECKPOINT_EVENTS: '0' })).toThrow(
      /KARPEAR_AUDIT_CHECKPOINT_EVENTS/,
    );
    expect(() => loadConfig({}, { KARPEAR_AUDIT_CHECKPOINT_SECONDS: 'soon' })).toThrow(
      /KARPEAR_AUDIT_CHECKPOINT_SECONDS/,
    );
  });

  it('signs after N new events or after T seconds with any new event, whichever comes first', async () => {
    const config = loadConfig(
      {},
      { KARPEAR_AUDIT_CHECKPOINT_EVENTS: '5', KARPEAR_AUDIT_CHECKPOINT_SECONDS: '30' },
    );
    const clock = new ManualClock(new Date('2026-11-28T08:00:00Z'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const sink = new MemoryCheckpointSink();
    const checkpointer = new AuditCheckpointer({
      database: db,
      sink,
      signer: { signingKey: privateKey, verifyKey: publicKey, keyId: publicKeyId(publicKey) },
      clock,
      logger: createLogger('silent'),
      ...checkpointIntervalOf(config),
      pollMs: 3_600_000, // ticks are driven by the test
    });
    const add = async (n: number) => {
      for (let i = 0; i < n; i++)
        await recordAudit(db.db, { at: clock.now(), action: 'read', objectType: 'case', outcome: 'success' });
    };
    const signed = () => sink.lines.map((l) => parseCheckpointLine(l)?.position);
    checkpointer.start();
    try {
      await add(4);
      await checkpointer.tick();
      expect(signed()).toEqual([]); // 4 < N, 0 s < T
      await add(1);
      await checkpointer.tick();
      expect(signed()).toEqual([5]); // N reached

      await add(1);
      clock.advance(29_000);
      await checkpointer.tick();
      expect(signed()).toEqual([5]); // 1 new event, 29 s < T
      clock.advance(1_000);
      await checkpointer.tick();
      expect(signed()).toEqual([5, 6]); // T reached

      clock.advance(300_000);
      await checkpointer.tick();
      expect(signed()).toEqual([5, 6]); // time alone signs nothing
    } finally {
      await checkpointer.stop();
    }
  });
});
