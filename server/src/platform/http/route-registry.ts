import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Every API route declares who may call it, in `config.access`, before it can exist: the server
 * refuses to start with an undeclared route, and the authorization-matrix test walks this registry.
 * - `{ public: '<why>' }` — no session needed (health, the public tip portal); the reason is reviewed.
 * - `{ action: '<module>.<verb>' }` — the policy engine decides for the signed-in actor.
 */
export type RouteAccess = { public: string } | { action: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
  hasResponseSchema: boolean;
  hasRequestSchema: boolean;
}

/** Paths served by plugins (API docs assets) that are public by nature and declare nothing. */
const PLUGIN_PREFIXES = ['/api/docs'];

export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];

  /** Hook into Fastify so each route is checked and recorded as it is added. */
  install(app: FastifyInstance): void {
    app.addHook('onRoute', (route: RouteOptions) => {
      if (!route.url.startsWith('/api/') || PLUGIN_PREFIXES.some((p) => route.url.startsWith(p))) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const access = route.config?.access;
      if (!access) {
        throw new Error(
          `Route ${methods.join(',')} ${route.url} declares no config.access; every route must`,
        );
      }
      const schema = route.schema ?? {};
      for (const method of methods) {
        if (method === 'HEAD') continue;
        this.routes.push({
          method,
          url: route.url,
          access,
          hasResponseSchema: Boolean(schema.response),
          hasRequestSchema: Boolean(schema.body || schema.querystring || schema.params),
        });
      }
    });
  }
}
