import {
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

/**
 * The server's long-lived keys: the key-encryption key (wraps everything sealed at rest) and the
 * Ed25519 key that signs audit checkpoints. In demo and test mode they are generated on first start
 * into `<data>/keys/` with 0600 permissions; production mode reads them from configured files and
 * refuses to start without them.
 */
export interface Keyring {
  kek: Buffer;
  auditSigningKey: KeyObject;
  auditVerifyKey: KeyObject;
}

export function loadKeyring(config: Pick<Config, 'dataDir' | 'mode' | 'kekFile' | 'auditKeyFile'>): Keyring {
  const dir = path.join(config.dataDir, 'keys');
  const kekFile = config.kekFile ?? path.join(dir, 'kek.key');
  const auditFile = config.auditKeyFile ?? path.join(dir, 'audit-signing.pem');
  if (config.mode === 'production' && (!config.kekFile || !config.auditKeyFile)) {
    throw new AppError(
      'unavailable',
      'Production mode needs KARPEAR_KEK_FILE and KARPEAR_AUDIT_KEY_FILE (generated keys are for demo only)',
    );
  }
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
  }
  const kek = readKey(kekFile);
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
  return { kek, auditSigningKey, auditVerifyKey: createPublicKey(auditSigningKey) };
}

function readKey(file: string): Buffer {
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

/** A keyring for tests: random keys, nothing on disk. */
export function ephemeralKeyring(): Keyring {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kek: randomBytes(32), auditSigningKey: privateKey, auditVerifyKey: publicKey };
}
