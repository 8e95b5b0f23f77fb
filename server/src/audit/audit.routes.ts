import { Readable } from 'node:stream';
import {
  auditEventPageSchema,
  auditEventsQuerySchema,
  auditFiltersSchema,
  auditStatusSchema,
} from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/index.ts';
import type { AppContext } from '../platform/context.ts';
import { AuditCheckpointer, checkpointIntervalOf } from './audit.checkpointer.ts';
import * as service from './audit.service.ts';

const tags = ['audit'];

/**
 * The auditor screens (auditor role only; each read is itself audited), and — outside test mode — the
 * background checkpointer, started when the server is ready and stopped when it closes, so that every
 * `karpear serve` signs checkpoints without further wiring.
 */
export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    if (ctx.config.mode !== 'test') {
      const checkpointer = new AuditCheckpointer({
        database: ctx.database,
        sink: service.checkpointSinkOf(ctx),
        signer: {
          signingKey: ctx.keyring.auditSigningKey,
          verifyKey: ctx.keyring.auditVerifyKey,
          keyId: ctx.keyring.auditKeyId,
        },
        clock: ctx.clock,
        logger: ctx.logger,
        ...checkpointIntervalOf(ctx.config),
      });
      app.addHook('onReady', async () => checkpointer.start());
      app.addHook('onClose', async () => checkpointer.stop());
    }

    app.get(
      '/audit/events',
      {
        config: { access: { action: 'audit.read' } },
        schema: {
          tags,
          summary: 'Search the audit log, newest first (auditors)',
          querystring: auditEventsQuerySchema,
          response: { 200: auditEventPageSchema },
        },
      },
      async (request) => service.searchEvents(ctx, actorOf(request), request.query),
    );

    app.get(
      '/audit/status',
      {
        config: { access: { action: 'audit.read' } },
        schema: {
          tags,
          summary: 'Verify the hash chain against the signed checkpoints (time-bounded, reused for a minute)',
          response: { 200: auditStatusSchema },
        },
      },
      async (request) => service.verificationStatus(ctx, actorOf(request)),
    );

    app.get(
      '/audit/export.csv',
      {
        config: { access: { action: 'audit.export' } },
        schema: {
          tags,
          summary: 'Export the filtered audit log as CSV (auditors; spreadsheet formulas neutralised)',
          querystring: auditFiltersSchema,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV, UTF-8 with BOM, CRLF line ends') },
        },
      },
      async (request, reply) => {
        const out = await service.exportCsv(ctx, actorOf(request), request.query);
        return (
          reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${out.filename}"`)
            .header('cache-control', 'no-store')
            .header('x-karpear-rows', String(out.count))
            // A stream is sent as is (no serialisation); the schema above only documents the body.
            .send(Readable.from(out.rows) as unknown as string)
        );
      },
    );
  };
}
