import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { loginRoutes } from './auth.routes.ts';
import { warmUpDummyHash } from './login.service.ts';
import { accountRoutes, stepUpRoutes } from './session.routes.ts';

/**
 * Everything authentication mounts under /api/v1: cookies for these routes, and one per-IP rate
 * limit shared by every route that checks a password or a second factor (log-in steps, enrolment,
 * invitations, step-up): `config.authRateLimitMax` requests per `authRateLimitWindowMs`, then 429
 * `rate_limited` (SECURITY.md 9). The count is per process, in memory.
 */
export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    void warmUpDummyHash();
    await app.register(fastifyCookie);
    await app.register(fastifyRateLimit, { global: false });
    const limiter = app.rateLimit({
      max: ctx.config.authRateLimitMax,
      timeWindow: ctx.config.authRateLimitWindowMs,
      errorResponseBuilder: () =>
        new AppError('rate_limited', 'Too many attempts; wait a minute and try again'),
    });
    await app.register(async (limited) => {
      // After the route guard (a root preHandler): an anonymous call to a signed-in route still answers 401.
      limited.addHook('preHandler', limiter);
      await limited.register(loginRoutes(ctx));
      await limited.register(stepUpRoutes(ctx));
    });
    await app.register(accountRoutes(ctx));
  };
}
