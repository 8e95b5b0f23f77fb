import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../actor.ts';

/**
 * Resolve the actor of a request from its session cookie. Until sessions exist nobody is signed in:
 * deny by default.
 */
export async function resolveActor(_ctx: AppContext, _request: FastifyRequest): Promise<Actor | undefined> {
  return undefined;
}
