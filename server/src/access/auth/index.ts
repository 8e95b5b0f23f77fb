/** Authentication: sessions, log-in, second factors, invitations. */

export { authRoutes } from './auth.plugin.ts';
export { ACCOUNT_POLICY } from './auth.policy.ts';
export { INSECURE_SESSION_COOKIE, SESSION_COOKIE, sessionCookieName } from './cookies.ts';
export { installCsrfProtection } from './csrf.ts';
export { type FactorSummary, factorSummary, loadTotp, saveTotp } from './factors.ts';
export { clearAuthFailures, type RequestOrigin, sessionEvent } from './failures.ts';
export { createInvitation, type InvitationPurpose, invitationPath } from './invitations.ts';
export { assertAcceptablePassword, passwordProblem } from './password-policy.ts';
export { requireStepUp, resolveActor } from './session-resolver.ts';
export { type CreatedSession, createSession, revokeAllSessionsOfUser } from './sessions.ts';
export { newTotpSecret, totpCode } from './totp.ts';
