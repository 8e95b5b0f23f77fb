import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { resolveActor } from './auth/index.ts';
import { canPerformAction } from './policy/index.ts';

/**
 * The route guard: for every route whose `config.access` names an action, resolve the actor from the
 * session (401 when there is none) and ask the policy engine whether the actor's roles allow the
 * action at all (404 when not — the same answer as a missing record). Record-level checks
 * (agency, unit, team, handling code, grants) happen in the service with `authorize()`.
 * Public routes still get `request.actor` when a valid session is present. It runs before body
 * validation, so an anonymous or role-denied caller learns nothing from a 400 about the body shape.
 */
export function installRouteGuard(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    const actor = await resolveActor(ctx, request);
    if (actor) request.actor = actor;
    if ('public' in access) return;
    if (!actor) throw new AppError('unauthenticated', 'Sign in first');
    if (!canPerformAction(actor, access.action)) throw AppError.notFound();
  });
}
