import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorIssue, toErrorBody } from '../errors.ts';

/**
 * The one place where errors become HTTP: AppError → its status and code; schema validation → 400
 * naming each field; Fastify's own client errors (bad JSON, body too large, wrong content type) →
 * their 4xx with a stable code; anything else → 500 with no detail. Bodies never carry stack traces.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const requestId = request.id;
    if (err instanceof AppError) {
      // A denial must be byte-identical to a missing record (SECURITY.md A.1): no per-request id in 404s.
      return reply
        .status(err.status)
        .send(toErrorBody(err, err.code === 'not_found' ? undefined : requestId));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const part = err.validationContext ?? 'body';
      const issues: ErrorIssue[] = err.validation.map((v) => ({
        path: [part, ...pathOf(v.instancePath)].join('.'),
        message: v.message ?? 'is not valid',
      }));
      return reply
        .status(400)
        .send(toErrorBody(new AppError('validation_failed', 'The request is not valid', issues), requestId));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ route: request.routeOptions.url }, 'response did not match its schema');
      return reply.status(500).send(toErrorBody(new AppError('internal', 'Internal error'), requestId));
    }
    const clientError = mapFastifyClientError(err);
    if (clientError) return reply.status(clientError.status).send(toErrorBody(clientError, requestId));
    request.log.error({ err: { type: err.name, code: err.code } }, 'unhandled error');
    return reply.status(500).send(toErrorBody(new AppError('internal', 'Internal error'), requestId));
  });
}

function pathOf(instancePath: string): string[] {
  return instancePath.split('/').filter((p) => p.length > 0);
}

function mapFastifyClientError(err: FastifyError): AppError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', 'The request content type is not supported');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('bad_request', 'The request body is not valid JSON');
  }
  if (err instanceof SyntaxError || err.statusCode === 400) {
    return new AppError('bad_request', 'The request body is not valid JSON');
  }
  if (err.statusCode === 429) return new AppError('rate_limited', 'Too many requests; try again shortly');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError('bad_request', 'The request is not valid');
  }
  return undefined;
}
