import { CLIENT_ERROR, isApiError } from '../../api/client';

/**
 * What a failed log-in step may tell the person. Deliberately coarse: never which of e-mail, password
 * or code was wrong, never whether the account exists or is locked (SECURITY.md B10).
 */
export type AuthErrorKey =
  | 'auth.errors.generic'
  | 'auth.errors.rateLimited'
  | 'auth.errors.network'
  | 'auth.errors.webauthnFailed';

export function authErrorKey(error: unknown): AuthErrorKey {
  if (isApiError(error)) {
    if (error.status === 429 || error.code === 'rate_limited') return 'auth.errors.rateLimited';
    if (error.code === CLIENT_ERROR.network || error.status >= 500) return 'auth.errors.network';
    return 'auth.errors.generic';
  }
  // The browser's WebAuthn ceremony throws DOMExceptions (NotAllowedError when cancelled or timed out).
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name.startsWith('WebAuthn'))) {
    return 'auth.errors.webauthnFailed';
  }
  return 'auth.errors.generic';
}

/** Digits only: people type or paste "123 456" or "123-456". */
export function normaliseTotp(code: string): string {
  return code.replace(/\D/g, '');
}

export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(normaliseTotp(code));
}
