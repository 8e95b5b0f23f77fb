import type { AgencyType, Role } from '@karpear/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.ts';

/**
 * Who is acting: resolved from the session on every request (never cached across requests, so a
 * disabled user or a removed role is denied on the very next one). Services take an Actor, never a
 * request.
 */
export interface Actor {
  userId: string;
  agencyId: string;
  agencyType: AgencyType;
  unitId: string | null;
  roles: Role[];
  sessionId: string;
  /** When the second factor was last proven in this session (log-in or step-up). */
  stepUpAt: Date;
  ip: string | null;
  requestId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** The signed-in actor of a request that went through the route guard. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in first');
  return request.actor;
}
