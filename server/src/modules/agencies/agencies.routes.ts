import { pageQuerySchema } from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import {
  agencyPageSchema,
  agencySchema,
  createAgencyBodySchema,
  createUnitBodySchema,
  idParamsSchema,
  unitPageSchema,
  unitSchema,
  updateAgencyBodySchema,
  updateUnitBodySchema,
} from './agencies.schema.ts';
import * as service from './agencies.service.ts';

const tags = ['agencies'];

/** Agencies and units administration. Thin: validated input → one service call (which authorizes). */
export function agenciesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/agencies',
      {
        config: { access: { action: 'agencies.list' } },
        schema: {
          tags,
          summary: 'Agencies the caller may see: all for system administrators, otherwise their own',
          querystring: pageQuerySchema,
          response: { 200: agencyPageSchema },
        },
      },
      async (request) => service.listAgencies(ctx, actorOf(request), request.query),
    );

    app.post(
      '/agencies',
      {
        config: { access: { action: 'agencies.create' } },
        schema: {
          tags,
          summary: 'Create an agency (system administrators)',
          body: createAgencyBodySchema,
          response: { 201: agencySchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createAgency(ctx, actorOf(request), request.body)),
    );

    app.get(
      '/agencies/:id',
      {
        config: { access: { action: 'agencies.read' } },
        schema: { tags, summary: 'One agency', params: idParamsSchema, response: { 200: agencySchema } },
      },
      async (request) => service.getAgency(ctx, actorOf(request), request.params.id),
    );

    app.patch(
      '/agencies/:id',
      {
        config: { access: { action: 'agencies.update' } },
        schema: {
          tags,
          summary: 'Rename an agency or change its code or country (system administrators)',
          params: idParamsSchema,
          body: updateAgencyBodySchema,
          response: { 200: agencySchema },
        },
      },
      async (request) => service.updateAgency(ctx, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/agencies/:id/units',
      {
        config: { access: { action: 'agencies.list_units' } },
        schema: {
          tags,
          summary: "An agency's units",
          params: idParamsSchema,
          querystring: pageQuerySchema,
          response: { 200: unitPageSchema },
        },
      },
      async (request) => service.listUnits(ctx, actorOf(request), request.params.id, request.query),
    );

    app.post(
      '/agencies/:id/units',
      {
        config: { access: { action: 'agencies.create_unit' } },
        schema: {
          tags,
          summary: 'Add a unit to an agency (system administrators; agency administrators for their own)',
          params: idParamsSchema,
          body: createUnitBodySchema,
          response: { 201: unitSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createUnit(ctx, actorOf(request), request.params.id, request.body)),
    );

    app.patch(
      '/units/:id',
      {
        config: { access: { action: 'agencies.update_unit' } },
        schema: {
          tags,
          summary: 'Change a unit (system administrators; agency administrators for their own agency)',
          params: idParamsSchema,
          body: updateUnitBodySchema,
          response: { 200: unitSchema },
        },
      },
      async (request) => service.updateUnit(ctx, actorOf(request), request.params.id, request.body),
    );
  };
}
