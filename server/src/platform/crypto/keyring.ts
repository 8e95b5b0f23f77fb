import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import {
  BLIND_INDEX_KEY_FILE_NAME,
  ensureBlindIndexKeyFile,
  readBlindIndexKeyFile,
} from './blind-index-key.ts';
import { KekSet, kekIdOf } from './kek-set.ts';

/**
 * The server's long-lived keys: the key-encryption keys (KEKs: wrap data keys, seal secrets), the
 * blind-index key (keyed hashes that must stay comparable: never rotated with the KEKs, see
 * blind-index-key.ts) and the Ed25519 key that signs audit checkpoints. In demo and test mode they
 * are generated on first start into `<data>/keys/` with 0600 permissions; production mode reads them
 * from configured files (`KARPEAR_KEK_FILE`, `KARPEAR_BLIND_INDEX_KEY_FILE`, `KARPEAR_AUDIT_KEY_FILE`)
 * and refuses to start without them.
 *
 * KEK files: every `*.key` file in the KEK folder (`<data>/keys/`, or the folder of
 * `KARPEAR_KEK_FILE` in production) holding 32 bytes in base64 is loaded, so data wrapped under an
 * older key stays readable until `karpear keys rotate` has re-wrapped it. The current one is
 * `KARPEAR_KEK_FILE` (production), else the id named in `<data>/keys/current-kek`, else `kek.key`;
 * the database's `key_encryption_keys` table overrides it once a rotation has published a newer one.
 */
export interface Keyring {
  /** The current KEK. Kept for call sites written before rotation existed; prefer `keks`. */
  readonly kek: Buffer;
  readonly keks: KekSet;
  /** 32 bytes behind the blind indexes (persons `name_keys`, victim codes); `keys rotate` leaves it alone. */
  readonly blindIndexKey: Buffer;
  auditSigningKey: KeyObject;
  auditVerifyKey: KeyObject;
  /** Fingerprint of the audit verification key; written into every checkpoint. */
  auditKeyId: string;
}

type KeyConfig = Pick<Config, 'dataDir' | 'mode' | 'kekFile' | 'auditKeyFile' | 'blindIndexKeyFile'>;

export const CURRENT_KEK_POINTER = 'current-kek';

/** The folder holding the KEK files. */
export function kekDirectory(config: KeyConfig): string {
  return config.mode === 'production' && config.kekFile
    ? path.dirname(path.resolve(config.kekFile))
    : path.join(config.dataDir, 'keys');
}

export function loadKeyring(config: KeyConfig): Keyring {
  const dir = path.join(config.dataDir, 'keys');
  const kekFile = config.kekFile ?? path.join(dir, 'kek.key');
  const auditFile = config.auditKeyFile ?? path.join(dir, 'audit-signing.pem');
  const indexFile = config.blindIndexKeyFile ?? path.join(dir, BLIND_INDEX_KEY_FILE_NAME);
  if (config.mode === 'production') refuseMissingKeyFiles(config);
  if (config.mode !== 'production') {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!fs.existsSync(kekFile))
      fs.writeFileSync(kekFile, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    if (!fs.existsSync(auditFile)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      fs.writeFileSync(auditFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
        mode: 0o600,
        flag: 'wx',
      });
    }
    ensureBlindIndexKeyFile(indexFile);
  }
  const kekDir = kekDirectory(config);
  const main = readKekFile(kekFile);
  // An index key kept as `*.key` next to the KEKs must not be loaded as one (it would wrap nothing).
  const folder = () => readKekFolder(kekDir, [indexFile]);
  const pointer = config.mode === 'production' ? undefined : readPointer(kekDir);
  const keks = new KekSet([main, ...folder()], pointer ?? kekIdOf(main), folder);
  const blindIndexKey = readBlindIndexKeyFile(indexFile);
  if (keks.entries().some((k) => k.key.equals(blindIndexKey)))
    throw new AppError(
      'unavailable',
      `The blind-index key ${indexFile} (KARPEAR_BLIND_INDEX_KEY_FILE) must differ from every key-encryption key`,
    );

  let auditSigningKey: KeyObject;
  try {
    auditSigningKey = createPrivateKey(fs.readFileSync(auditFile));
  } catch {
    throw new AppError(
      'unavailable',
      `The audit signing key ${auditFile} is missing or not an Ed25519 private key`,
    );
  }
  if (auditSigningKey.asymmetricKeyType !== 'ed25519') {
    throw new AppError('unavailable', `The audit signing key ${auditFile} is not an Ed25519 key`);
  }
  return keyringOf(keks, blindIndexKey, auditSigningKey);
}

