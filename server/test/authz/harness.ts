import { randomBytes, randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@karpear/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { AppError, toErrorBody } from '../../src/platform/errors.ts';
import type { RegisteredRoute } from '../../src/platform/http/route-registry.ts';
import type { TestApp } from '../app.ts';
import type { DemoIndex } from './demo.ts';
import type { FixtureContext, Relation, RouteCall } from './fixtures.ts';
import { type Allow, ROUTE_TABLE, type RouteExpectation } from './route-table.ts';

/** Shared plumbing of the authorization tests: route keys, building calls, sending them. */

/** What every denial and every missing record answers, byte for byte. */
export const NOT_FOUND_BODY = JSON.stringify(toErrorBody(AppError.notFound()));

export const routeKey = (r: Pick<RegisteredRoute, 'method' | 'url'>) => `${r.method} ${r.url}`;
export const paramNames = (url: string) => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
export const hasParams = (url: string) => paramNames(url).length > 0;

export function buildUrl(url: string, params: Record<string, string> = {}): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? randomUUID()),
  );
}

export function randomParams(url: string): Record<string, string> {
  return Object.fromEntries(paramNames(url).map((n) => [n, randomUUID()]));
}

export interface SendOptions {
  cookie?: string;
  /** A raw payload (string) instead of a JSON-encoded body. */
  raw?: string;
  headers?: Record<string, string>;
  /** The client address; default a random one, so per-IP rate limits of one test do not leak into another. */
  ip?: string;
}

function randomIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** Send a call to a route the way the web app does (JSON body, `X-Requested-With` on writes). */
export function send(
  t: TestApp,
  route: Pick<RegisteredRoute, 'method' | 'url'>,
  call: RouteCall,
  options: SendOptions = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (route.method !== 'GET') headers['x-requested-with'] = 'karpear';
  const payload = options.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  return t.app.inject({
    method: route.method as 'GET',
    url: buildUrl(route.url, call.params),
    query: call.query,
    headers,
    payload,
    remoteAddress: options.ip ?? randomIp(),
  });
}

export function isPublic(entry: RouteExpectation): entry is { public: string } {
  return 'public' in entry;
}

export function rulesOf(entry: Exclude<RouteExpectation, { public: string }>): Allow[] {
  return [{ roles: entry.roles, relation: entry.relation }, ...(entry.also ?? [])];
}

/** Does a rule with relation `rule` let its roles succeed on a record in relation `actual`? */
export function covers(rule: Relation, actual: Relation): boolean {
  switch (rule) {
    case 'none':
      return actual === 'none';
    case 'own_record':
      return actual === 'own_record';
    case 'own_agency':
      return actual === 'own_agency' || actual === 'own_record';
    case 'other_agency':
      return actual === 'own_agency' || actual === 'own_record' || actual === 'other_agency';
    case 'foreign':
      return actual === 'foreign';
  }
}

export function isAllowed(entry: RouteExpectation, role: Role, relation: Relation): boolean {
  if (isPublic(entry)) return true;
  return rulesOf(entry).some((r) => r.roles.includes(role) && covers(r.relation, relation));
}

export function relationsOf(route: RegisteredRoute, entry: RouteExpectation): Relation[] {
  if (!isPublic(entry) && entry.relations) return [...entry.relations];
  return hasParams(route.url) ? ['own_agency', 'other_agency'] : ['none'];
}

/** A role allowed on the route (for calls that need a plausible caller), or system_admin. */
export function someAllowedRole(entry: RouteExpectation): Role {
  if (isPublic(entry)) return 'system_admin';
  return entry.roles[0] ?? 'system_admin';
}

export function entryFor(route: RegisteredRoute): RouteExpectation | undefined {
  return ROUTE_TABLE[routeKey(route)];
}

let counter = 0;
export function uniqueToken(): string {
  counter += 1;
  return `${process.pid.toString(36).toUpperCase()}${Date.now().toString(36).toUpperCase().slice(-4)}${counter}`;
}

/** Build the call of a route for a caller and relation from its fixture (or plain / random params). */
export async function buildCall(
  t: TestApp,
  demo: DemoIndex,
  route: RegisteredRoute,
  role: Role | null,
  relation: Relation,
): Promise<RouteCall | undefined> {
  const entry = entryFor(route);
  const caller = role ?? (entry ? someAllowedRole(entry) : 'system_admin');
  const ctx: FixtureContext = {
    role,
    user: demo.byRole[caller],
    relation,
    demo,
    db: t.database.db,
    now: t.clock.now(),
    unique: uniqueToken,
    app: t.ctx,
  };
  if (entry?.fixture) return entry.fixture(ctx);
  if (relation === 'none') return {};
  return hasParams(route.url) ? undefined : {};
}

/** The API routes of the app (the registry records only /api/ routes). */
export function apiRoutes(t: TestApp): RegisteredRoute[] {
  return [...t.routes.routes].sort((a, b) => routeKey(a).localeCompare(routeKey(b)));
}

export const ALL_ROLES: readonly Role[] = ROLES;
