import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';

/**
 * AES-256-GCM sealing of small secrets (TOTP seeds, field values) under a key derived with HKDF from
 * the key-encryption key for one *purpose*. Additional authenticated data binds the ciphertext to
 * where it lives (table/column/row), so a ciphertext copied elsewhere fails to open.
 * Layout: version(1) | iv(12) | tag(16) | ciphertext.
 */
const VERSION = 1;

export interface SecretBox {
  seal(purpose: string, plaintext: Buffer, aad: string): Buffer;
  open(purpose: string, sealed: Buffer, aad: string): Buffer;
}

export function createSecretBox(kek: Buffer): SecretBox {
  if (kek.length !== 32) throw new Error('the key-encryption key must be 32 bytes');
  const keys = new Map<string, Buffer>();
  const keyFor = (purpose: string): Buffer => {
    let key = keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), `karpear:${purpose}`, 32));
      keys.set(purpose, key);
    }
    return key;
  };
  return {
    seal(purpose, plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(purpose, sealed, aad) {
      if (sealed.length < 29 || sealed[0] !== VERSION)
        throw new AppError('internal', 'sealed value is malformed');
      const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), sealed.subarray(1, 13));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(sealed.subarray(13, 29));
      try {
        return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
      } catch {
        throw new AppError('internal', 'sealed value failed authentication');
      }
    },
  };
}
