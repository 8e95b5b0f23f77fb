import { type KeyObject, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Signed checkpoints of the audit chain, kept OUTSIDE the database: "the log had `position` events and
 * its head hash was `hash` at `at`", signed with the server's Ed25519 audit key. Someone able to
 * rewrite the database cannot rewrite these, so a truncated tail or a re-chained history shows.
 *
 * One JSON object per line: {"v":1,"position":n,"hash":"<64 hex>","at":"<ISO>","keyId":"<16 hex>",
 * "sig":"<base64>"}. The signature covers `signedText(...)` below.
 */
export interface Checkpoint {
  position: number;
  /** Hex SHA-256 of the event at `position`. */
  hash: string;
  at: string;
  keyId: string;
}

export interface SignedCheckpoint extends Checkpoint {
  sig: string;
}

/** Where checkpoints go. A file today; any append-only store later (WORM bucket, syslog, a peer). */
export interface CheckpointSink {
  /** For messages: the file path or the store's name. */
  readonly description: string;
  append(line: string): Promise<void>;
  /** Every line, or null when the sink does not exist (never written, or removed). */
  readLines(): Promise<string[] | null>;
}

export function defaultCheckpointFile(dataDir: string): string {
  return path.join(dataDir, 'audit', 'checkpoints.jsonl');
}

/** A JSON-lines file, appended with O_APPEND and flushed to disk before `append` resolves. */
export class FileCheckpointSink implements CheckpointSink {
  constructor(readonly file: string) {}

  get description(): string {
    return this.file;
  }

  async append(line: string): Promise<void> {
    if (line.includes('\n')) throw new Error('a checkpoint line must be one line');
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const handle = await fs.promises.open(this.file, 'a', 0o600);
    try {
      await handle.appendFile(`${line}\n`, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  async readLines(): Promise<string[] | null> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const lines = text.split('\n');
    // A final line without its newline is a write cut short by a crash: not a checkpoint.
    lines.pop();
    return lines.filter((l) => l.trim() !== '');
  }
}

/** Checkpoints in memory: tests, and test-mode servers (which must not write into a data folder). */
export class MemoryCheckpointSink implements CheckpointSink {
  readonly description = 'memory';
  readonly lines: string[] = [];
  async append(line: string): Promise<void> {
    this.lines.push(line);
  }
  async readLines(): Promise<string[] | null> {
    return this.lines.length === 0 ? null : [...this.lines];
  }
}

function signedText(c: Checkpoint): Buffer {
  return Buffer.from(`karpear-audit-checkpoint:v1\n${c.position}\n${c.hash}\n${c.at}\n${c.keyId}`, 'utf8');
}

export function signCheckpoint(c: Checkpoint, signingKey: KeyObject): SignedCheckpoint {
  return { ...c, sig: sign(null, signedText(c), signingKey).toString('base64') };
}

export function formatCheckpoint(c: SignedCheckpoint): string {
  return JSON.stringify({ v: 1, position: c.position, hash: c.hash, at: c.at, keyId: c.keyId, sig: c.sig });
}

export type CheckpointProblem =
  | { kind: 'malformed'; line: number }
  | { kind: 'foreign_key'; line: number; keyId: string }
  | { kind: 'bad_signature'; line: number };

/**
 * Parse and check every line: a well-formed object, signed by one of `verifyKeys` (matched by key id),
 * with a valid signature. Returns the checkpoints sorted by position, or the first problem.
 */
export function checkCheckpointLines(
  lines: readonly string[],
  verifyKeys: ReadonlyArray<{ id: string; key: KeyObject }>,
): { checkpoints: SignedCheckpoint[] } | { problem: CheckpointProblem } {
  const out: SignedCheckpoint[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const c = parseCheckpointLine(lines[i]!);
    if (!c) return { problem: { kind: 'malformed', line } };
    const key = verifyKeys.find((k) => k.id === c.keyId);
    if (!key) return { problem: { kind: 'foreign_key', line, keyId: c.keyId } };
    if (!isSignedBy(c, key.key)) return { problem: { kind: 'bad_signature', line } };
    out.push(c);
  }
  out.sort((a, b) => a.position - b.position);
  return { checkpoints: out };
}

export function isSignedBy(c: SignedCheckpoint, verifyKey: KeyObject): boolean {
  try {
    return verify(null, signedText(c), verifyKey, Buffer.from(c.sig, 'base64'));
  } catch {
    return false;
  }
}

export function parseCheckpointLine(text: string): SignedCheckpoint | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const o = raw as Record<string, unknown>;
  if (
    !o ||
    typeof o !== 'object' ||
    o.v !== 1 ||
    !Number.isSafeInteger(o.position) ||
    (o.position as number) < 1 ||
    typeof o.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(o.hash) ||
    typeof o.at !== 'string' ||
    typeof o.keyId !== 'string' ||
    typeof o.sig !== 'string'
  )
    return null;
  return { position: o.position as number, hash: o.hash, at: o.at, keyId: o.keyId, sig: o.sig };
}
