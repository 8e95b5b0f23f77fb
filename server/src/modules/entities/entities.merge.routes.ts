import { entityMergeBodySchema, entityMergeSchema, noBodySchema } from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { mergeIdentifier, undoIdentifierMerge } from './entities.merge.ts';

const tags = ['entities'];

/** Merge a duplicate identifier into another of the same kind, and undo it. Thin: input → one service call. */
export function entityMergeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/entities/:id/merge',
      {
        config: { access: { action: 'entities.merge' } },
        schema: {
          tags,
          summary:
            'Merge this identifier into another of the same kind (its links move to the survivor; undoable)',
          params: z.object({ id: z.uuid() }),
          body: entityMergeBodySchema,
          response: { 201: entityMergeSchema },
        },
      },
      async (request, reply) => {
        const merge = await mergeIdentifier(ctx, actorOf(request), request.params.id, request.body);
        return reply.code(201).send(merge);
      },
    );

    app.post(
      '/entities/merges/:id/undo',
      {
        config: { access: { action: 'entities.merge' } },
        schema: {
          tags,
          summary: 'Undo an identifier merge exactly (links and counts restored); a second undo answers 409',
          params: z.object({ id: z.uuid() }),
          body: noBodySchema,
          response: { 200: entityMergeSchema },
        },
      },
      async (request) => undoIdentifierMerge(ctx, actorOf(request), request.params.id),
    );
  };
}
