import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import {
  activationDecisionBodySchema,
  activationRequestBodySchema,
  createEntryBodySchema,
  createTravelBodySchema,
  entryDetailSchema,
  entryListQuerySchema,
  entryPageSchema,
  expireBodySchema,
  idParamsSchema,
  removeBodySchema,
  screeningCheckBodySchema,
  screeningResultSchema,
  travelListQuerySchema,
  travelPageSchema,
  travelSchema,
  updateEntryBodySchema,
} from './offenders.schema.ts';
import * as register from './register.service.ts';
import { ScreeningService } from './screening.service.ts';
import * as travel from './travel.service.ts';

/**
 * The offender register, travel notifications and the border check. Thin: validated input → one
 * service call (which authorizes). One screening index per running app, shared by these routes so a
 * register change reaches the border check at once.
 */
export function offendersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const screening = new ScreeningService(ctx);
    const deps = { ...ctx, screening };
    const tags = ['offenders'];

    app.get(
      '/register',
      {
        config: { access: { action: 'offenders.list' } },
        schema: {
          tags,
          summary:
            'Register entries the caller may read, newest first; search by name, reference or passport',
          querystring: entryListQuerySchema,
          response: { 200: entryPageSchema },
        },
      },
      async (request) => register.listEntries(deps, actorOf(request), request.query),
    );

    app.post(
      '/register',
      {
        config: { access: { action: 'offenders.create' } },
        schema: {
          tags,
          summary: 'Propose a register entry (specialist unit); it is active only after a second approval',
          body: createEntryBodySchema,
          response: { 201: entryDetailSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await register.createEntry(deps, actorOf(request), request.body)),
    );

    app.get(
      '/register/:id',
      {
        config: { access: { action: 'offenders.read' } },
        schema: {
          tags,
          summary: 'One register entry with its names, passports and activation request',
          params: idParamsSchema,
          response: { 200: entryDetailSchema },
        },
      },
      async (request) => register.getEntry(deps, actorOf(request), request.params.id),
    );

    app.patch(
      '/register/:id',
      {
        config: { access: { action: 'offenders.update' } },
        schema: {
          tags,
          summary:
            'Change an entry at the version read (409 when changed since); an active entry returns to proposed',
          params: idParamsSchema,
          body: updateEntryBodySchema,
          response: { 200: entryDetailSchema },
        },
      },
      async (request) => register.updateEntry(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/register/:id/activation',
      {
        config: { access: { action: 'offenders.request_activation' } },
        schema: {
          tags,
          summary: 'Ask a second authorised person to approve activation (four eyes), with a justification',
          params: idParamsSchema,
          body: activationRequestBodySchema,
          response: { 200: entryDetailSchema },
        },
      },
      async (request) =>
        register.requestActivation(deps, actorOf(request), request.params.id, request.body.justification),
    );

    app.post(
      '/register/:id/activation/decision',
      {
        config: { access: { action: 'offenders.decide_activation' } },
        schema: {
          tags,
          summary:
            'Approve (activates the entry) or reject its activation; never the requester; needs a recent step-up',
          params: idParamsSchema,
          body: activationDecisionBodySchema,
          response: { 200: entryDetailSchema },
        },
      },
      async (request) =>
        register.decideActivation(
          deps,
          actorOf(request),
          request.params.id,
          request.body.decision,
          request.body.note,
        ),
    );

    app.post(
      '/register/:id/expire',
      {
        config: { access: { action: 'offenders.expire' } },
        schema: {
          tags,
          summary: 'Expire an active entry now: it stops matching',
          params: idParamsSchema,
          body: expireBodySchema,
          response: { 200: entryDetailSchema },
        },
      },
      async (request) =>
        register.expireEntry(deps, actorOf(request), request.params.id, request.body.version),
    );

    app.post(
      '/register/:id/remove',
      {
        config: { access: { action: 'offenders.remove' } },
        schema: {
          tags,
          summary: 'Remove an entry from the register, with the reason',
          params: idParamsSchema,
          body: removeBodySchema,
          response: { 200: entryDetailSchema },
        },
      },
      async (request) => register.removeEntry(deps, actorOf(request), request.params.id, request.body.reason),
    );

    app.get(
      '/travel-notifications',
      {
        config: { access: { action: 'offenders.travel_list' } },
        schema: {
          tags,
          summary: "Travel notifications received by the caller's agency, newest first",
          querystring: travelListQuerySchema,
          response: { 200: travelPageSchema },
        },
      },
      async (request) => travel.listTravel(deps, actorOf(request), request.query),
    );

    app.post(
      '/travel-notifications',
      {
        config: { access: { action: 'offenders.travel_create' } },
        schema: {
          tags,
          summary: 'Record an inbound travel notification: alerts the unit and watches for the traveller',
          body: createTravelBodySchema,
          response: { 201: travelSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await travel.createTravel(deps, actorOf(request), request.body)),
    );

    app.get(
      '/travel-notifications/:id',
      {
        config: { access: { action: 'offenders.travel_read' } },
        schema: {
          tags,
          summary: 'One travel notification',
          params: idParamsSchema,
          response: { 200: travelSchema },
        },
      },
      async (request) => travel.getTravel(deps, actorOf(request), request.params.id),
    );

    app.post(
      '/screening/check',
      {
        config: { access: { action: 'screening.check' } },
        schema: {
          tags: ['screening'],
          summary: 'Border check: no_hit, or hit with the instructions to follow — never case content',
          body: screeningCheckBodySchema,
          response: { 200: screeningResultSchema },
        },
      },
      async (request) => screening.check(actorOf(request), request.body),
    );
  };
}
