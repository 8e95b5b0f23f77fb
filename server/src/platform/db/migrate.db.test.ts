import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from './database.ts';
import { MIGRATIONS_DIR, migrate, migrationStatus, readMigrations } from './migrate.ts';

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

function migrationsCopy(extra: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-mig-'));
  tempDirs.push(dir);
  for (const f of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))) {
    fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
  }
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

async function tableExists(handle: DatabaseHandle, name: string): Promise<boolean> {
  const rows = await handle.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [name]);
  return rows[0]!.ok;
}

describe('migrations', () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('leave a fresh test database current, and a second run applies nothing', async () => {
    handle = await createTestDatabase();
    const status = await migrationStatus(handle);
    expect(status.current).toBe(true);
    expect(status.applied).toEqual(readMigrations().map((m) => m.name));
    expect(await migrate(handle)).toEqual([]);
  });

  it('apply all pending migrations or none: a failure half-way leaves the database as it was', async () => {
    handle = await createTestDatabase();
    const dir = migrationsCopy({
      '29990101000000_good.sql': 'CREATE TABLE probe_good (id int);',
      '29990101000001_bad.sql':
        'CREATE TABLE probe_bad (id int);\n--> statement-breakpoint\nSELECT no_such_function();',
    });
    await expect(migrate(handle, readMigrations(dir))).rejects.toThrow(
      /Migration 29990101000001_bad failed at statement 2 .*nothing was changed/,
    );
    expect(await tableExists(handle, 'probe_good')).toBe(false);
    expect(await tableExists(handle, 'probe_bad')).toBe(false);
    expect((await migrationStatus(handle, readMigrations(dir))).pending).toEqual([
      '29990101000000_good',
      '29990101000001_bad',
    ]);
  });

  it('refuse a migration edited after it was applied', async () => {
    handle = await createTestDatabase();
    const first = readMigrations()[0]!;
    const dir = migrationsCopy({ [`${first.name}.sql`]: '-- edited\nSELECT 1;' });
    await expect(migrate(handle, readMigrations(dir))).rejects.toThrow(/was edited after it was applied/);
  });

  it('refuse a database migrated by a newer Karpear', async () => {
    handle = await createTestDatabase();
    await handle.query(
      `INSERT INTO karpear_migrations (name, checksum) VALUES ('29991231000000_future', 'x')`,
    );
    await expect(migrate(handle)).rejects.toThrow(/does not know; run a newer version/);
  });
});
