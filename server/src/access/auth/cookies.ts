import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.ts';

/**
 * The session cookie. Over HTTPS (`config.secureCookies`) it is `__Host-karpear`: Secure, HttpOnly,
 * SameSite=Strict, Path=/, no Domain, so no sibling host or plain-HTTP page can set or read it.
 * Browsers refuse a `__Host-` cookie without `Secure` (checked with Chromium 156 on http://127.0.0.1
 * and http://localhost), so a plain-HTTP demo or test server uses the name `karpear` with the same
 * attributes minus Secure. Production must run with secure cookies.
 */
export const SESSION_COOKIE = '__Host-karpear';
export const INSECURE_SESSION_COOKIE = 'karpear';

export function sessionCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? SESSION_COOKIE : INSECURE_SESSION_COOKIE;
}

function cookieOptions(config: Pick<Config, 'secureCookies'>) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.secureCookies };
}

/** Read the session token from the Cookie header (no plugin needed: the guard runs on every route). */
export function readSessionToken(
  request: FastifyRequest,
  config: Pick<Config, 'secureCookies'>,
): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  const name = sessionCookieName(config);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    // A token is base64url of 32 bytes (43 characters); anything else is not ours.
    return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
  }
  return null;
}

/** Needs @fastify/cookie registered in the route's scope (the auth routes plugin does). */
export function setSessionCookie(
  reply: FastifyReply,
  config: Pick<Config, 'secureCookies'>,
  token: string,
): void {
  reply.setCookie(sessionCookieName(config), token, cookieOptions(config));
}

export function clearSessionCookie(reply: FastifyReply, config: Pick<Config, 'secureCookies'>): void {
  reply.clearCookie(sessionCookieName(config), cookieOptions(config));
}
