import { identifierInputSchema } from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { attachIdentifierToCase, CASE_ENTITY_ROLES } from './entities.attach.ts';

const attachBody = identifierInputSchema.extend({ role: z.enum(CASE_ENTITY_ROLES) });
const attachResult = z.object({
  identifierId: z.uuid(),
  kind: z.string(),
  value: z.string(),
  role: z.enum(CASE_ENTITY_ROLES),
  linked: z.boolean(),
  stopListed: z.string().nullable(),
  deconfliction: z.object({ matches: z.number().int(), alertsRaised: z.number().int() }),
});

/** Attach an identifier to a case with its role (deconfliction runs). Thin: input → one service call. */
export function caseEntitiesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/cases/:id/identifiers',
      {
        config: { access: { action: 'cases.update' } },
        schema: {
          tags: ['entities'],
          summary:
            'Attach an identifier (phone, e-mail, passport…) to a case with its role; other holders sharing it are alerted',
          params: z.object({ id: z.uuid() }),
          body: attachBody,
          response: { 201: attachResult },
        },
      },
      async (request, reply) => {
        const result = await attachIdentifierToCase(ctx, actorOf(request), request.params.id, request.body);
        return reply.code(201).send(result);
      },
    );
  };
}
