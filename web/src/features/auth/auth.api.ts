import { api } from '../../api/client';

/**
 * Log-in and enrolment calls (`/api/v1/auth/*`). The wrong-password answer is identical to the right
 * one at the first step; the failure only shows at the second step, so the UI never learns (or tells)
 * whether an account exists.
 */

export type NextStep = 'totp' | 'webauthn' | 'enrol';

export interface LoginStart {
  next: NextStep;
  challenge: string;
}

export interface SignedInUser {
  id: string;
  email: string;
  displayName: string;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  /** An SVG document produced by our server; shown through an <img> data URL, never as markup. */
  qrSvg: string;
}

/** Log-in and step-up calls: their 401s are answers to show, not a reason to leave the page. */
const quiet = { quietUnauthenticated: true, skipStepUp: true } as const;

export const authApi = {
  login: (email: string, password: string) =>
    api<LoginStart>('POST', '/api/v1/auth/login', { email, password }, quiet),
  totp: (challenge: string, code: string) =>
    api<{ user: SignedInUser }>('POST', '/api/v1/auth/totp', { challenge, code }, quiet),
  recovery: (challenge: string, code: string) =>
    api<{ user: SignedInUser }>('POST', '/api/v1/auth/recovery', { challenge, code }, quiet),
  webauthnOptions: (challenge: string) =>
    api<unknown>('POST', '/api/v1/auth/webauthn/options', { challenge }, quiet),
  webauthn: (challenge: string, response: unknown) =>
    api<{ user: SignedInUser }>('POST', '/api/v1/auth/webauthn', { challenge, response }, quiet),
  enrolTotp: (challenge: string) =>
    api<TotpEnrolment>('POST', '/api/v1/auth/enrol/totp', { challenge }, quiet),
  confirmTotp: (challenge: string, code: string) =>
    api<{ recoveryCodes: string[] }>('POST', '/api/v1/auth/enrol/totp/confirm', { challenge, code }, quiet),
  enrolWebauthnOptions: (challenge: string) =>
    api<unknown>('POST', '/api/v1/auth/enrol/webauthn/options', { challenge }, quiet),
  enrolWebauthn: (challenge: string, response: unknown) =>
    api<{ recoveryCodes?: string[] }>('POST', '/api/v1/auth/enrol/webauthn', { challenge, response }, quiet),
  acceptInvitation: (token: string, password: string) =>
    api<{ next: 'login' }>('POST', '/api/v1/auth/invitation', { token, password }, quiet),
  logout: () => api<void>('POST', '/api/v1/auth/logout', undefined, quiet),
  stepUp: (code: string) => api<void>('POST', '/api/v1/auth/step-up', { code }, quiet),
  stepUpWebauthnOptions: () => api<unknown>('POST', '/api/v1/auth/step-up/webauthn/options', {}, quiet),
  stepUpWebauthn: (response: unknown) =>
    api<void>('POST', '/api/v1/auth/step-up/webauthn', { response }, quiet),
  changePassword: (currentPassword: string, newPassword: string) =>
    api<void>('POST', '/api/v1/me/password', { currentPassword, newPassword }),
};

/**
 * Runs the browser's WebAuthn ceremony. @simplewebauthn/browser is loaded only when someone presses a
 * security-key button, so it never weighs on the login page's first load.
 */
export async function webauthnAssertion(optionsJSON: unknown): Promise<unknown> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  // The server's options come from @simplewebauthn/server: the JSON shape startAuthentication expects.
  return startAuthentication({
    optionsJSON: optionsJSON as Parameters<typeof startAuthentication>[0]['optionsJSON'],
  });
}

export async function webauthnRegistration(optionsJSON: unknown): Promise<unknown> {
  const { startRegistration } = await import('@simplewebauthn/browser');
  return startRegistration({
    optionsJSON: optionsJSON as Parameters<typeof startRegistration>[0]['optionsJSON'],
  });
}

/** Whether this browser can use a security key or passkey at all (no library needed to know). */
export function webauthnAvailable(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}
