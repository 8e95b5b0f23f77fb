import { healthSchema } from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { migrationStatus } from '../db/index.ts';

/**
 * `GET /api/health`: for load balancers and the status card. 200 when the database answers and every
 * migration is applied, 503 otherwise. Says nothing about data, only about the machine.
 */
export function healthRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/health',
      {
        config: { access: { public: 'liveness probe for load balancers; reveals no data' } },
        schema: {
          tags: ['platform'],
          summary: 'Is this server ready?',
          response: { 200: healthSchema, 503: healthSchema },
        },
      },
      async (_request, reply) => {
        let reachable = false;
        let migrationsCurrent = false;
        try {
          migrationsCurrent = (await migrationStatus(ctx.database)).current;
          reachable = true;
        } catch {
          reachable = false;
        }
        const ok = reachable && migrationsCurrent;
        return reply.status(ok ? 200 : 503).send({
          status: ok ? 'ok' : 'degraded',
          version: ctx.version,
          database: { engine: ctx.database.engine, reachable, migrationsCurrent },
        });
      },
    );
  };
}
