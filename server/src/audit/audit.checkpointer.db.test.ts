import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import { createFieldCipher, createSecretBox, ephemeralKeyring } from '../platform/crypto/index.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';
import { buildApp } from '../platform/http/app.ts';
import { createLogger } from '../platform/logger.ts';
import { defaultCheckpointFile } from './audit.checkpoints.ts';
import { verifyAuditLog } from './audit.verify.ts';
import { recordAudit } from './audit.writer.ts';

/** A server outside test mode signs checkpoints by itself: after T seconds with new events. */
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
      config: loadConfig({ mode: 'demo', logLevel: 'silent', port: 0, dataDir }, {}),
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
      clock.advance(61_000);
      const file = defaultCheckpointFile(dataDir);
      const deadline = Date.now() + 10_000;
      while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(fs.readFileSync(file, 'utf8')).toMatch(/"position":1,/);
      const result = await verifyAuditLog(db.db, file, keyring.auditVerifyKey);
      expect(result).toMatchObject({ status: 'ok', checkpoints: 1, events: 1 });
    } finally {
      await app.close();
    }
  }, 30_000);
});
