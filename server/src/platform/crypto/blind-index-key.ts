import { hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../errors.ts';

/**
 * The blind-index key: the secret behind every keyed hash that must stay comparable over time (the
 * persons name index, victim codes). It is deliberately NOT a key-encryption key: `karpear keys
 * rotate` changes the current KEK while servers keep serving, and a hash keyed from the KEK would
 * then stop matching every hash stored before (issue 4/7: likely-same lookups and deconfliction
 * silently missing older persons). This key is never rotated by `keys rotate`; changing it means
 * recomputing every stored hash (`reindexPersonKeys`), with every server stopped.
 *
 * File: 32 bytes in base64, like a KEK, but named `blind-index.secret` in demo so that the KEK
 * folder scan (`*.key`) never mistakes it for a KEK.
 */
export const BLIND_INDEX_KEY_FILE_NAME = 'blind-index.secret';

const ENV_NAME = 'KARPEAR_BLIND_INDEX_KEY_FILE';

/** Demo/test: create the key file (0600) unless it exists; two processes racing both end up reading one. */
export function ensureBlindIndexKeyFile(file: string): void {
  if (fs.existsSync(file)) return;
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Read the blind-index key file: 32 bytes in base64, not all zeros. Errors name the file and variable. */
export function readBlindIndexKeyFile(file: string): Buffer {
  let key: Buffer;
  try {
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    throw new AppError('unavailable', `The blind-index key ${file} (${ENV_NAME}) is missing or unreadable`);
  }
  if (key.length !== 32)
    throw new AppError(
      'unavailable',
      `The blind-index key ${file} (${ENV_NAME}) must hold 32 bytes in base64`,
    );
  if (key.equals(Buffer.alloc(32)))
    throw new AppError('unavailable', `The blind-index key ${file} (${ENV_NAME}) is all zeros`);
  return key;
}

const subkeys = new WeakMap<Buffer, Map<string, Buffer>>();

/**
 * A per-purpose HMAC key derived from the blind-index key (HKDF-SHA-256, info
 * `karpear:blind-index:<purpose>:v1`), so two indexes never share hashes. Cached per key and purpose:
 * it is computed on every attach and every list.
 */
export function blindIndexSubkey(indexKey: Buffer, purpose: string): Buffer {
  let byPurpose = subkeys.get(indexKey);
  if (!byPurpose) {
    byPurpose = new Map();
    subkeys.set(indexKey, byPurpose);
  }
  let key = byPurpose.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', indexKey, Buffer.alloc(0), `karpear:blind-index:${purpose}:v1`, 32));
    byPurpose.set(purpose, key);
  }
  return key;
}
