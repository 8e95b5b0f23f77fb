import {
  attachPersonBodySchema,
  attachPersonResultSchema,
  casePersonsSchema,
  mergePersonBodySchema,
  noBodySchema,
  personMergeResultSchema,
  personUndoResultSchema,
  personViewSchema,
} from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { mergePerson, undoPersonMerge } from './persons.merge.ts';
import { attachPersonToCase, detachPersonFromCase, getPerson, listCasePersons } from './persons.service.ts';

const tags = ['persons'];
const caseParams = z.object({ id: z.uuid() });

/** Persons on cases, one person's identity, merge and undo (issue 7 §5). Thin: input → one service call. */
export function personsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/cases/:id/persons',
      {
        config: { access: { action: 'persons.attach' } },
        schema: {
          tags,
          summary:
            'Add a person (new identity, stored encrypted, or a known person id) to a case with a role; other holders of the same person are alerted',
          params: caseParams,
          body: attachPersonBodySchema,
          response: { 201: attachPersonResultSchema },
        },
      },
      async (request, reply) => {
        const result = await attachPersonToCase(ctx, actorOf(request), request.params.id, request.body);
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/cases/:id/persons',
      {
        config: { access: { action: 'persons.list' } },
        schema: {
          tags,
          summary: 'The people on a case with their roles (victims by code outside the case team); audited',
          params: caseParams,
          response: { 200: casePersonsSchema },
        },
      },
      async (request) => listCasePersons(ctx, actorOf(request), request.params.id),
    );

    app.delete(
      '/cases/:id/persons/:linkId',
      {
        config: { access: { action: 'persons.detach' } },
        schema: {
          tags,
          summary: 'Remove a person from a case (the link is kept as removed); audited',
          params: z.object({ id: z.uuid(), linkId: z.uuid() }),
          body: noBodySchema,
          response: { 200: z.object({ linkId: z.uuid(), removedAt: z.string() }) },
        },
      },
      async (request) =>
        detachPersonFromCase(ctx, actorOf(request), request.params.id, request.params.linkId),
    );

    app.get(
      '/persons/:id',
      {
        config: { access: { action: 'persons.read' } },
        schema: {
          tags,
          summary:
            "A person's identity, decrypted, for readers of a case they are on (victims: code only outside the team); audited",
          params: z.object({ id: z.uuid() }),
          response: { 200: personViewSchema },
        },
      },
      async (request) => getPerson(ctx, actorOf(request), request.params.id),
    );

    app.post(
      '/persons/:id/merge',
      {
        config: { access: { action: 'persons.merge' } },
        schema: {
          tags,
          summary:
            'Merge this person into another person of the same agency (their case links move); undoable',
          params: z.object({ id: z.uuid() }),
          body: mergePersonBodySchema,
          response: { 200: personMergeResultSchema },
        },
      },
      async (request) => mergePerson(ctx, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/persons/merges/:id/undo',
      {
        config: { access: { action: 'persons.merge' } },
        schema: {
          tags,
          summary: 'Undo a person merge exactly (once)',
          params: z.object({ id: z.uuid() }),
          body: noBodySchema,
          response: { 200: personUndoResultSchema },
        },
      },
      async (request) => undoPersonMerge(ctx, actorOf(request), request.params.id),
    );
  };
}
