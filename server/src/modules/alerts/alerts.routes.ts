import {
  alertCountSchema,
  alertListQuerySchema,
  alertPageSchema,
  alertSchema,
  noBodySchema,
} from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import * as service from './alerts.service.ts';

const tags = ['alerts'];
const idParamsSchema = z.object({ id: z.uuid() });

/** The caller's alerts. Thin: validated input → one service call (which authorizes). */
export function alertsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/alerts',
      {
        config: { access: { action: 'alerts.list' } },
        schema: {
          tags,
          summary: "Alerts addressed to the caller or the caller's unit, newest first",
          querystring: alertListQuerySchema,
          response: { 200: alertPageSchema },
        },
      },
      async (request) => service.listAlerts(ctx, actorOf(request), request.query),
    );

    app.get(
      '/alerts/count',
      {
        config: { access: { action: 'alerts.list' } },
        schema: {
          tags,
          summary: 'How many of the caller’s alerts are not acknowledged (polled by the web app)',
          response: { 200: alertCountSchema },
        },
      },
      async (request) => service.countUnacknowledged(ctx, actorOf(request)),
    );

    app.post(
      '/alerts/:id/ack',
      {
        config: { access: { action: 'alerts.acknowledge' } },
        schema: {
          tags,
          summary: 'Acknowledge an alert addressed to the caller or their unit',
          params: idParamsSchema,
          body: noBodySchema,
          response: { 200: alertSchema },
        },
      },
      async (request) => service.acknowledgeAlert(ctx, actorOf(request), request.params.id),
    );
  };
}
