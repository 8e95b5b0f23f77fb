import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../src/platform/clock.ts';
import { type Config, loadConfig } from '../src/platform/config.ts';
import type { AppContext } from '../src/platform/context.ts';
import {
  createFieldCipher,
  createSecretBox,
  ephemeralKeyring,
  type Keyring,
} from '../src/platform/crypto/index.ts';
import type { DatabaseHandle } from '../src/platform/db/index.ts';
import { buildApp } from '../src/platform/http/app.ts';
import type { RouteRegistry } from '../src/platform/http/route-registry.ts';
import { createLogger, type Logger } from '../src/platform/logger.ts';
import { createTestDatabase } from './db.ts';

export interface TestApp {
  app: FastifyInstance;
  routes: RouteRegistry;
  database: DatabaseHandle;
  clock: ManualClock;
  /** The application context the app was built with (config, keys, secret box…). */
  ctx: AppContext;
  close(): Promise<void>;
}

export interface TestAppOptions {
  webDistDir?: string;
  database?: DatabaseHandle;
  config?: Partial<Config>;
  keyring?: Keyring;
  /** The app's logger (default silent); canary tests pass one that captures (test/canary-app.ts). */
  logger?: Logger;
}

/** The whole HTTP application on a fresh test database, driven with `app.inject` (no socket). */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const clock = new ManualClock(new Date('2026-11-28T08:00:00Z'));
  // Files the app writes (batch screenings, imports) go to a folder of this app's own, removed on close.
  const ownDataDir = options.config?.dataDir
    ? undefined
    : mkdtempSync(path.join(tmpdir(), 'karpear-test-data-'));
  const config = loadConfig(
    {
      mode: 'test',
      logLevel: 'silent',
      webDistDir: options.webDistDir,
      port: 0,
      ...(ownDataDir ? { dataDir: ownDataDir } : {}),
      ...options.config,
    },
    {},
  );
  const keyring = options.keyring ?? ephemeralKeyring();
  const ctx: AppContext = {
    config,
    database,
    clock,
    logger: options.logger ?? createLogger('silent'),
    version: 'test',
    keyring,
    secrets: createSecretBox(keyring.kek),
    fields: createFieldCipher(keyring.keks, { clock }),
  };
  const { app, routes } = await buildApp(ctx);
  await app.ready();
  return {
    app,
    routes,
    database,
    clock,
    ctx,
    async close() {
      await app.close();
      if (!options.database) await database.close();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
