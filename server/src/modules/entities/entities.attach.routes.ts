import {
  caseIdentifierDetachedSchema,
  caseIdentifierListSchema,
  identifierInputSchema,
  noBodySchema,
} from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { attachIdentifierToCase, CASE_ENTITY_ROLES } from './entities.attach.ts';
import { detachIdentifierFromCase, listCaseIdentifiers } from './entities.detach.ts';

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

/**
 * A case's identifiers: list, attach with a role (deconfliction runs), remove one link (by link id).
 * Thin: input → one service call.
 */
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

    app.get(
      '/cases/:id/identifiers',
      {
        config: { access: { action: 'cases.read_full' } },
        schema: {
          tags: ['entities'],
          summary:
            "A case's identifiers, one row per link (identifier and role), with the link id to remove it",
          params: z.object({ id: z.uuid() }),
          response: { 200: caseIdentifierListSchema },
        },
      },
      async (request) => listCaseIdentifiers(ctx, actorOf(request), request.params.id),
    );

    app.delete(
      '/cases/:id/identifiers/:linkId',
      {
        config: { access: { action: 'cases.update' } },
        schema: {
          tags: ['entities'],
          summary: 'Remove one identifier link from a case (count adjusted, timeline event, audited)',
          params: z.object({ id: z.uuid(), linkId: z.uuid() }),
          body: noBodySchema,
          response: { 200: caseIdentifierDetachedSchema },
        },
      },
      async (request) =>
        detachIdentifierFromCase(ctx, actorOf(request), request.params.id, request.params.linkId),
    );
  };
}
