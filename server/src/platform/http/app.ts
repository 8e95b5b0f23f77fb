import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { installCsrfProtection, installRouteGuard } from '../../access/index.ts';
import { registerModuleRoutes, registerPageRoutes } from '../../modules/registry.ts';
import type { AppContext } from '../context.ts';
import { installErrorHandler } from './error-handler.ts';
import { healthRoutes } from './health.routes.ts';
import { RouteRegistry } from './route-registry.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { installWebApp } from './static-web.ts';

export interface BuiltApp {
  app: FastifyInstance;
  routes: RouteRegistry;
}

/**
 * Assemble the HTTP server: validation from zod schemas, one error handler, security headers,
 * the route registry (every route declares its access), OpenAPI at /api/docs, module routes under
 * /api/v1, and the web app. Building touches no database; only requests do.
 */
export async function buildApp(ctx: AppContext): Promise<BuiltApp> {
  // Typed as a plain instance: module plugins bring their own zod type provider.
  const app = Fastify({
    loggerInstance: ctx.logger,
    genReqId: () => randomUUID(),
    bodyLimit: ctx.config.bodyLimitBytes,
    // Only what routes declare is accepted; unknown JSON keys are stripped by zod objects.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }) as unknown as FastifyInstance;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routes = new RouteRegistry();
  routes.install(app);
  installErrorHandler(app);
  installSecurityHeaders(app);
  installCsrfProtection(app);
  installRouteGuard(app, ctx);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Karpear API',
        version: ctx.version,
        description: 'The shared, secure workspace that protects children from foreign child sex offenders.',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null, docExpansion: 'list', deepLinking: false },
    staticCSP: false,
  });

  await app.register(healthRoutes(ctx));
  await app.register(registerModuleRoutes(ctx), { prefix: '/api/v1' });
  // Public server-rendered pages (the tip portal), before the web app's catch-all.
  await app.register(registerPageRoutes(ctx));
  await installWebApp(app, ctx.config.webDistDir);
  return { app, routes };
}
