/**
 * Signing in for the authorization tests: the shared `signInAs` (server/test/auth.ts) opens a real
 * session row for a user, as the log-in does after the second factor, and returns the Cookie header.
 */
export { signInAs } from '../auth.ts';
