import {
  assignTipBodySchema,
  bulkAssignBodySchema,
  bulkAssignResultSchema,
  convertedTipSchema,
  convertTipBodySchema,
  createdTipSchema,
  createTipBodySchema,
  legalAuthorityBodySchema,
  reporterContactSchema,
  tipChangeSchema,
  tipDetailSchema,
  tipFileSchema,
  tipListQuerySchema,
  tipMessageBodySchema,
  tipMessageSchema,
  tipPageSchema,
  tipStatusBodySchema,
  triageTipBodySchema,
} from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import * as service from './tips.service.ts';

const tags = ['tips'];
const idParams = z.object({ id: z.uuid() });
const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });

/** Hotline tips: intake, queue, detail, triage, assignment, status, conversion. Thin: one service call. */
export function tipsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tips',
      {
        config: { access: { action: 'tips.list' } },
        schema: {
          tags,
          summary:
            'The tip queue: tips the caller may see, filtered, searched (q) and sorted. The total is exact up to 10,000 (totalCapped beyond). A search matching more than 10,000 tips keeps newest/oldest-first pages exact but applies the time-left and priority orders to its first 10,001 matches per kind (text, name, identifier) found: narrow it for an exact order',
          querystring: tipListQuerySchema,
          response: { 200: tipPageSchema },
        },
      },
      async (request) => service.listTips(ctx, actorOf(request), request.query),
    );

    app.post(
      '/tips',
      {
        config: { access: { action: 'tips.create' } },
        schema: {
          tags,
          summary:
            'Record a tip (phone, walk-in, NGO, partner, foreign hotline); answers its id and reference',
          body: createTipBodySchema,
          response: { 201: createdTipSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createTip(ctx, actorOf(request), request.body)),
    );

    app.post(
      '/tips/assign',
      {
        config: { access: { action: 'tips.assign' } },
        schema: {
          tags,
          summary: 'Assign up to 100 tips to a unit (and an investigator): all or nothing',
          body: bulkAssignBodySchema,
          response: { 200: bulkAssignResultSchema },
        },
      },
      async (request) => service.bulkAssign(ctx, actorOf(request), request.body),
    );

    app.get(
      '/tips/:id',
      {
        config: { access: { action: 'tips.read' } },
        schema: {
          tags,
          summary: 'One tip with its timeline, identifiers, related records, messages and files (audited)',
          params: idParams,
          response: { 200: tipDetailSchema },
        },
      },
      async (request) => service.getTip(ctx, actorOf(request), request.params.id),
    );

    app.get(
      '/tips/:id/reporter-contact',
      {
        config: { access: { action: 'tips.read_reporter_contact' } },
        schema: {
          tags,
          summary: "The reporter's confidential contact (audited as a disclosure)",
          params: idParams,
          response: { 200: reporterContactSchema },
        },
      },
      async (request) => service.getReporterContact(ctx, actorOf(request), request.params.id),
    );

    app.post(
      '/tips/:id/triage',
      {
        config: { access: { action: 'tips.triage' } },
        schema: {
          tags,
          summary: 'Confirm or change the proposed priority (a reason is needed to change it)',
          params: idParams,
          body: triageTipBodySchema,
          response: { 200: tipChangeSchema },
        },
      },
      async (request) => service.triageTip(ctx, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/tips/:id/assign',
      {
        config: { access: { action: 'tips.assign' } },
        schema: {
          tags,
          summary: 'Assign a tip to a unit and optionally one of its investigators',
          params: idParams,
          body: assignTipBodySchema,
          response: { 200: tipChangeSchema },
        },
      },
      async (request) => service.assignTip(ctx, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/tips/:id/status',
      {
        config: { access: { action: 'tips.update_status' } },
        schema: {
          tags,
          summary:
            'Close a tip as actioned, referred or closed without action (with a reason; version-checked)',
          params: idParams,
          body: tipStatusBodySchema,
          response: { 200: tipChangeSchema },
        },
      },
      async (request) => service.changeStatus(ctx, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/tips/:id/convert',
      {
        config: { access: { action: 'tips.convert' } },
        schema: {
          tags,
          summary: 'Convert a tip into a case linked to it',
          params: idParams,
          body: convertTipBodySchema,
          response: { 201: convertedTipSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.convertTip(ctx, actorOf(request), request.params.id, request.body)),
    );

    app.post(
      '/tips/:id/messages',
      {
        config: { access: { action: 'tips.message_reporter' } },
        schema: {
          tags,
          summary: 'Send a message to the anonymous reporter (read with their receipt code)',
          params: idParams,
          body: tipMessageBodySchema,
          response: { 201: tipMessageSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.messageReporter(ctx, actorOf(request), request.params.id, request.body.body)),
    );

    app.post(
      '/tips/:id/files/:fileId/legal-authority',
      {
        config: { access: { action: 'tips.record_legal_authority' } },
        schema: {
          tags,
          summary: 'Record the legal authority that unlocks a file the platform did not view',
          params: fileParams,
          body: legalAuthorityBodySchema,
          response: { 200: tipFileSchema },
        },
      },
      async (request) =>
        service.recordLegalAuthority(
          ctx,
          actorOf(request),
          request.params.id,
          request.params.fileId,
          request.body.authority,
        ),
    );
  };
}
