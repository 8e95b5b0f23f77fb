import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';

/**
 * The list of domain modules whose routes are mounted under /api/v1. A module contributes a plugin
 * from its `index.ts`; adding a module here is the only wiring it needs.
 */
const MODULE_ROUTES: Array<(ctx: AppContext) => FastifyPluginAsyncZod> = [];

export function registerModuleRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    for (const routes of MODULE_ROUTES) await app.register(routes(ctx));
  };
}
