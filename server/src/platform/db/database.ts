import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import * as schema from './schema.ts';

export type Engine = 'pglite' | 'postgres';
type Schema = typeof schema;
/** Drizzle over either engine: repositories are written once against this type. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema>;
/** What a repository method runs on: the database or an open transaction. */
export type Executor = Database | Transaction;

/**
 * One handle over PGlite (embedded, default) or a PostgreSQL server (`DATABASE_URL`). Both speak the
 * same SQL; the only engine-specific code in Karpear lives in this file.
 */
export interface DatabaseHandle {
  readonly engine: Engine;
  readonly db: Database;
  /** Raw parameterised SQL (`$1`…), one statement. For migrations, health checks and tests. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The extensions Karpear's SQL relies on; PGlite needs them loaded, PostgreSQL has them in contrib. */
const PGLITE_EXTENSIONS = { pg_trgm, fuzzystrmatch, unaccent, pgcrypto };

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'pgPoolSize'>>,
): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.pgPoolSize);
  const dir = path.join(config.dataDir, 'db');
  ensureWritableDir(dir);
  const release = acquireFolderLock(config.dataDir);
  try {
    const handle = await openPglite(dir);
    return {
      ...handle,
      async close() {
        await handle.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * PGlite is a single-process database: two processes writing one folder would corrupt it. A pid
 * file in the data folder keeps a second Karpear out; a stale file (its process gone) is taken over.
 */
function acquireFolderLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'karpear.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new AppError(
          'conflict',
          `Another Karpear (pid ${pid}) is using the data folder ${dataDir}; stop it or set KARPEAR_DATA_DIR`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('conflict', `Cannot lock the data folder ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Open PGlite in a folder, or in memory when `dir` is undefined (tests). `template` is a data-folder
 * dump to start from (tests load a migrated template instead of running initdb each time).
 */
export async function openPglite(
  dir?: string,
  template?: Blob,
): Promise<DatabaseHandle & { client: PGlite }> {
  const client = await PGlite.create({ dataDir: dir, extensions: PGLITE_EXTENSIONS, loadDataDir: template });
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    engine: 'pglite',
    client,
    db,
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query<T>(text, params);
      return result.rows;
    },
    async close() {
      await client.close();
    },
  };
}

/** `poolSize`: see `pgPoolSize` (KARPEAR_PG_POOL_SIZE) in config.ts for why 20. */
export async function openPostgres(url: string, poolSize = 20): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Bounded work (SECURITY.md 20): no statement may run away with the database.
    statement_timeout: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const target = describeUrl(url);
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new AppError('unavailable', `Cannot reach PostgreSQL at ${target} (${reason}); check DATABASE_URL`);
  }
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Database;
  return {
    engine: 'postgres',
    db,
    async query<T>(text: string, params: unknown[] = []) {
      const result = await pool.query(text, params);
      return result.rows as T[];
    },
    async close() {
      await pool.end();
    },
  };
}

/** host:port/database of a connection URL, without the password, for messages. */
function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError(
      'unavailable',
      `The data folder ${dir} cannot be written (${code}); set KARPEAR_DATA_DIR to a folder you own`,
    );
  }
}
