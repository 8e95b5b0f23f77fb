import path from 'node:path';
import { Command } from 'commander';
import {
  countKeysByKek,
  countSealedByKek,
  currentKekIdInDb,
  generateKekFile,
  kekDirectory,
  kekIdOf,
  loadKeyring,
  readKekFile,
  rotateKek,
  SEALED_COLUMNS,
  writeCurrentKekPointer,
} from '../platform/crypto/index.ts';
import { CliError, configFromOptions, EXIT, openMigratedDatabase, withDatabaseOptions } from './runtime.ts';

/**
 * `karpear keys rotate` and `karpear keys status`. Rotation re-wraps every data key (and re-seals the
 * sealed secrets) under a new key-encryption key in batches, each its own transaction, while servers
 * keep serving: they read with either key and wrap new keys under the one the database names current.
 * With the embedded database the server must be stopped first (one process per data folder).
 */
export function keysCommand(): Command {
  const keys = new Command('keys').description('key-encryption keys: rotate, status');
  keys.addCommand(
    withDatabaseOptions(new Command('rotate'))
      .description('make a new key-encryption key current and re-wrap every data key under it')
      .option(
        '--new-kek-file <file>',
        'the new key (32 bytes, base64), in the same folder as the current one; required in production; demo mode generates <data>/keys/kek-<id>.key',
      )
      .option('--batch-size <n>', 'data keys per transaction', '1000')
      .action(async (opts) => {
        const config = configFromOptions(opts);
        const batchSize = Number(opts.batchSize);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)
          throw new CliError('--batch-size must be an integer from 1 to 100000', EXIT.usage);
        const dir = kekDirectory(config);
        if (config.mode === 'production' && !opts.newKekFile)
          throw new CliError(
            'Production mode needs --new-kek-file <file> (the new key, provisioned by you)',
            EXIT.usage,
          );
        if (opts.newKekFile && path.dirname(path.resolve(opts.newKekFile)) !== dir) {
          throw new CliError(
            `--new-kek-file must be in ${dir}, next to the current key, so that running servers find it`,
            EXIT.usage,
          );
        }
        const keyring = loadKeyring(config);
        const { database } = await openMigratedDatabase(config);
        try {
          const published = await currentKekIdInDb(database.db);
          if (published && published !== keyring.keks.currentId && keyring.keks.get(published))
            keyring.keks.setCurrent(published);
          const fresh = opts.newKekFile
            ? { key: readKekFile(opts.newKekFile), file: path.resolve(opts.newKekFile) }
            : generateKekFile(dir);
          if (kekIdOf(fresh.key) === keyring.keks.currentId)
            throw new CliError(`${fresh.file} is already the current key-encryption key`, EXIT.usage);
          const progress = process.stderr.isTTY
            ? (d: { dataKeys: number; sealed: number }) =>
                process.stderr.write(
                  `\r  ${d.dataKeys.toLocaleString('en')} data keys, ${d.sealed} sealed values`,
                )
            : undefined;
          const report = await rotateKek(database, keyring.keks, fresh.key, {
            batchSize,
            onProgress: progress,
          });
          if (progress) process.stderr.write('\r\x1b[K');
          if (config.mode !== 'production') writeCurrentKekPointer(dir, report.kekId);
          const sealed = Object.entries(report.sealed).map(([where, n]) => `${n} in ${where}`);
          console.log(
            `Rotated to key-encryption key ${report.kekId} (was ${report.previousKekId}) in ${(report.ms / 1000).toFixed(1)} s: ` +
              `${report.dataKeys.toLocaleString('en')} data key(s) re-wrapped, sealed values re-sealed: ${sealed.join(', ') || 'none'}.`,
          );
          for (const f of report.failed) console.log(`  not re-wrapped: ${f.where}: ${f.reason}`);
          if (config.mode === 'production') {
            console.log(`Next: set KARPEAR_KEK_FILE=${fresh.file} for every server and restart them.`);
          } else {
            console.log(`New key: ${fresh.file} (current from the next start).`);
          }
          console.log(
            'Keep the old key file until `karpear keys status` shows nothing under it, then remove it.',
          );
          if (report.failed.length > 0 || report.remaining > 0) {
            throw new CliError(
              `${report.failed.length + report.remaining} value(s) still depend on another key: run the rotation again`,
            );
          }
        } finally {
          await database.close();
        }
      }),
  );
  keys.addCommand(
    withDatabaseOptions(new Command('status'))
      .description('which key-encryption key each data key and sealed value depends on')
      .action(async (opts) => {
        const config = configFromOptions(opts);
        const keyring = loadKeyring(config);
        const { database } = await openMigratedDatabase(config);
        try {
          const published = await currentKekIdInDb(database.db);
          console.log(
            `Current key-encryption key: ${published ?? keyring.keks.currentId}${published ? '' : ' (not yet registered)'}`,
          );
          console.log(`Loaded from ${kekDirectory(config)}: ${keyring.keks.ids().join(', ')}`);
          for (const row of await countKeysByKek(database.db)) {
            const loaded = keyring.keks.get(row.kekId) ? '' : '  (KEY NOT LOADED)';
            console.log(
              `  data keys under ${row.kekId}: ${row.live} live, ${row.destroyed} destroyed${loaded}`,
            );
          }
          for (const column of SEALED_COLUMNS) {
            for (const row of await countSealedByKek(database, column))
              console.log(`  ${column.table}.${column.column} under ${row.kekId}: ${row.count}`);
          }
        } finally {
          await database.close();
        }
      }),
  );
  return keys;
}
