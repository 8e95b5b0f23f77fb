import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { approvalsRoutes, authRoutes } from '../access/index.ts';
import { auditRoutes } from '../audit/index.ts';
import type { AppContext } from '../platform/context.ts';
import { type AnyJobDefinition, JobRegistry } from '../platform/jobs/index.ts';
import { agenciesRoutes } from './agencies/index.ts';
import { usersRoutes } from './users/index.ts';

/** Every module's job definitions (from its `<module>.jobs.ts`), gathered into one registry. */
const MODULE_JOBS: AnyJobDefinition[][] = [];

export function createJobRegistry(): JobRegistry<AnyJobDefinition> {
  return new JobRegistry(MODULE_JOBS.flat());
}

/**
 * The list of domain modules whose routes are mounted under /api/v1. A module contributes a plugin
 * from its `index.ts`; adding a module here is the only wiring it needs.
 */
const MODULE_ROUTES: Array<(ctx: AppContext) => FastifyPluginAsyncZod> = [
  authRoutes,
  usersRoutes,
  agenciesRoutes,
  approvalsRoutes,
  auditRoutes,
];

export function registerModuleRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    for (const routes of MODULE_ROUTES) await app.register(routes(ctx));
  };
}
