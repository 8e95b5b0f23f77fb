import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BLIND_INDEX_KEY_FILE_NAME, blindIndexSubkey } from './blind-index-key.ts';
import { kekIdOf } from './kek-set.ts';
import {
  ephemeralKeyring,
  generateKekFile,
  loadKeyring,
  publicKeyId,
  writeCurrentKekPointer,
} from './keyring.ts';
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
    const blindIndexKeyFile = path.join(secrets, 'blind-index.secret');
    fs.writeFileSync(blindIndexKeyFile, randomBytes(32).toString('base64'));
    const k = loadKeyring({ dataDir, mode: 'production', kekFile, auditKeyFile, blindIndexKeyFile });
    expect(k.keks.currentId).not.toBe(older.id);
    expect(k.keks.get(older.id)).toBeDefined();
    expect(k.keks.ids()).toHaveLength(2);
    fs.writeFileSync(kekFile, Buffer.alloc(32).toString('base64'));
    expect(() =>
      loadKeyring({ dataDir, mode: 'production', kekFile, auditKeyFile, blindIndexKeyFile }),
    ).toThrow(/all zeros/);
  });

  describe('blind-index key', () => {
    const indexFile = () => path.join(dataDir, 'keys', BLIND_INDEX_KEY_FILE_NAME);
    const prodFiles = () => {
      const secrets = path.join(dataDir, 'secrets');
      fs.mkdirSync(secrets, { recursive: true });
      const kekFile = path.join(secrets, 'kek.key');
      fs.writeFileSync(kekFile, randomBytes(32).toString('base64'));
      const auditKeyFile = path.join(secrets, 'audit.pem');
      fs.writeFileSync(
        auditKeyFile,
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
      );
      return { secrets, kekFile, auditKeyFile };
    };

    it('is generated once (0600, 32 bytes), reused on the next start, and unchanged by a KEK rotation', () => {
      const first = demo();
      expect((fs.statSync(indexFile()).mode & 0o777).toString(8)).toBe('600');
      expect(Buffer.from(fs.readFileSync(indexFile(), 'utf8'), 'base64')).toHaveLength(32);
      expect(first.blindIndexKey).toHaveLength(32);
      expect(first.blindIndexKey.equals(first.kek)).toBe(false);
      const again = demo();
      expect(again.blindIndexKey.equals(first.blindIndexKey)).toBe(true);
      // A rotation makes another KEK current; the index key stays what it was.
      const dir = path.join(dataDir, 'keys');
      const rotated = generateKekFile(dir);
      writeCurrentKekPointer(dir, rotated.id);
      const afterRotation = demo();
      expect(afterRotation.keks.currentId).toBe(rotated.id);
      expect(afterRotation.blindIndexKey.equals(first.blindIndexKey)).toBe(true);
      // It is not a KEK (not `*.key`), so the KEK folder holds just the two KEKs.
      expect(afterRotation.keks.ids().sort()).toEqual([first.keks.currentId, rotated.id].sort());
    });

    it('production refuses to start without KARPEAR_BLIND_INDEX_KEY_FILE, naming it, and generates nothing', () => {
      const { kekFile, auditKeyFile } = prodFiles();
      expect(() => loadKeyring({ dataDir, mode: 'production', kekFile, auditKeyFile })).toThrow(
        /^Production mode needs KARPEAR_BLIND_INDEX_KEY_FILE \(generated keys are for demo only\)$/,
      );
      expect(fs.existsSync(indexFile())).toBe(false);
      expect(() =>
        loadKeyring({ dataDir, mode: 'production', kekFile: undefined, auditKeyFile: undefined }),
      ).toThrow(/KARPEAR_KEK_FILE and KARPEAR_AUDIT_KEY_FILE and KARPEAR_BLIND_INDEX_KEY_FILE/);
    });

    it('production reads the configured file, refusing a missing, short or KEK-equal key', () => {
      const { secrets, kekFile, auditKeyFile } = prodFiles();
      const blindIndexKeyFile = path.join(secrets, 'index.key');
      const load = () =>
        loadKeyring({ dataDir, mode: 'production', kekFile, auditKeyFile, blindIndexKeyFile });
      expect(load).toThrow(/blind-index key .*index\.key \(KARPEAR_BLIND_INDEX_KEY_FILE\) is missing/);
      fs.writeFileSync(blindIndexKeyFile, randomBytes(16).toString('base64'));
      expect(load).toThrow(/must hold 32 bytes in base64/);
      fs.copyFileSync(kekFile, blindIndexKeyFile);
      expect(load).toThrow(/must differ from every key-encryption key/);
      const key = randomBytes(32);
      fs.writeFileSync(blindIndexKeyFile, key.toString('base64'));
      const k = load();
      expect(k.blindIndexKey.equals(key)).toBe(true);
      // Named `*.key` in the KEK folder, it is still not loaded as a KEK.
      expect(k.keks.ids()).toEqual([kekIdOf(Buffer.from(fs.readFileSync(kekFile, 'utf8'), 'base64'))]);
    });

    it('derives distinct, stable per-purpose subkeys; test keyrings carry their own index key', () => {
      const a = ephemeralKeyring();
      const b = ephemeralKeyring();
      expect(a.blindIndexKey).toHaveLength(32);
      expect(a.blindIndexKey.equals(b.blindIndexKey)).toBe(false);
      const persons = blindIndexSubkey(a.blindIndexKey, 'persons');
      expect(blindIndexSubkey(Buffer.from(a.blindIndexKey), 'persons').equals(persons)).toBe(true);
      expect(blindIndexSubkey(a.blindIndexKey, 'tips').equals(persons)).toBe(false);
      expect(blindIndexSubkey(b.blindIndexKey, 'persons').equals(persons)).toBe(false);
      expect(persons.equals(a.blindIndexKey)).toBe(false);
    });
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
