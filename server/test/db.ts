import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testDatabaseTarget } from '../src/platform/config.ts';
import { type DatabaseHandle, migrate, openPglite, openPostgres } from '../src/platform/db/index.ts';
import { readMigrations } from '../src/platform/db/migrate.ts';

/**
 * A fresh, migrated database for one test file, on the engine the db tier asked for
 * (`KARPEAR_TEST_DB=pglite|postgres`). PGlite's initdb costs seconds, so the migrated data folder is
 * dumped once per migration set and every test database is loaded from that dump (under a second).
 * On PostgreSQL each call creates its own database and drops it on close.
 */
export async function createTestDatabase(engine?: 'pglite' | 'postgres'): Promise<DatabaseHandle> {
  const target = testDatabaseTarget(engine ? { ...process.env, KARPEAR_TEST_DB: engine } : process.env);
  if (target.engine === 'postgres') return createPostgresDatabase(target.url!);
  return openPgliteFromTemplate();
}

function migrationsKey(): string {
  return readMigrations()
    .map((m) => m.checksum.slice(0, 12))
    .join('')
    .slice(-48);
}

async function templateDump(): Promise<Blob> {
  const dir = path.join(os.tmpdir(), 'karpear-test-cache');
  const file = path.join(dir, `pglite-${migrationsKey()}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const handle = await openPglite();
  await migrate(handle);
  const dump = await handle.client.dumpDataDir('none');
  await handle.close();
  fs.mkdirSync(dir, { recursive: true });
  // Written to a temporary name then renamed, so parallel workers never read half a file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  return dump;
}

async function openPgliteFromTemplate(): Promise<DatabaseHandle> {
  return openPglite(undefined, await templateDump());
}

async function createPostgresDatabase(adminUrl: string): Promise<DatabaseHandle> {
  const name = `karpear_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), 4);
  await migrate(handle);
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
