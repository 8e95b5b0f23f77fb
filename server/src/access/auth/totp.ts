import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/**
 * TOTP per RFC 6238 as authenticator apps expect it: HMAC-SHA-1, 6 digits, 30-second steps, base32
 * secrets of 160 bits. SHA-1 is what every authenticator app implements; as an HMAC it is still sound
 * (SECURITY.md 29's SHA-1 ban is about hashing, and RFC 6238 is the approved profile).
 * Verification accepts the previous, current and next step (clock drift) and never a step at or
 * before the last one accepted for the user, so a code cannot be replayed.
 */
export const TOTP_ISSUER = 'Karpear';

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The code for a moment (tests, the demo); production never generates codes. */
export function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/**
 * The 30-second step the code belongs to, or null when it is wrong, malformed, outside ±1 step or
 * not newer than `afterStep` (the last step accepted for this user).
 */
export async function matchTotp(
  secret: string,
  code: string,
  at: Date,
  afterStep: number,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const epoch = Math.floor(at.getTime() / 1000);
    const result = await verify({
      secret,
      token: code,
      epoch,
      epochTolerance: 30,
      ...(afterStep > 0 ? { afterTimeStep: afterStep } : {}),
    });
    return result.valid ? Math.floor(epoch / 30) + result.delta : null;
  } catch {
    return null;
  }
}

/** `otpauth://totp/Karpear:<email>?secret=…&issuer=Karpear` for the QR code. */
export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The QR code of the URI as an SVG document (the web app shows it as an image, never as markup). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
