import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import { KEK_ID_BYTES, type KekSet, kekSetOf } from './kek-set.ts';

/**
 * AES-256-GCM sealing of small secrets (TOTP seeds…) under a key derived with HKDF-SHA256 from a
 * key-encryption key for one *purpose*. Additional authenticated data binds the ciphertext to where it
 * lives (by convention `sealedAad(table, column, rowId)`), so a ciphertext copied elsewhere fails.
 *
 * Layout v2 (written now): 0x02 | kek id (8) | iv (12) | tag (16) | ciphertext; the header is part of
 * the authenticated data. The key id tells `open` which KEK to use, so values sealed before and after
 * a rotation open side by side, and `karpear keys rotate` can find what still needs re-sealing.
 * Layout v1 (before rotation existed): 0x01 | iv | tag | ciphertext, under the original KEK; `open`
 * tries each known KEK (GCM authentication rejects the wrong ones).
 */
const V1 = 1;
const V2 = 2;
const V2_HEADER = 1 + KEK_ID_BYTES;

export interface SecretBox {
  seal(purpose: string, plaintext: Buffer, aad: string): Buffer;
  open(purpose: string, sealed: Buffer, aad: string): Buffer;
}

/** `sealedAad('totp_factors', 'secret_sealed', userId)` → `totp_factors.secret_sealed:<userId>`. */
export function sealedAad(table: string, column: string, rowId: string): string {
  return `${table}.${column}:${rowId}`;
}

/** The KEK id a sealed value names, or null for a v1 value (sealed before rotation existed). */
export function sealedKekId(sealed: Buffer): string | null {
  if (sealed.length > V2_HEADER && sealed[0] === V2) return sealed.subarray(1, V2_HEADER).toString('hex');
  return null;
}

/**
 * A box over a set of KEKs (`keyring.keks`). Passing one KEK buffer (`keyring.kek`) finds the set that
 * buffer belongs to, so older call sites get rotation support too.
 */
export function createSecretBox(keks: Buffer | KekSet): SecretBox {
  const set = kekSetOf(keks);
  const derived = new Map<string, Buffer>();
  const keyFor = (kekId: string, kek: Buffer, purpose: string): Buffer => {
    const cacheKey = `${kekId}\0${purpose}`;
    let key = derived.get(cacheKey);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), `karpear:${purpose}`, 32));
      derived.set(cacheKey, key);
    }
    return key;
  };
  const tryOpen = (key: Buffer, iv: Buffer, tag: Buffer, body: Buffer, aad: Buffer): Buffer | null => {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      return null;
    }
  };
  return {
    seal(purpose, plaintext, aad) {
      const { id, key } = set.current();
      const header = Buffer.concat([Buffer.from([V2]), Buffer.from(id, 'hex')]);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(id, key, purpose), iv);
      cipher.setAAD(Buffer.concat([header, Buffer.from(aad, 'utf8')]));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
    },
    open(purpose, sealed, aad) {
      if (sealed.length >= V2_HEADER + 28 && sealed[0] === V2) {
        const id = sealed.subarray(1, V2_HEADER).toString('hex');
        const kek = set.get(id);
        if (!kek) throw new AppError('internal', `sealed value needs key-encryption key ${id}, not loaded`);
        const at = V2_HEADER;
        const plain = tryOpen(
          keyFor(id, kek, purpose),
          sealed.subarray(at, at + 12),
          sealed.subarray(at + 12, at + 28),
          sealed.subarray(at + 28),
          Buffer.concat([sealed.subarray(0, V2_HEADER), Buffer.from(aad, 'utf8')]),
        );
        if (plain) return plain;
        throw new AppError('internal', 'sealed value failed authentication');
      }
      if (sealed.length >= 29 && sealed[0] === V1) {
        const aadBytes = Buffer.from(aad, 'utf8');
        const current = set.current();
        const candidates = [current, ...set.entries().filter((e) => e.id !== current.id)];
        for (const { id, key } of candidates) {
          const plain = tryOpen(
            keyFor(id, key, purpose),
            sealed.subarray(1, 13),
            sealed.subarray(13, 29),
            sealed.subarray(29),
            aadBytes,
          );
          if (plain) return plain;
        }
        throw new AppError('internal', 'sealed value failed authentication');
      }
      throw new AppError('internal', 'sealed value is malformed');
    },
  };
}