/** Production never generates keys: every key file must be configured (the message names each missing). */
function refuseMissingKeyFiles(config: KeyConfig): void {
  const missing = [
    config.kekFile ? null : 'KARPEAR_KEK_FILE',
    config.auditKeyFile ? null : 'KARPEAR_AUDIT_KEY_FILE',
    config.blindIndexKeyFile ? null : 'KARPEAR_BLIND_INDEX_KEY_FILE',
  ].filter((m) => m !== null);
  if (missing.length > 0)
    throw new AppError(
      'unavailable',
      `Production mode needs ${missing.join(' and ')} (generated keys are for demo only)`,
    );
}

function keyringOf(keks: KekSet, blindIndexKey: Buffer, auditSigningKey: KeyObject): Keyring {
  const auditVerifyKey = createPublicKey(auditSigningKey);
  return {
    get kek() {
      return keks.current().key;
    },
    keks,
    blindIndexKey,
    auditSigningKey,
    auditVerifyKey,
    auditKeyId: publicKeyId(auditVerifyKey),
  };
}

/**
 * The audit verification key alone, from the configured or default audit key file, generating
 * nothing (for `karpear audit verify`: a fresh key would make every checkpoint look foreign).
 * `extraFiles` are older public or private keys (PEM) whose checkpoints are still accepted.
 */
export function readAuditVerifyKeys(
  config: Pick<Config, 'dataDir' | 'auditKeyFile'>,
  extraFiles: readonly string[] = [],
): KeyObject[] {
  const own = config.auditKeyFile ?? path.join(config.dataDir, 'keys', 'audit-signing.pem');
  return [own, ...extraFiles].map((file, i) => {
    let pem: Buffer;
    try {
      pem = fs.readFileSync(file);
    } catch {
      throw new AppError(
        'unavailable',
        i === 0
          ? `No audit key at ${file}: checkpoints cannot be verified (set KARPEAR_AUDIT_KEY_FILE or --data-dir)`
          : `Cannot read the verification key ${file}`,
      );
    }
    try {
      const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
      return key;
    } catch {
      throw new AppError('unavailable', `${file} is not an Ed25519 key in PEM`);
    }
  });
}

/** Fingerprint of a public key: 16 hex digits of SHA-256 over its SubjectPublicKeyInfo. */
export function publicKeyId(key: KeyObject): string {
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

/** Read a KEK file: 32 bytes in base64, not all zeros. */
export function readKekFile(file: string): Buffer {
  let key: Buffer;
  try {
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    throw new AppError('unavailable', `The key-encryption key ${file} is missing or unreadable`);
  }
  if (key.length !== 32)
    throw new AppError('unavailable', `The key-encryption key ${file} must hold 32 bytes in base64`);
  if (key.equals(Buffer.alloc(32)))
    throw new AppError('unavailable', `The key-encryption key ${file} is all zeros`);
  return key;
}

/** Every valid KEK file (`*.key`) in a folder; other files, and the `except` files, are ignored. */
export function readKekFolder(dir: string, except: readonly string[] = []): Buffer[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.key'));
  } catch {
    return [];
  }
  const skipped = new Set(except.map((f) => path.resolve(f)));
  const keys: Buffer[] = [];
  for (const name of names.sort()) {
    if (skipped.has(path.resolve(dir, name))) continue;
    try {
      keys.push(readKekFile(path.join(dir, name)));
    } catch {
      // Not a KEK (or unreadable): skipped, it cannot have wrapped anything this server wrote.
    }
  }
  return keys;
}

function readPointer(dir: string): string | undefined {
  try {
    const id = fs.readFileSync(path.join(dir, CURRENT_KEK_POINTER), 'utf8').trim();
    return /^[0-9a-f]{16}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Demo rotation: a fresh KEK written to `<dir>/kek-<id>.key` (0600, never overwriting). */
export function generateKekFile(dir: string): { id: string; key: Buffer; file: string } {
  const key = randomBytes(32);
  const id = kekIdOf(key);
  const file = path.join(dir, `kek-${id}.key`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return { id, key, file };
}

/** Record which KEK is current for the next start (written atomically). */
export function writeCurrentKekPointer(dir: string, id: string): void {
  const file = path.join(dir, CURRENT_KEK_POINTER);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${id}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** A keyring for tests: random keys, nothing on disk. */
export function ephemeralKeyring(): Keyring {
  const { privateKey } = generateKeyPairSync('ed25519');
  return keyringOf(new KekSet([randomBytes(32)]), randomBytes(32), privateKey);
}
