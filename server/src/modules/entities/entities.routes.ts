import { entityDetailSchema, entityListQuerySchema, entityPageSchema } from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import * as service from './entities.service.ts';

const tags = ['entities'];

/** Identifier search and an identifier's page. Thin: validated input → one service call. */
export function entitiesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/entities',
      {
        config: { access: { action: 'entities.list' } },
        schema: {
          tags,
          summary: "Identifiers of the caller's records, or any identifier typed in whole (deconfliction)",
          querystring: entityListQuerySchema,
          response: { 200: entityPageSchema },
        },
      },
      async (request) => service.listEntities(ctx, actorOf(request), request.query),
    );

    app.get(
      '/entities/:id',
      {
        config: { access: { action: 'entities.read' } },
        schema: {
          tags,
          summary: 'One identifier and its records; records the caller may not read show only their holder',
          params: z.object({ id: z.uuid() }),
          response: { 200: entityDetailSchema },
        },
      },
      async (request) => service.getEntity(ctx, actorOf(request), request.params.id),
    );
  };
}
