import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { testDatabaseTarget } from '../config.ts';
import type { DatabaseHandle } from './database.ts';
import { openPglite } from './database.ts';
import { migrate } from './migrate.ts';

const SCHEMA_QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
                   character_maximum_length, numeric_precision, datetime_precision
              FROM information_schema.columns WHERE table_schema = 'public'
             ORDER BY table_name, column_name`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
             ORDER BY tablename, indexname`,
  constraints: `SELECT c.conrelid::regclass::text AS table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) AS def
                  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                 WHERE n.nspname = 'public' ORDER BY 1, 2`,
  extensions: `SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`,
};

async function describeSchema(handle: DatabaseHandle): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(SCHEMA_QUERIES)) out[name] = await handle.query(sql);
  return out;
}

/**
 * The same migrations must produce the same schema on PGlite and on PostgreSQL: tables, columns,
 * types, defaults, indexes, constraints and extensions. Any drift fails. Needs TEST_DATABASE_URL,
 * which `npm test` provides by starting a PostgreSQL server.
 */
describe('schema parity between PGlite and PostgreSQL', () => {
  const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
  it.skipIf(!hasPostgres)(
    'applies migrations identically on both engines',
    async () => {
      const postgres = await createTestDatabase('postgres');
      expect(postgres.engine).toBe('postgres');
      const pglite = await openPglite();
      try {
        await migrate(pglite);
        const [a, b] = [await describeSchema(pglite), await describeSchema(postgres)];
        expect(a.columns!.length).toBeGreaterThan(0);
        expect(b).toEqual(a);
      } finally {
        await pglite.close();
        await postgres.close();
      }
    },
    60_000,
  );

  it('reads the engine the db tier asked for', () => {
    expect(['pglite', 'postgres']).toContain(testDatabaseTarget().engine);
  });
});
