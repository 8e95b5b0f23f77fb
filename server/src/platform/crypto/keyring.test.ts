import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kekIdOf } from './kek-set.ts';
import { generateKekFile, loadKeyring, publicKeyId, writeCurrentKekPointer } from './keyring.ts';
import { LruCache } from './lru.ts';

describe('keyring', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-keys-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const demo = () => loadKeyring({ dataDir, mode: 'demo', kekFile: undefined, auditKeyFile: undefined });

  it('generates the KEK and the audit key once, 0600, and loads the same keys again', () => {
    const first = demo();
    for (const f of ['kek.key', 'audit-signing.pem'])
      expect((fs.statSync(path.join(dataDir, 'keys', f)).mode & 0o777).toString(8)).toBe('600');
    const again = demo();
    expect(again.kek.equals(first.kek)).toBe(true);
    expect(again.auditKeyId).toBe(first.auditKeyId);
    expect(again.auditKeyId).toBe(publicKeyId(first.auditVerifyKey));
    expect(first.keks.currentId).toBe(kekIdOf(first.kek));
  });

  it('loads rotated KEK files, honours the current pointer, and picks up a new file on demand', () => {
    const first = demo();
    const dir = path.join(dataDir, 'keys');
    const rotated = generateKekFile(dir);
    expect((fs.statSync(rotated.file).mode & 0o777).toString(8)).toBe('600');
    writeCurrentKekPointer(dir, rotated.id);
    const after = demo();
    expect(after.keks.currentId).toBe(rotated.id);
    expect(after.kek.equals(rotated.key)).toBe(true);
    expect(after.keks.get(first.keks.currentId)?.equals(first.kek)).toBe(true);
    // A key written by another process after start-up is found when asked for.
    const later = generateKekFile(dir);
    expect(after.keks.get(later.id)?.equals(later.key)).toBe(true);
  });

  it('production refuses to start without configured files and reads the folder of the KEK file', () => {
    expect(() =>
      loadKeyring({ dataDir, mode: 'production', kekFile: undefined, auditKeyFile: undefined }),
    ).toThrow(/Production mode needs KARPEAR_KEK_FILE and KARPEAR_AUDIT_KEY_FILE/);
    const secrets = path.join(dataDir, 'secrets');
    fs.mkdirSync(secrets);
    const kekFile = path.join(secrets, 'prod-kek.key');
    fs.writeFileSync(kekFile, randomBytes(32).toString('base64'));
    const older = generateKekFile(secrets);
    fs.writeFileSync(path.join(secrets, 'notes.key'), 'not a key');
    const auditKeyFile = path.join(secrets, 'audit.pem');
    fs.writeFileSync(
      auditKeyFile,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const k = loadKeyring({ dataDir, mode: 'production', kekFile, auditKeyFile });
    expect(k.keks.currentId).not.toBe(older.id);
    expect(k.keks.get(older.id)).toBeDefined();
    expect(k.keks.ids()).toHaveLength(2);
    fs.writeFileSync(kekFile, Buffer.alloc(32).toString('base64'));
    expect(() => loadKeyring({ dataDir, mode: 'production', kekFile, auditKeyFile })).toThrow(/all zeros/);
  });
});

describe('LRU cache', () => {
  it('keeps at most N entries, evicting the least recently used, and expires entries', () => {
    let now = 0;
    const cache = new LruCache<number>(2, 100, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
    now = 150;
    expect(cache.get('a')).toBeUndefined();
    expect(new LruCache<number>(0, 100).size).toBe(0);
  });
});
