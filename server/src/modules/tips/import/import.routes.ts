import multipart from '@fastify/multipart';
import { pageQuerySchema, tipImportPageSchema, tipImportSchema } from '@karpear/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../access/index.ts';
import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { JobRegistry } from '../../../platform/jobs/index.ts';
import { tipImportJob } from './import.jobs.ts';
import {
  authorizeUpload,
  createUploadImport,
  getUploadImport,
  listUploadImports,
  type UploadedFile,
} from './upload.service.ts';

const tags = ['tips'];

/** A whole upload is held in memory before its one short transaction: at most twice the file cap. */
const TOTAL_FACTOR = 2;

/**
 * CyberTipline uploads: POST stores the files and enqueues the import job (202), GETs follow the
 * progress. Multipart parsing is registered in this plugin's scope only, with limits on file count
 * and size taken from the configuration.
 */
export function tipImportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const registry = new JobRegistry([tipImportJob(ctx)]);
  return async (app) => {
    await app.register(multipart, {
      throwFileSizeLimit: false,
      // Keep `folder/name.xml` from folder uploads (sanitised by baseName), not just the last part.
      preservePath: true,
      limits: {
        files: ctx.config.tipImportMaxFiles,
        fileSize: ctx.config.tipImportMaxFileBytes,
        fields: 10,
        fieldSize: 1024,
        parts: ctx.config.tipImportMaxFiles + 10,
      },
    });

    app.post(
      '/tips/imports',
      {
        config: { access: { action: 'tips.import' } },
        schema: {
          tags,
          summary: 'Upload CyberTipline report files (multipart/form-data, field "files") for import',
          description:
            'Each file is one ESP-report XML or law-enforcement JSON report. The import runs as a job; ' +
            'follow it with GET /tips/imports/{id}. `allowUnknown=true` imports reports with unknown elements.',
          querystring: z.object({ allowUnknown: z.enum(['true', 'false']).optional() }),
          response: { 202: tipImportSchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        // Refuse a caller who may not import before reading (up to twice the file cap of) their upload.
        await authorizeUpload(ctx, actor);
        const files = await readUpload(request, ctx.config.tipImportMaxFileBytes);
        const created = await createUploadImport(ctx, registry, actor, files, {
          allowUnknownElements: request.query.allowUnknown === 'true',
        });
        return reply.status(202).send(created);
      },
    );

    app.get(
      '/tips/imports',
      {
        config: { access: { action: 'tips.read_import' } },
        schema: {
          tags,
          summary: "CyberTipline uploads of the caller's agency, newest first",
          querystring: pageQuerySchema,
          response: { 200: tipImportPageSchema },
        },
      },
      async (request) => listUploadImports(ctx, actorOf(request), request.query),
    );

    app.get(
      '/tips/imports/:id',
      {
        config: { access: { action: 'tips.read_import' } },
        schema: {
          tags,
          summary: 'One upload: progress and per-file results (imported, duplicate, rejected with reasons)',
          params: z.object({ id: z.uuid() }),
          response: { 200: tipImportSchema },
        },
      },
      async (request) => getUploadImport(ctx, actorOf(request), request.params.id),
    );
  };
}

/**
 * Every file part of the request, in memory, with its base name. A file over the cap is refused naming
 * it (413); busboy's own errors (no boundary, truncated body) become 400, never 500.
 */
async function readUpload(request: FastifyRequest, maxFileBytes: number): Promise<UploadedFile[]> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      'Send the report files as multipart/form-data (field "files")',
    );
  }
  const files: UploadedFile[] = [];
  let total = 0;
  try {
    for await (const part of request.files()) {
      const name = baseName(part.filename);
      const content = await part.toBuffer();
      if (part.file.truncated) {
        throw new AppError(
          'payload_too_large',
          `${name}: larger than the ${Math.floor(maxFileBytes / 1024 / 1024)} MiB limit per file`,
          [{ path: name, message: 'file too large' }],
        );
      }
      total += content.byteLength;
      if (total > maxFileBytes * TOTAL_FACTOR) {
        throw new AppError(
          'payload_too_large',
          `The upload is larger than ${Math.floor((maxFileBytes * TOTAL_FACTOR) / 1024 / 1024)} MiB: send the files in several uploads`,
        );
      }
      files.push({ name, content });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new AppError('payload_too_large', 'Too many files in one upload: send them in several uploads');
    }
    throw new AppError('bad_request', 'The upload is not valid multipart/form-data');
  }
  return files;
}

/** Browsers send a folder's files as `folder/sub/name.xml`; keep the path but never an absolute one. */
function baseName(filename: string | undefined): string {
  const cleaned = (filename ?? '')
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .join('/')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .slice(-200);
  return cleaned || 'unnamed';
}
