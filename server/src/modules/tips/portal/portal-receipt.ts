import { randomInt } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../users/index.ts';

/**
 * The reporter's receipt code: 16 random digits (crypto.randomInt, two draws of 8 digits since one
 * draw is limited to 2^48), shown once and never stored. The first `LOCATOR_DIGITS` are the lookup key
 * (`tips.receipt_locator`, unique); the whole code is stored only as an argon2id hash
 * (`tips.receipt_hash`, the password parameters). The 10 digits past the locator are the secret
 * (10^10 guesses behind a slow hash and a per-IP rate limit).
 */
export const RECEIPT_DIGITS = 16;
export const LOCATOR_DIGITS = 6;

export function generateReceiptCode(): string {
  const half = () => String(randomInt(0, 100_000_000)).padStart(8, '0');
  return half() + half();
}

export function receiptLocator(code: string): string {
  return code.slice(0, LOCATOR_DIGITS);
}

export function hashReceiptCode(code: string): Promise<string> {
  return hashPassword(code);
}

/** A hash of a code nobody holds, verified when the locator is unknown so both answers take as long. */
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(generateReceiptCode());
  return dummyHash;
}

/** Start computing the dummy hash at start-up so the first unknown code is not answered faster. */
export function warmUpReceiptHash(): void {
  void dummy();
}

/**
 * True when `code` matches `hash`. With no hash (unknown locator) a dummy hash is verified instead,
 * so unknown and wrong codes cost the same time.
 */
export async function verifyReceiptCode(hash: string | null, code: string): Promise<boolean> {
  if (hash === null) {
    await verifyPassword(await dummy(), code);
    return false;
  }
  return verifyPassword(hash, code);
}
