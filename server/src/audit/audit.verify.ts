import type { KeyObject } from 'node:crypto';
import { publicKeyId } from '../platform/crypto/index.ts';
import type { Executor } from '../platform/db/index.ts';
import { GENESIS_HEX } from './audit.chain.ts';
import {
  type CheckpointProblem,
  type CheckpointSink,
  checkCheckpointLines,
  FileCheckpointSink,
  type SignedCheckpoint,
} from './audit.checkpoints.ts';
import {
  type Batch,
  type ChainProblem,
  type ChainProblemKind,
  fetchBatch,
  fetchRange,
  type ScanState,
  scanBody,
} from './audit.scan.ts';

/**
 * - `ok`          every event verifies and every checkpoint matches (events after the latest
 *                 checkpoint are counted in `unanchoredTail`);
 * - `empty`       no events and no checkpoints;
 * - `unanchored`  the chain is consistent but there is no checkpoint to hold it against, so a
 *                 truncated tail or a rewritten history cannot be ruled out;
 * - `tampered`    the first bad position and the reason are given;
 * - `incomplete`  the time bound ran out (verified through `events`).
 */
export type VerificationStatus = 'ok' | 'empty' | 'unanchored' | 'tampered' | 'incomplete';
export type VerificationProblem = ChainProblemKind | 'truncated' | CheckpointProblem['kind'];

export interface AuditVerification {
  status: VerificationStatus;
  message: string;
  events: number;
  head: { position: number; hash: string } | null;
  checkpoints: number;
  latestCheckpoint: { position: number; at: string } | null;
  unanchoredTail: number;
  firstBadPosition: number | null;
  problem: VerificationProblem | null;
  checkpointSource: string;
  ms: number;
  eventsPerSecond: number;
}

export interface VerifyOptions {
  batchSize?: number;
  /** Batches fetched at once (default 1). More only helps on PostgreSQL (one connection each). */
  concurrency?: number;
  /** Stop (status `incomplete`) once this much time has passed. */
  deadlineMs?: number;
  onProgress?: (events: number) => void;
}

/**
 * Verify the whole audit log against the signed checkpoints: positions gap-free from 1, every hash
 * recomputed from the canonical event and the previous hash, every checkpoint signed by one of
 * `verifyKey` and still matching the log (a checkpoint past the end = truncated tail). Streams the log
 * in batches (keyset pagination by position, the next batch fetched while this one is checked).
 * Never throws for a bad log: it reports it. Throws only when the database or the sink fails.
 */
export async function verifyAuditLog(
  db: Executor,
  checkpoints: string | CheckpointSink,
  verifyKey: KeyObject | readonly KeyObject[],
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const started = performance.now();
  const sink = typeof checkpoints === 'string' ? new FileCheckpointSink(checkpoints) : checkpoints;
  const keys = (Array.isArray(verifyKey) ? verifyKey : [verifyKey]).map((key: KeyObject) => ({
    id: publicKeyId(key),
    key,
  }));
  const result: AuditVerification = {
    status: 'ok',
    message: '',
    events: 0,
    head: null,
    checkpoints: 0,
    latestCheckpoint: null,
    unanchoredTail: 0,
    firstBadPosition: null,
    problem: null,
    checkpointSource: sink.description,
    ms: 0,
    eventsPerSecond: 0,
  };
  const finish = (status: VerificationStatus, message: string) => {
    result.status = status;
    result.message = message;
    result.ms = Math.round(performance.now() - started);
    result.eventsPerSecond = result.ms > 0 ? Math.round((result.events * 1000) / result.ms) : 0;
    return result;
  };

  const lines = await sink.readLines();
  let signed: SignedCheckpoint[] = [];
  if (lines !== null) {
    const checked = checkCheckpointLines(lines, keys);
    if ('problem' in checked) {
      result.problem = checked.problem.kind;
      return finish('tampered', describeCheckpointProblem(checked.problem, sink.description, keys[0]?.id));
    }
    signed = checked.checkpoints;
  }
  result.checkpoints = signed.length;
  const latest = signed[signed.length - 1];
  result.latestCheckpoint = latest ? { position: latest.position, at: latest.at } : null;

  const state: ScanState = {
    expected: 1,
    prevHex: GENESIS_HEX,
    events: 0,
    checkpoints: signed,
    nextCheckpoint: 0,
  };
  const scanned = await scanLog(db, state, null, options, started);
  result.events = state.events;
  if (state.events > 0) result.head = { position: state.expected - 1, hash: state.prevHex };
  if (scanned.problem) {
    result.firstBadPosition = scanned.problem.position;
    result.problem = scanned.problem.kind;
    return finish('tampered', `Event ${scanned.problem.position}: ${scanned.problem.detail}.`);
  }
  if (scanned.incomplete) {
    return finish(
      'incomplete',
      `Verified events 1–${state.events} before the time bound; the rest was not checked.`,
    );
  }
  const beyond = signed[state.nextCheckpoint];
  if (beyond) {
    result.firstBadPosition = state.expected;
    result.problem = 'truncated';
    return finish(
      'tampered',
      state.events === 0
        ? `The log is empty, but a checkpoint signed at ${beyond.at} covers ${beyond.position} event(s): it was emptied.`
        : `The log ends at event ${state.events}, but a checkpoint signed at ${beyond.at} covers ${latest!.position}: its tail was cut off.`,
    );
  }
  result.unanchoredTail = state.events - (latest?.position ?? 0);
  if (state.events === 0) return finish('empty', 'The audit log has no events yet: nothing to verify.');
  if (!latest) {
    return finish(
      'unanchored',
      lines === null
        ? `No checkpoint file at ${sink.description}: the chain of ${state.events} event(s) is consistent, but without signed checkpoints a cut-off tail or a rewritten history cannot be ruled out. A new installation: run \`karpear audit checkpoint\` (or keep the server running) and verify again.`
        : `The checkpoint file ${sink.description} holds no checkpoint yet: the chain of ${state.events} event(s) is consistent but not anchored.`,
    );
  }
  return finish(
    'ok',
    `All ${state.events} event(s) verify; ${signed.length} signed checkpoint(s) match` +
      (result.unanchoredTail > 0
        ? `; the last ${result.unanchoredTail} event(s) await the next checkpoint.`
        : '.'),
  );
}

