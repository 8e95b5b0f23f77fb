import type { Command } from 'commander';
import { type Config, ConfigError, loadConfig } from '../platform/config.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';
import { AppError } from '../platform/errors.ts';
import { neutralise } from '../platform/logger.ts';

/** Exit codes of every `karpear` command: 0 done, 1 it failed, 2 it was called wrongly. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** An error that ends a command with a one-line reason and a chosen exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/** Options every command that touches the database accepts. */
export function withDatabaseOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'folder for the embedded database, keys and files (KARPEAR_DATA_DIR)')
    .option(
      '--database-url <url>',
      'use a PostgreSQL server instead of the embedded database (DATABASE_URL)',
    );
}

export function configFromOptions(
  opts: Record<string, unknown>,
  extra: Partial<Record<keyof Config, unknown>> = {},
): Config {
  try {
    return loadConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, ...extra });
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}

/**
 * Open the configured database and bring its schema up to date. The database layer (PGlite, drizzle,
 * pg) is loaded here, when a command needs it, so `karpear --help` and usage errors answer at once.
 */
export async function openMigratedDatabase(
  config: Config,
): Promise<{ database: DatabaseHandle; applied: string[] }> {
  const { migrate, openDatabase } = await import('../platform/db/index.ts');
  const database = await openDatabase(config);
  try {
    const applied = await migrate(database);
    return { database, applied };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}

/** Turn any error into one line on stderr and the right exit code. Never prints a stack trace. */
export function reportFailure(err: unknown): number {
  if (err instanceof CliError) {
    process.stderr.write(`karpear: ${neutralise(err.message).replace(/\\u000a/g, '\n')}\n`);
    return err.exitCode;
  }
  if (err instanceof AppError) {
    const issues = err.issues.map((i) => ` ${i.path}: ${i.message}`).join(';');
    process.stderr.write(
      `karpear: ${neutralise(err.message)}${issues ? ` (${neutralise(issues.trim())})` : ''}\n`,
    );
    return err.status === 400 || err.code === 'validation_failed' ? EXIT.usage : EXIT.failure;
  }
  const e = err as NodeJS.ErrnoException;
  process.stderr.write(`karpear: ${neutralise(e?.message?.split('\n')[0] ?? String(err))}\n`);
  return EXIT.failure;
}
