import { pageQuerySchema, pageSchema } from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../actor.ts';
import { decide, listApprovalsToDecide } from './approvals.service.ts';

export const approvalSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  recordType: z.string(),
  recordId: z.uuid(),
  agencyId: z.uuid(),
  requestedBy: z.uuid(),
  requestedAt: z.string(),
  expiresAt: z.string(),
  justification: z.string(),
  state: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  abilities: z.array(z.string()),
});

const decisionBodySchema = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  /** Required when rejecting. */
  note: z.string().max(2000).optional(),
});

/** Four-eyes inbox and decisions (mounted under /api/v1 with the modules). */
export function approvalsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/approvals',
      {
        config: { access: { action: 'approvals.list' } },
        schema: {
          tags: ['approvals'],
          summary: 'Pending four-eyes requests the caller may decide (never their own)',
          querystring: pageQuerySchema,
          response: { 200: pageSchema(approvalSchema) },
        },
      },
      async (request) => listApprovalsToDecide(ctx, actorOf(request), request.query),
    );

    app.post(
      '/approvals/:id/decision',
      {
        config: { access: { action: 'approvals.decide' } },
        schema: {
          tags: ['approvals'],
          summary: 'Approve or reject a request (a second person; recent second factor required)',
          params: z.object({ id: z.uuid() }),
          body: decisionBodySchema,
          response: { 200: approvalSchema },
        },
      },
      async (request) =>
        decide(ctx, actorOf(request), request.params.id, request.body.decision, request.body.note),
    );
  };
}
