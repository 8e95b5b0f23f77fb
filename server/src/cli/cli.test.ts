import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKarpear } from '../../test/karpear-cli.ts';

const karpear = (args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) =>
  runKarpear(args, { env, timeoutMs });

describe('karpear command: usage', () => {
  it('prints help and exits 0', async () => {
    const r = await karpear(['--help']);
    expect(r.code).toBe(0);
    for (const sub of ['serve', 'migrate', 'demo', 'user']) expect(r.stdout).toContain(sub);
  });

  it('exits 2 with a one-line reason on an unknown flag or command', async () => {
    const flag = await karpear(['migrate', '--no-such-flag']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--no-such-flag'/);
    const cmd = await karpear(['frobnicate']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('exits 2 naming DATABASE_URL when it is malformed', async () => {
    const r = await karpear(['migrate'], { DATABASE_URL: 'mysql:/nowhere' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DATABASE_URL.*postgres:\/\//);
  });

  it('exits 2 on an invalid role for user add', async () => {
    const r = await karpear([
      'user',
      'add',
      '--email',
      'a@b.test',
      '--name',
      'A',
      '--role',
      'wizard',
      '--agency',
      'KH-X',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/wizard/);
  });

  it('exits 1 with an actionable message when the data folder cannot be written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-cli-'));
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const r = await karpear(['migrate', '--data-dir', path.join(file, 'data')]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot be written.*KARPEAR_DATA_DIR/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('karpear command: with an embedded database', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-cli-db-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('loads demo data idempotently, adds a user, refuses a duplicate, and production refuses demo users', async () => {
    const first = await karpear(['demo', '--data-dir', dataDir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/17 new user/);
    const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    expect(creds).toHaveLength(17);
    expect((fs.statSync(path.join(dataDir, 'demo-credentials.json')).mode & 0o777).toString(8)).toBe('600');

    const again = await karpear(['demo', '--data-dir', dataDir]);
    expect(again.stdout).toMatch(/0 new user/);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'))).toEqual(creds);

    const args = [
      'user',
      'add',
      '--data-dir',
      dataDir,
      '--email',
      'New.Officer@Demo.Karpear.Test',
      '--name',
      'Vann Sothea',
    ];
    const add = await karpear([
      ...args,
      '--role',
      'investigator',
      '--agency',
      'KH-PP-SIEMREAP',
      '--unit',
      'AHT-SR',
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('new.officer@demo.karpear.test');
    const dup = await karpear([...args, '--role', 'investigator', '--agency', 'KH-PP-SIEMREAP']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const badAgency = await karpear([
      'user',
      'add',
      '--data-dir',
      dataDir,
      '--email',
      'x@y.test',
      '--name',
      'X',
      '--role',
      'trainer',
      '--agency',
      'KH-NOPE',
    ]);
    expect(badAgency.code).toBe(2);
    expect(badAgency.stderr).toMatch(/No agency has the code KH-NOPE/);

    const noKeys = await karpear(['serve', '--production', '--data-dir', dataDir, '--port', '0']);
    expect(noKeys.code).toBe(1);
    expect(noKeys.stderr).toMatch(/Production mode needs KARPEAR_KEK_FILE and KARPEAR_AUDIT_KEY_FILE/);
    const kekFile = path.join(dataDir, 'prod-kek.key');
    const auditKeyFile = path.join(dataDir, 'prod-audit.pem');
    fs.writeFileSync(kekFile, randomBytes(32).toString('base64'));
    fs.writeFileSync(
      auditKeyFile,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const blindIndexKeyFile = path.join(dataDir, 'prod-blind-index.secret');
    fs.writeFileSync(blindIndexKeyFile, randomBytes(32).toString('base64'));
    const prod = await karpear(['serve', '--production', '--data-dir', dataDir, '--port', '0'], {
      KARPEAR_KEK_FILE: kekFile,
      KARPEAR_AUDIT_KEY_FILE: auditKeyFile,
      KARPEAR_BLIND_INDEX_KEY_FILE: blindIndexKeyFile,
    });
    expect(prod.code).toBe(1);
    expect(prod.stderr).toMatch(/production mode: demo users exist/);
  }, 150_000);

  it('exits 1 saying the port is in use', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await karpear(['serve', '--data-dir', dataDir, '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`Port ${port} on 127.0.0.1 is in use`));
    } finally {
      blocker.close();
    }
  }, 60_000);
});