/**
 * Check events after `from` (a position and its hash, e.g. the last checkpoint) up to the head: what
 * the checkpointer does before it signs, so it never signs a chain that no longer links up.
 */
export async function verifySegment(
  db: Executor,
  from: { position: number; hash: string },
  options: VerifyOptions = {},
): Promise<{ problem: ChainProblem | null; head: { position: number; hash: string } }> {
  const state: ScanState = {
    expected: from.position + 1,
    prevHex: from.hash,
    events: 0,
    checkpoints: [],
    nextCheckpoint: 0,
  };
  const scanned = await scanLog(db, state, from.position, options, performance.now());
  return { problem: scanned.problem, head: { position: state.expected - 1, hash: state.prevHex } };
}

/**
 * Stream events after `after` through `scanBody`. Batches are position ranges (a gap-free log has
 * exactly `batchSize` events per range), `concurrency` of them in flight at once — on PostgreSQL each
 * on its own connection, so the database formats several batches in parallel while this process
 * hashes. A batch that comes back short is the end of the log or the edge of a gap: a keyset query
 * then finds whatever follows (events appended meanwhile included) and the ranges resume from there.
 */
async function scanLog(
  db: Executor,
  state: ScanState,
  after: number | null,
  options: VerifyOptions,
  started: number,
): Promise<{ problem: ChainProblem | null; incomplete: boolean }> {
  const size = options.batchSize ?? 10_000;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const overdue = () => options.deadlineMs !== undefined && performance.now() - started > options.deadlineMs;
  let launched = after ?? 0; // upper end of the last range asked for
  let unbounded = after === null; // the very first range also takes positions below 1 (tampering)
  let inFlight: Array<{ upTo: number; batch: Promise<Batch> }> = [];
  const drain = async () => {
    const pending = inFlight;
    inFlight = [];
    await Promise.all(pending.map((f) => f.batch.catch(() => undefined)));
  };
  try {
    for (;;) {
      while (inFlight.length < concurrency) {
        const from = launched;
        launched += size;
        inFlight.push({ upTo: launched, batch: fetchRange(db, unbounded ? null : from, launched, size) });
        unbounded = false;
      }
      const { upTo, batch: next } = inFlight.shift()!;
      const batch = await next;
      const problem = scanBody(batch, state);
      options.onProgress?.(state.events);
      if (problem) return { problem, incomplete: false };
      if (batch.n === size && batch.last === upTo) {
        if (overdue()) return { problem: null, incomplete: true };
        continue;
      }
      await drain();
      const tail = await fetchBatch(db, state.expected - 1, size);
      if (tail.n === 0) return { problem: null, incomplete: false };
      const tailProblem = scanBody(tail, state);
      options.onProgress?.(state.events);
      if (tailProblem) return { problem: tailProblem, incomplete: false };
      if (overdue()) return { problem: null, incomplete: true };
      launched = state.expected - 1;
    }
  } finally {
    await drain();
  }
}

function describeCheckpointProblem(
  p: CheckpointProblem,
  source: string,
  ownKeyId: string | undefined,
): string {
  switch (p.kind) {
    case 'malformed':
      return `Checkpoint line ${p.line} of ${source} is not a well-formed checkpoint: the file was altered.`;
    case 'bad_signature':
      return `Checkpoint line ${p.line} of ${source} has an invalid signature: the file was altered.`;
    case 'foreign_key':
      return `Checkpoint line ${p.line} of ${source} is signed by another key (${p.keyId}), not by this server's audit key (${ownKeyId}). If the audit key was replaced, pass the old public key with --verify-key.`;
  }
}
