import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets (session tokens, log-in challenges, invitation links): 256 bits from the CSPRNG,
 * base64url. Only their SHA-256 is stored, so a database dump holds nothing that can be replayed.
 * A plain hash (not argon2) is right here: the input already has 256 bits of entropy.
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of the token string's UTF-8 bytes: what `sessions.token_hash` and friends hold. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
