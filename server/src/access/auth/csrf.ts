import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery defence for `/api/` (on top of the SameSite=Strict session cookie):
 * every state-changing request must
 *  1. carry no `Origin` other than the server's own (compared by host, with the request's own scheme
 *     ignored so a TLS-terminating proxy still works), and no `Sec-Fetch-Site: cross-site`;
 *  2. prove it was sent by script, not by a form: `X-Requested-With: karpear`, or a JSON body
 *     (`Content-Type: application/json` cannot be sent cross-site without a CORS preflight, which
 *     this server never grants).
 * Checked for every state-changing API request, signed in or not (log-in CSRF included); a request
 * without a body must send the header. Refusals are 403-free on purpose: 400 `bad_request`.
 */
export function installCsrfProtection(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    if (!request.url.startsWith('/api/')) return;
    if (!sameOrigin(request)) throw new AppError('bad_request', 'Cross-origin requests are refused');
    if (request.headers['x-requested-with'] === 'karpear') return;
    if (isJson(request.headers['content-type'])) return;
    throw new AppError('bad_request', 'Send X-Requested-With: karpear or a JSON body');
  });
}

function sameOrigin(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    // Both sides through URL, so default ports compare equal (`localhost:80` = `localhost`).
    return url.host === new URL(`${url.protocol}//${request.host}`).host;
  } catch {
    // `Origin: null` (sandboxed frames, some redirects) and garbage are not our origin.
    return false;
  }
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  return mime === 'application/json';
}
