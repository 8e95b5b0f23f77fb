import fs from 'node:fs';
import { Command } from 'commander';
import type { AuditVerification } from '../audit/index.ts';
import { systemClock } from '../platform/clock.ts';
import { loadKeyring, readAuditVerifyKeys } from '../platform/crypto/index.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';
import { CliError, configFromOptions, EXIT, openMigratedDatabase, withDatabaseOptions } from './runtime.ts';

/** Batches in flight on PostgreSQL (one connection each; the pool holds 10). */
const VERIFY_CONCURRENCY = 4;

/**
 * `karpear audit verify` and `karpear audit checkpoint`. With the embedded database the server must be
 * stopped first (one process per data folder); a running server shows the same verification to
 * auditors at GET /api/v1/audit/status. Exit codes: 0 verified (or nothing to verify), 1 tampered or
 * not anchored by any checkpoint, 2 bad usage.
 */
export function auditCommand(): Command {
  const audit = new Command('audit').description('verify and anchor the tamper-evident audit log');
  audit.addCommand(
    withDatabaseOptions(new Command('verify'))
      .description('recompute the hash chain and check every signed checkpoint; reports the first bad event')
      .option('--checkpoints <file>', 'checkpoint file (default <data>/audit/checkpoints.jsonl)')
      .option('--verify-key <pem...>', 'older audit keys (PEM) whose checkpoints are also accepted')
      .option('--json', 'print the result as JSON')
      .action(async (opts) => {
        const config = configFromOptions(opts);
        if (opts.checkpoints && !fs.existsSync(opts.checkpoints)) {
          throw new CliError(`No checkpoint file at ${opts.checkpoints}`, EXIT.usage);
        }
        const keys = readAuditVerifyKeys(config, opts.verifyKey ?? []);
        // Loaded when run, not for --help (see openMigratedDatabase).
        const { defaultCheckpointFile, FileCheckpointSink, verifyAuditLog } = await import(
          '../audit/index.ts'
        );
        const { openDatabase } = await import('../platform/db/index.ts');
        const file = opts.checkpoints ?? defaultCheckpointFile(config.dataDir);
        const database = await openDatabase(config);
        let result: AuditVerification;
        try {
          const progress = process.stderr.isTTY
            ? (events: number) => process.stderr.write(`\r  ${events.toLocaleString('en')} events checked`)
            : undefined;
          result = await auditTableGuard(database, () =>
            verifyAuditLog(database.db, new FileCheckpointSink(file), keys, {
              onProgress: progress,
              concurrency: database.engine === 'postgres' ? VERIFY_CONCURRENCY : 1,
            }),
          );
          if (progress) process.stderr.write('\r\x1b[K');
        } finally {
          await database.close();
        }
        console.log(opts.json ? JSON.stringify(result, null, 2) : describe(result));
        // Set after closing: closing the embedded database resets process.exitCode.
        process.exitCode = result.status === 'ok' || result.status === 'empty' ? EXIT.ok : EXIT.failure;
      }),
  );
  audit.addCommand(
    withDatabaseOptions(new Command('checkpoint'))
      .description(
        'sign a checkpoint of the current head now (the server also does every N events or T seconds)',
      )
      .option('--checkpoints <file>', 'checkpoint file (default <data>/audit/checkpoints.jsonl)')
      .action(async (opts) => {
        const config = configFromOptions(opts);
        const keyring = loadKeyring(config);
        const { defaultCheckpointFile, FileCheckpointSink, writeCheckpoint } = await import(
          '../audit/index.ts'
        );
        const sink = new FileCheckpointSink(opts.checkpoints ?? defaultCheckpointFile(config.dataDir));
        const { database } = await openMigratedDatabase(config);
        try {
          const signer = {
            signingKey: keyring.auditSigningKey,
            verifyKey: keyring.auditVerifyKey,
            keyId: keyring.auditKeyId,
          };
          const outcome = await auditTableGuard(database, () =>
            writeCheckpoint(database.db, sink, signer, systemClock),
          );
          if (outcome.written) {
            console.log(
              `Checkpoint signed: event ${outcome.written.position}, hash ${outcome.written.hash.slice(0, 16)}…, key ${signer.keyId}, in ${sink.file}`,
            );
          } else if (outcome.reason === 'no_new_events') {
            console.log('No new audit events since the last checkpoint: nothing to sign.');
          } else {
            throw new CliError(
              `Not signed: event ${outcome.problem.position}: ${outcome.problem.detail}. Run \`karpear audit verify\`.`,
            );
          }
        } finally {
          await database.close();
        }
      }),
  );
  return audit;
}

/** A database that was never migrated has no audit_log: say so instead of printing SQL. */
async function auditTableGuard<T>(database: DatabaseHandle, run: () => Promise<T>): Promise<T> {
  const [row] = await database.query<{ ok: boolean }>(
    `SELECT to_regclass('public.audit_log') IS NOT NULL AS ok`,
  );
  if (!row?.ok) throw new CliError('This database has no audit log yet: run `karpear migrate` first');
  return run();
}

function describe(r: AuditVerification): string {
  const label: Record<AuditVerification['status'], string> = {
    ok: 'VERIFIED',
    empty: 'EMPTY',
    unanchored: 'NOT ANCHORED',
    tampered: 'TAMPERED',
    incomplete: 'INCOMPLETE',
  };
  const lines = [
    `Audit log: ${label[r.status]}`,
    `  ${r.message}`,
    `  events checked: ${r.events.toLocaleString('en')} in ${(r.ms / 1000).toFixed(2)} s (${r.eventsPerSecond.toLocaleString('en')} events/s)`,
    `  checkpoints: ${r.checkpoints} in ${r.checkpointSource}` +
      (r.latestCheckpoint
        ? `, latest at event ${r.latestCheckpoint.position} (${r.latestCheckpoint.at})`
        : ''),
  ];
  if (r.firstBadPosition !== null) lines.push(`  first bad event: ${r.firstBadPosition} (${r.problem})`);
  return lines.join('\n');
}
