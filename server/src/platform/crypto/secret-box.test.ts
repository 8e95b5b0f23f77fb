import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KekSet, kekIdOf } from './kek-set.ts';
import { ephemeralKeyring } from './keyring.ts';
import { createSecretBox, sealedAad, sealedKekId } from './secret-box.ts';

const aad = sealedAad('totp_factors', 'secret_sealed', 'user-1');

/** A value sealed the way the box did before key ids existed (layout v1). */
function sealV1(kek: Buffer, purpose: string, plaintext: Buffer, additional: string): Buffer {
  const key = Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), `karpear:${purpose}`, 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(additional, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
}

describe('secret box', () => {
  it('seals with the current key id in the header and opens only with the same purpose and AAD', () => {
    const keks = new KekSet([randomBytes(32)]);
    const box = createSecretBox(keks);
    const sealed = box.seal('totp', Buffer.from('JBSWY3DPEHPK3PXP'), aad);
    expect(sealedKekId(sealed)).toBe(keks.currentId);
    expect(box.open('totp', sealed, aad).toString()).toBe('JBSWY3DPEHPK3PXP');
    expect(() => box.open('totp', sealed, sealedAad('totp_factors', 'secret_sealed', 'user-2'))).toThrow(
      /failed authentication/,
    );
    expect(() => box.open('other', sealed, aad)).toThrow(/failed authentication/);
    const header = Buffer.from(sealed);
    header[3] = header[3]! ^ 1; // the key id is authenticated too
    expect(() => box.open('totp', header, aad)).toThrow(/not loaded|failed authentication/);
  });

  it('opens values sealed under an older KEK and v1 values, after rotating', () => {
    const old = randomBytes(32);
    const keks = new KekSet([old]);
    const box = createSecretBox(keks);
    const before = box.seal('totp', Buffer.from('old-secret'), aad);
    const legacy = sealV1(old, 'totp', Buffer.from('legacy'), aad);
    const next = randomBytes(32);
    keks.setCurrent(keks.add(next));
    const after = box.seal('totp', Buffer.from('new-secret'), aad);
    expect(sealedKekId(after)).toBe(kekIdOf(next));
    expect(box.open('totp', before, aad).toString()).toBe('old-secret');
    expect(box.open('totp', after, aad).toString()).toBe('new-secret');
    expect(box.open('totp', legacy, aad).toString()).toBe('legacy');
    expect(sealedKekId(legacy)).toBeNull();
    // A box that never knew the old key cannot open what it sealed.
    expect(() => createSecretBox(new KekSet([next])).open('totp', before, aad)).toThrow(/not loaded/);
  });

  it('finds the whole key set from the keyring buffer older call sites pass', () => {
    const keyring = ephemeralKeyring();
    const sealed = createSecretBox(keyring.kek).seal('totp', Buffer.from('x'), aad);
    keyring.keks.setCurrent(keyring.keks.add(randomBytes(32)));
    expect(createSecretBox(keyring.kek).open('totp', sealed, aad).toString()).toBe('x');
    expect(sealedKekId(createSecretBox(keyring.kek).seal('totp', Buffer.from('y'), aad))).toBe(
      keyring.keks.currentId,
    );
  });

  it('refuses malformed values with a clear error', () => {
    const box = createSecretBox(randomBytes(32));
    expect(() => box.open('totp', Buffer.from([9, 1, 2]), aad)).toThrow(/malformed/);
  });
});
