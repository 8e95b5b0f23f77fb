import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../../../platform/crypto/index.ts';

/**
 * Two small sealed tokens (AES-GCM under a key derived from the KEK, so nothing is stored):
 * - the form token, in every portal form: proves the post came from a form this server rendered
 *   recently (with the same-origin check, the portal's CSRF defence — the reporter has no session).
 *   Its random nonce becomes the tip's `source_key`, so one rendered form files at most one tip: a
 *   reload of the receipt page (the browser posts again) or a bot replaying one token files nothing;
 * - the status token, in the status page's "add information" form: proves this browser entered the
 *   right receipt code a short while ago, so the code itself never has to sit in the page.
 * Tampered, foreign or expired tokens are simply invalid (null), never an error.
 */

const FORM_PURPOSE = 'portal-form-token';
const STATUS_PURPOSE = 'portal-status-token';
/** Long enough to write a careful report on a phone. */
export const FORM_TOKEN_TTL_MS = 6 * 3600_000;
/** The status page's add-information form stays usable this long after the code was entered. */
export const STATUS_TOKEN_TTL_MS = 30 * 60_000;
const MAX_TOKEN_LENGTH = 512;

function seal(box: SecretBox, purpose: string, payload: object): string {
  return box.seal(purpose, Buffer.from(JSON.stringify(payload), 'utf8'), purpose).toString('base64url');
}

function open(box: SecretBox, purpose: string, token: string | undefined): Record<string, unknown> | null {
  if (!token || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const parsed: unknown = JSON.parse(
      box.open(purpose, Buffer.from(token, 'base64url'), purpose).toString('utf8'),
    );
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function issueFormToken(box: SecretBox, now: Date): string {
  return seal(box, FORM_PURPOSE, { iat: now.getTime(), n: randomBytes(16).toString('base64url') });
}

/** The form's nonce when the token is genuine and fresh, else null. */
export function checkFormToken(box: SecretBox, token: string | undefined, now: Date): string | null {
  const payload = open(box, FORM_PURPOSE, token);
  if (!payload || typeof payload.iat !== 'number' || typeof payload.n !== 'string') return null;
  const age = now.getTime() - payload.iat;
  // A minute of slack for clocks of several server processes.
  return age >= -60_000 && age <= FORM_TOKEN_TTL_MS ? payload.n : null;
}

export function issueStatusToken(box: SecretBox, tipId: string, now: Date): string {
  return seal(box, STATUS_PURPOSE, { tip: tipId, exp: now.getTime() + STATUS_TOKEN_TTL_MS });
}

/** The tip id the token was issued for, or null when it is invalid or expired. */
export function openStatusToken(box: SecretBox, token: string | undefined, now: Date): string | null {
  const payload = open(box, STATUS_PURPOSE, token);
  if (!payload || typeof payload.tip !== 'string' || typeof payload.exp !== 'number') return null;
  return now.getTime() <= payload.exp ? payload.tip : null;
}
