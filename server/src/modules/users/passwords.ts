import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`; the enum is `const`, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id with OWASP's minimum (19 MiB, t = 2, p = 1; SECURITY.md 11). The parameters are stored in
 * the hash string, so raising them later still verifies old hashes.
 */
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** A random password for generated accounts: 20 characters from a 56-symbol alphabet (~116 bits). */
export function generatePassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  // Rejection sampling keeps every symbol equally likely.
  for (const b of bytes) {
    if (b >= alphabet.length * Math.floor(256 / alphabet.length)) continue;
    out += alphabet[b % alphabet.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : generatePassword(length);
}
