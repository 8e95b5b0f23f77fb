import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { approvalsRoutes, authRoutes } from '../access/index.ts';
import { auditRoutes } from '../audit/index.ts';
import type { AppContext } from '../platform/context.ts';
import { type AnyJobDefinition, JobRegistry } from '../platform/jobs/index.ts';
import { agenciesRoutes } from './agencies/index.ts';
import { alertJobs, alertsRoutes } from './alerts/index.ts';
import { casesRoutes, overdueTasksJob } from './cases/index.ts';
import {
  caseEntitiesRoutes,
  entitiesRoutes,
  entityMergeRoutes,
  graphRoutes,
  personsRoutes,
} from './entities/index.ts';
import { offendersRoutes, screeningBatchJobs, screeningBatchRoutes } from './offenders/index.ts';
import { portalRoutes, slaEscalationJob, tipImportJobs, tipImportRoutes, tipsRoutes } from './tips/index.ts';
import { unitMembersRoutes, usersRoutes } from './users/index.ts';

/** Every module's job definitions (from its `<module>.jobs.ts`), gathered into one registry. */
const MODULE_JOBS: AnyJobDefinition[][] = [[slaEscalationJob], [overdueTasksJob]];

/** Jobs whose handlers need the application's dependencies (config, field cipher): built from `ctx`. */
const MODULE_JOB_FACTORIES: Array<(ctx: AppContext) => AnyJobDefinition[]> = [
  tipImportJobs,
  alertJobs,
  screeningBatchJobs,
];

/** Without `ctx` (tools that only enqueue or inspect), the factory-built jobs are left out. */
export function createJobRegistry(ctx?: AppContext): JobRegistry<AnyJobDefinition> {
  const built = ctx ? MODULE_JOB_FACTORIES.flatMap((make) => make(ctx)) : [];
  return new JobRegistry([...MODULE_JOBS.flat(), ...built]);
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
  alertsRoutes,
  offendersRoutes,
  screeningBatchRoutes,
  entitiesRoutes,
  graphRoutes,
  entityMergeRoutes,
  caseEntitiesRoutes,
  personsRoutes,
  tipImportRoutes,
  tipsRoutes,
  casesRoutes,
  unitMembersRoutes,
];

export function registerModuleRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    for (const routes of MODULE_ROUTES) await app.register(routes(ctx));
  };
}

/**
 * Server-rendered public pages mounted at the root, outside /api (the tip portal at /report). Each
 * plugin keeps its own scope: its body parsers, error pages and rate limits stay inside it.
 */
const PAGE_ROUTES: Array<(ctx: AppContext) => FastifyPluginAsync> = [portalRoutes];

export function registerPageRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    for (const routes of PAGE_ROUTES) await app.register(routes(ctx));
  };
}
