import multipart from '@fastify/multipart';
import { pageQuerySchema, pageSchema } from '@karpear/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../access/index.ts';
import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { JobRegistry } from '../../../platform/jobs/index.ts';
import { getGuestImport, importGuestRegister, listGuestImports } from '../guest/guest.service.ts';
import { createBatch, downloadBatchFile, getBatch, listBatches, screeningBatchJob } from './batch.upload.ts';

const tags = ['screening'];

const summarySchema = z.object({
  rows: z.number().int(),
  screened: z.number().int(),
  rejectedLines: z.number().int(),
  hitRows: z.number().int(),
  reviewRows: z.number().int(),
  pairs: z.number().int(),
  listSize: z.number().int().nullable(),
});

export const screeningBatchSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  createdAt: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  inputBytes: z.number().int(),
  summary: summarySchema.nullable(),
  finishedAt: z.string().nullable(),
});

const guestRejectSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  reason: z.string(),
});
const guestHitSchema = z.object({
  reference: z.string(),
  level: z.enum(['hit', 'review']),
  score: z.number(),
  line: z.number().int().nullable(),
  guestId: z.string().nullable(),
  establishment: z.string().nullable(),
  province: z.string().nullable(),
  reasons: z.array(z.string()),
});
const guestImportSummarySchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  createdAt: z.string(),
  rows: z.number().int(),
  screened: z.number().int(),
  hits: z.number().int(),
  rejected: z.number().int(),
});
export const guestImportSchema = guestImportSummarySchema.extend({
  rejects: z.array(guestRejectSchema),
  hitList: z.array(guestHitSchema),
});

/**
 * Batch screening and guest registers over HTTP. POST /screening/batch stores the arrivals file and
 * enqueues the job (202); the page polls GET /screening/batch/{id} and then downloads the hits and
 * rejects files. POST /screening/guests screens a register at once (a day's register is small) and
 * answers the counts, rejects and hits. Multipart parsing is registered in this plugin's scope only.
 */
export function screeningBatchRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const registry = new JobRegistry([screeningBatchJob(ctx)]);
  const maxBytes = ctx.config.screenUploadMaxBytes;
  return async (app) => {
    await app.register(multipart, {
      throwFileSizeLimit: false,
      limits: { files: 1, fileSize: maxBytes, fields: 5, fieldSize: 1024, parts: 6 },
    });

    app.post(
      '/screening/batch',
      {
        config: { access: { action: 'screening.batch' } },
        schema: {
          tags,
          summary:
            'Upload an arrivals CSV (multipart, field "file") to screen against the register and watches',
          description:
            'Header: id,full_name,given_name,family_name,dob,gender,nationality,passport_country,passport_number ' +
            '(every column optional but a name). Runs as a job; follow it with GET /screening/batch/{id}.',
          response: { 202: screeningBatchSchema },
        },
      },
      async (request, reply) => {
        const file = await readOneFile(request, maxBytes);
        return reply.status(202).send(await createBatch(ctx, registry, actorOf(request), file));
      },
    );

    app.get(
      '/screening/batch',
      {
        config: { access: { action: 'screening.batch_read' } },
        schema: {
          tags,
          summary: "Batch screenings of the caller's agency, newest first",
          querystring: pageQuerySchema,
          response: { 200: pageSchema(screeningBatchSchema) },
        },
      },
      async (request) => listBatches(ctx, actorOf(request), request.query),
    );

    app.get(
      '/screening/batch/:id',
      {
        config: { access: { action: 'screening.batch_read' } },
        schema: {
          tags,
          summary: 'One batch screening: status and counts',
          params: z.object({ id: z.uuid() }),
          response: { 200: screeningBatchSchema },
        },
      },
      async (request) => getBatch(ctx, actorOf(request), request.params.id),
    );

    for (const which of ['hits', 'rejects'] as const) {
      app.get(
        `/screening/batch/:id/${which}.csv`,
        {
          config: { access: { action: 'screening.batch_read' } },
          schema: {
            tags,
            summary:
              which === 'hits'
                ? 'The hits file of a finished batch (input_id,watchlist_id,score,decision,reasons)'
                : 'The rejects file of a finished batch (file,line,column,reason)',
            params: z.object({ id: z.uuid() }),
            produces: ['text/csv'],
            response: { 200: z.string().describe('CSV, UTF-8, LF line ends') },
          },
        },
        async (request, reply) => {
          const out = await downloadBatchFile(ctx, actorOf(request), request.params.id, which);
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${out.fileName}"`)
            .header('cache-control', 'no-store')
            .send(out.content.toString('utf8'));
        },
      );
    }

    app.post(
      '/screening/guests',
      {
        config: { access: { action: 'screening.guest_import' } },
        schema: {
          tags,
          summary:
            'Upload a daily accommodation register (CSV or XLSX, multipart field "file") and screen it',
          description:
            'Header: guest_id,full_name,given_name,family_name,dob,gender,nationality,passport_country,' +
            'passport_number,check_in,check_out,establishment,province (a name column, establishment and ' +
            'province required). Guests who do not hit are not stored.',
          response: { 201: guestImportSchema },
        },
      },
      async (request, reply) => {
        const file = await readOneFile(request, maxBytes);
        return reply.status(201).send(await importGuestRegister(ctx, actorOf(request), file));
      },
    );

    app.get(
      '/screening/guests',
      {
        config: { access: { action: 'screening.guest_read' } },
        schema: {
          tags,
          summary: "Guest-register imports of the caller's agency, newest first",
          querystring: pageQuerySchema,
          response: { 200: pageSchema(guestImportSummarySchema) },
        },
      },
      async (request) => listGuestImports(ctx, actorOf(request), request.query),
    );

    app.get(
      '/screening/guests/:id',
      {
        config: { access: { action: 'screening.guest_read' } },
        schema: {
          tags,
          summary: 'One guest-register import: counts, rejected lines and hits (call references)',
          params: z.object({ id: z.uuid() }),
          response: { 200: guestImportSchema },
        },
      },
      async (request) => getGuestImport(ctx, actorOf(request), request.params.id),
    );
  };
}

/** The one file part of the request, in memory, with a safe base name. */
async function readOneFile(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ name: string; content: Buffer }> {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data (field "file")');
  let found: { name: string; content: Buffer } | undefined;
  try {
    for await (const part of request.files()) {
      const name = baseName(part.filename);
      const content = await part.toBuffer();
      if (part.file.truncated)
        throw new AppError(
          'payload_too_large',
          `${name}: larger than the ${Math.floor(maxBytes / 1024 / 1024)} MiB limit`,
        );
      found = { name, content };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
      throw new AppError('payload_too_large', 'Send one file per upload');
    throw new AppError('bad_request', 'The upload is not valid multipart/form-data');
  }
  if (!found) throw new AppError('validation_failed', 'No file in the upload (field "file")');
  return found;
}

function baseName(filename: string | undefined): string {
  const cleaned = (filename ?? '')
    .replace(/\\/g, '/')
    .split('/')
    .at(-1)!
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .slice(-200);
  return cleaned || 'upload.csv';
}
