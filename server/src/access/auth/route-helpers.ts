import type { FastifyRequest } from 'fastify';
import type { RequestOrigin } from './failures.ts';
import type { RelyingParty } from './webauthn.service.ts';

/** Where the request came from, for failure rows and audit events. */
export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip ?? null, requestId: request.id ?? null };
}

/**
 * The WebAuthn relying party is the host the browser talked to: RP id = host name, origin = scheme
 * and host as the browser saw them (behind a TLS proxy, Fastify's `trustProxy` must be set so the
 * scheme is https). A fixed configured RP id can replace this later.
 */
export function relyingPartyOf(request: FastifyRequest): RelyingParty {
  // Through URL so a default port is dropped (`Host: localhost:80` → `http://localhost`), as browsers do.
  return { rpID: request.hostname, origin: new URL(`${request.protocol}://${request.host}`).origin };
}
