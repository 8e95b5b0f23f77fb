import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormValues } from './portal-form.ts';
import { isPortalLanguage, type PortalLanguage } from './portal-messages.ts';

/**
 * HTTP details of the portal: the form-body parser, the reporter's language, the same-origin check,
 * and the headers every portal page carries.
 */

/** Percent-encoded Khmer takes 9 bytes a character: 8,000 characters of report need ~72 KB. */
export const FORM_BODY_LIMIT = 256 * 1024;
const MAX_FIELDS = 100;
const MAX_NAME = 64;

/** application/x-www-form-urlencoded → one string per name (the first one wins; extra names ignored). */
export function parseFormBody(body: string): FormValues {
  const values: FormValues = {};
  let fields = 0;
  for (const [name, value] of new URLSearchParams(body)) {
    if (name.length > MAX_NAME || Object.hasOwn(values, name)) continue;
    if (++fields > MAX_FIELDS) break;
    values[name] = value;
  }
  return values;
}

/**
 * Content security policy of portal pages: stricter than the web app's (no script at all, no style but
 * the page's one stylesheet, allowed by its hash — `styleHash`, `sha256-<base64>` — and no style
 * attribute; fonts from this origin), forms post only here.
 */
export function portalCsp(styleHash: string): string {
  return [
    "default-src 'none'",
    `style-src '${styleHash}'`,
    "font-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const LANG_COOKIE = 'karpear_portal_lang';
const YEAR_SECONDS = 365 * 24 * 3600;

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The page language: `?lang=` when given (and then remembered in a cookie that holds only `km` or
 * `en`), else the remembered one, else Khmer. The browser's Accept-Language is ignored on purpose:
 * shared phones and borrowed devices make it a poor guess, and Khmer is the portal's default.
 */
export function portalLanguage(request: FastifyRequest, reply?: FastifyReply): PortalLanguage {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isPortalLanguage(asked)) {
    reply?.header(
      'Set-Cookie',
      `${LANG_COOKIE}=${asked}; Path=/report; Max-Age=${YEAR_SECONDS}; SameSite=Strict; HttpOnly`,
    );
    return asked;
  }
  const remembered = cookieValue(request, LANG_COOKIE);
  return isPortalLanguage(remembered) ? remembered : 'km';
}

/**
 * A portal POST must come from a page of this site. Browsers say so in `Sec-Fetch-Site`; the
 * `Origin` header is often `null` here because every page has `Referrer-Policy: no-referrer`, so a
 * real origin is compared and `null` is left to Sec-Fetch-Site and the form token.
 */
export function isSameOriginPost(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return url.host === new URL(`${url.protocol}//${request.host}`).host;
  } catch {
    return false;
  }
}

/** Send a portal page: HTML, never cached (forms carry tokens, the receipt its code), strict CSP. */
export function sendPage(reply: FastifyReply, status: number, body: string, csp: string): FastifyReply {
  return reply
    .status(status)
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', csp)
    .type('text/html; charset=utf-8')
    .send(body);
}
