import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKarpear } from '../../test/karpear-cli.ts';
import { formatCheckpoint, signCheckpoint } from '../audit/audit.checkpoints.ts';
import { recordAudit } from '../audit/index.ts';
import { loadConfig } from '../platform/config.ts';
import { publicKeyId } from '../platform/crypto/index.ts';
import { type DatabaseHandle, migrate, openDatabase } from '../platform/db/index.ts';

const karpear = (args: string[]) => runKarpear(args, { timeoutMs: 90_000 });

/** Work on the embedded database in this process, then let go of the folder for the command. */
async function withDb(dataDir: string, fn: (db: DatabaseHandle) => Promise<void>): Promise<void> {
  const db = await openDatabase(loadConfig({ dataDir, mode: 'demo' }, {}));
  try {
    await migrate(db);
    await fn(db);
  } finally {
    await db.close();
  }
}

describe('karpear audit and keys commands', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-cli-audit-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const dir = () => ['--data-dir', dataDir];

  it('verify: clear messages and exit codes for missing keys, a missing file, no checkpoint, tampering', async () => {
    const noKey = await karpear(['audit', 'verify', ...dir()]);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/No audit key at .*audit-signing\.pem/);
    expect(
      (await karpear(['audit', 'verify', ...dir(), '--checkpoints', path.join(dataDir, 'x.jsonl')])).code,
    ).toBe(2);

    const empty = await karpear(['audit', 'checkpoint', ...dir()]); // generates the demo keys, migrates
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toMatch(/nothing to sign/);
    await withDb(dataDir, async (db) => {
      for (const action of ['login', 'read', 'update'])
        await recordAudit(db.db, { at: new Date(), action, objectType: 'case', outcome: 'success' });
    });
    const unanchored = await karpear(['audit', 'verify', ...dir()]);
    expect(unanchored.code, unanchored.stdout + unanchored.stderr).toBe(1);
    expect(unanchored.stdout).toMatch(/NOT ANCHORED[\s\S]*No checkpoint file/);

    expect((await karpear(['audit', 'checkpoint', ...dir()])).stdout).toMatch(/Checkpoint signed: event 3/);
    const ok = await karpear(['audit', 'verify', ...dir()]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/VERIFIED[\s\S]*events checked: 3 .*events\/s/);

    // A line signed by a stranger's key is named as such.
    const file = path.join(dataDir, 'audit', 'checkpoints.jsonl');
    const original = fs.readFileSync(file, 'utf8');
    const stranger = generateKeyPairSync('ed25519');
    const foreign = signCheckpoint(
      {
        position: 3,
        hash: '00'.repeat(32),
        at: new Date().toISOString(),
        keyId: publicKeyId(stranger.publicKey),
      },
      stranger.privateKey,
    );
    fs.appendFileSync(file, `${formatCheckpoint(foreign)}\n`);
    const other = await karpear(['audit', 'verify', ...dir(), '--json']);
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout)).toMatchObject({ status: 'tampered', problem: 'foreign_key' });
    fs.writeFileSync(file, original);

    await withDb(dataDir, async (db) => {
      await db.db.transaction(async (tx) => {
        await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
        await tx.execute(sql`DELETE FROM audit_log WHERE position = 3`);
        await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
      });
    });
    const cut = await karpear(['audit', 'verify', ...dir()]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/TAMPERED[\s\S]*first bad event: 3 \(truncated\)/);
  }, 300_000);

  it('keys rotate (demo) writes a new key file, makes it current and reports; status shows it', async () => {
    const before = fs.readdirSync(path.join(dataDir, 'keys'));
    const r = await karpear(['keys', 'rotate', ...dir(), '--batch-size', '10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Rotated to key-encryption key ([0-9a-f]{16}) \(was [0-9a-f]{16}\)/);
    const id = /Rotated to key-encryption key ([0-9a-f]{16})/.exec(r.stdout)![1]!;
    const added = fs.readdirSync(path.join(dataDir, 'keys')).filter((f) => !before.includes(f));
    expect(added.sort()).toEqual(['current-kek', `kek-${id}.key`]);
    expect((fs.statSync(path.join(dataDir, 'keys', `kek-${id}.key`)).mode & 0o777).toString(8)).toBe('600');
    const status = await karpear(['keys', 'status', ...dir()]);
    expect(status.stdout).toContain(`Current key-encryption key: ${id}`);
    const bad = await karpear(['keys', 'rotate', ...dir(), '--new-kek-file', '/tmp/elsewhere.key']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/must be in .*keys/);
  }, 200_000);
});
