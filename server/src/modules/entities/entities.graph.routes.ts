import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { graphQuerySchema, graphSchema } from './entities.graph.schema.ts';
import { getGraph } from './entities.graph.ts';

/** The link chart's data. Thin: validated input → one service call. */
export function graphRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/graph',
      {
        config: { access: { action: 'entities.graph' } },
        schema: {
          tags: ['entities'],
          summary:
            'Link chart: records, identifiers and persons up to N hops from a root; records the caller may not read show only their holder',
          querystring: graphQuerySchema,
          response: { 200: graphSchema },
        },
      },
      async (request) => getGraph(ctx, actorOf(request), request.query),
    );
  };
}
