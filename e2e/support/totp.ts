import { createHmac } from 'node:crypto';

/**
 * RFC 6238 TOTP (HMAC-SHA-1, 6 digits, 30-second steps; the parameters of authenticator apps and of
 * the server), written out with node:crypto so the e2e tests share no code with the server they test.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (upper- or lower-case, padding and spaces ignored). */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP for one counter value. */
export function hotp(secret: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export const TOTP_STEP_SECONDS = 30;

/** The 30-second step a moment falls in. */
export function totpStep(at: number = Date.now()): number {
  return Math.floor(at / 1000 / TOTP_STEP_SECONDS);
}

/** The code for `secret` (base32) at step `step` (default: now). */
export function totpCode(secretBase32: string, step: number = totpStep()): string {
  return hotp(base32Decode(secretBase32), step);
}

/**
 * Codes are single-use per step (the server refuses a step it has already accepted). Hands out, per
 * secret, the current step's code or, when that step was already used, the next one (servers accept
 * ±1 step), waiting for the clock when both are used.
 */
const lastUsedStep = new Map<string, number>();

export async function freshTotpCode(secretBase32: string): Promise<string> {
  for (;;) {
    const now = totpStep();
    const last = lastUsedStep.get(secretBase32) ?? Number.NEGATIVE_INFINITY;
    const step = last < now ? now : last === now ? now + 1 : undefined;
    if (step !== undefined) {
      lastUsedStep.set(secretBase32, step);
      return totpCode(secretBase32, step);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
