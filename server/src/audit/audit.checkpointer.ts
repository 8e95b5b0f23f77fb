import type { KeyObject } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import type { DatabaseHandle, Executor } from '../platform/db/index.ts';
import type { Logger } from '../platform/logger.ts';
import { GENESIS_HEX } from './audit.chain.ts';
import {
  type CheckpointSink,
  formatCheckpoint,
  isSignedBy,
  parseCheckpointLine,
  type SignedCheckpoint,
  signCheckpoint,
} from './audit.checkpoints.ts';
import type { ChainProblem } from './audit.scan.ts';
import { verifySegment } from './audit.verify.ts';

export interface CheckpointSigner {
  signingKey: KeyObject;
  verifyKey: KeyObject;
  keyId: string;
}

export interface Anchor {
  position: number;
  hash: string;
  at: string | null;
}

const GENESIS: Anchor = { position: 0, hash: GENESIS_HEX, at: null };

/**
 * The latest checkpoint in the sink validly signed by this key, or the genesis when there is none.
 * Lines that are not ours or do not verify are skipped here; `karpear audit verify` reports them.
 */
export async function latestOwnCheckpoint(sink: CheckpointSink, signer: CheckpointSigner): Promise<Anchor> {
  let last: SignedCheckpoint | undefined;
  for (const line of (await sink.readLines()) ?? []) {
    const c = parseCheckpointLine(line);
    if (!c || c.keyId !== signer.keyId || !isSignedBy(c, signer.verifyKey)) continue;
    if (!last || c.position > last.position) last = c;
  }
  return last ? { position: last.position, hash: last.hash, at: last.at } : GENESIS;
}

export type CheckpointOutcome =
  | { written: SignedCheckpoint }
  | { written: null; reason: 'no_new_events' }
  | { written: null; reason: 'chain_broken'; problem: ChainProblem };

/**
 * Sign the current head of the log — committed events only (positions are a committed prefix) — and
 * append it to the sink. Before signing, the events since `from` (the previous checkpoint) are
 * verified and the previous checkpoint's event must still hold its hash: a chain that no longer links
 * up is never signed.
 */
export async function writeCheckpoint(
  db: Executor,
  sink: CheckpointSink,
  signer: CheckpointSigner,
  clock: Clock,
  from?: Anchor,
): Promise<CheckpointOutcome> {
  const anchor = from ?? (await latestOwnCheckpoint(sink, signer));
  if (anchor.position > 0) {
    const rows = (await db.execute(
      sql`SELECT encode(hash, 'hex') AS hash FROM audit_log WHERE position = ${anchor.position}`,
    )) as unknown as { rows: Array<{ hash: string }> };
    if (rows.rows[0]?.hash !== anchor.hash) {
      const problem: ChainProblem = {
        kind: 'checkpoint_mismatch',
        position: anchor.position,
        detail: rows.rows[0] ? 'its hash differs from the last checkpoint' : 'it is gone from the log',
      };
      return { written: null, reason: 'chain_broken', problem };
    }
  }
  const { problem, head } = await verifySegment(db, anchor);
  if (problem) return { written: null, reason: 'chain_broken', problem };
  if (head.position === anchor.position) return { written: null, reason: 'no_new_events' };
  const signed = signCheckpoint(
    { position: head.position, hash: head.hash, at: clock.now().toISOString(), keyId: signer.keyId },
    signer.signingKey,
  );
  await sink.append(formatCheckpoint(signed));
  return { written: signed };
}

export interface CheckpointerOptions {
  database: DatabaseHandle;
  sink: CheckpointSink;
  signer: CheckpointSigner;
  clock: Clock;
  logger: Logger;
  /** Checkpoint once this many events are new… (default 1,000; `checkpointIntervalOf(config)`) */
  everyEvents?: number;
  /** …or once this much time has passed since the last one, with any new event (default 60 s). */
  everyMs?: number;
  /** How often the head is looked at (default 1 s; one indexed `max(position)`). */
  pollMs?: number;
}

/** N and T from the configuration (KARPEAR_AUDIT_CHECKPOINT_EVENTS, KARPEAR_AUDIT_CHECKPOINT_SECONDS). */
export function checkpointIntervalOf(
  config: Pick<Config, 'auditCheckpointEvents' | 'auditCheckpointSeconds'>,
): { everyEvents: number; everyMs: number } {
  return { everyEvents: config.auditCheckpointEvents, everyMs: config.auditCheckpointSeconds * 1000 };
}

/**
 * The server's background checkpointer: every N events or T seconds, whichever comes first, a signed
 * checkpoint of the committed head. It runs after commit, outside every business transaction, so the
 * in-transaction writer stays as it is; a failure is logged and retried on the next tick, never thrown.
 */
export class AuditCheckpointer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #last: Anchor | undefined;
  #lastWrittenAt = 0;
  #reportedProblem: number | undefined;
  #retryAfter = 0;

  constructor(private readonly options: CheckpointerOptions) {}

  start(): void {
    if (this.#timer) return;
    this.#lastWrittenAt = this.options.clock.now().getTime();
    this.#timer = setInterval(() => void this.tick(), this.options.pollMs ?? 1000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One look at the head; writes a checkpoint when one is due. Safe to call at any time. */
  tick(): Promise<void> {
    this.#running ??= this.#tick().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #tick(): Promise<void> {
    const { database, sink, signer, clock, logger } = this.options;
    try {
      const rows = await database.query<{ head: string | null }>(
        'SELECT max(position)::text AS head FROM audit_log',
      );
      const head = Number(rows[0]?.head ?? 0);
      this.#last ??= await latestOwnCheckpoint(sink, signer);
      const fresh = head - this.#last.position;
      const waited = clock.now().getTime() - this.#lastWrittenAt;
      // Nothing new; or a broken chain was found less than a minute ago (re-checking it every second
      // would re-read the whole segment each time).
      if (fresh === 0 || clock.now().getTime() < this.#retryAfter) return;
      // fresh < 0: the log shrank below the last checkpoint; writeCheckpoint reports it.
      if (
        fresh > 0 &&
        fresh < (this.options.everyEvents ?? 1000) &&
        waited < (this.options.everyMs ?? 60_000)
      )
        return;
      const outcome = await writeCheckpoint(database.db, sink, signer, clock, this.#last);
      if (outcome.written) {
        this.#last = {
          position: outcome.written.position,
          hash: outcome.written.hash,
          at: outcome.written.at,
        };
        this.#lastWrittenAt = clock.now().getTime();
      } else if (outcome.reason === 'chain_broken') {
        this.#retryAfter = clock.now().getTime() + 60_000;
        if (this.#reportedProblem === outcome.problem.position) return;
        this.#reportedProblem = outcome.problem.position;
        logger.error(
          { position: outcome.problem.position, problem: outcome.problem.kind },
          'audit chain does not verify: no checkpoint signed; run `karpear audit verify`',
        );
      }
    } catch (err) {
      logger.warn({ err }, 'audit checkpoint failed; retrying on the next tick');
    }
  }
}
