import { MAX_PAGE_LIMIT, MAX_PAGE_OFFSET, type Role } from '@karpear/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from './demo.ts';
import { GET_ROUTE_SHAPES } from './field-allowlists.ts';
import {
  apiRoutes,
  buildCall,
  entryFor,
  hasParams,
  isPublic,
  randomParams,
  routeKey,
  send,
  someAllowedRole,
} from './harness.ts';
import { signInAs } from './session.ts';

/** SECURITY.md 18 (headers on every response) and 20 (body and pagination caps), over every route. */
describe('security headers and limits', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
  }, 60_000);
  afterAll(async () => t?.close());

  function headerProblems(res: LightMyRequestResponse, url: string): string[] {
    const h = res.headers;
    const problems: string[] = [];
    const want = (ok: boolean, what: string) => ok || problems.push(`${url} ${res.statusCode}: ${what}`);
    want(/max-age=\d{7,}/.test(String(h['strict-transport-security'])), 'HSTS');
    want(h['x-content-type-options'] === 'nosniff', 'nosniff');
    want(h['referrer-policy'] === 'no-referrer', 'Referrer-Policy');
    const csp = String(h['content-security-policy'] ?? '');
    want(csp.includes("frame-ancestors 'none'") && csp.includes("default-src 'self'"), 'CSP');
    want(h['cache-control'] === 'no-store', 'Cache-Control: no-store');
    want(h.server === undefined && h['x-powered-by'] === undefined, 'no version banner');
    const shape = GET_ROUTE_SHAPES[url];
    const type = shape && 'file' in shape && res.statusCode === 200 ? shape.contentType : 'application/json';
    if (res.body.length > 0) want(String(h['content-type']).startsWith(type), `content type ${type}`);
    return problems;
  }

  it('puts the security headers on every response of every route, signed in or not', async () => {
    const problems: string[] = [];
    let responses = 0;
    for (const route of apiRoutes(t)) {
      const entry = entryFor(route);
      const role = entry ? someAllowedRole(entry) : 'system_admin';
      const relation = hasParams(route.url) ? 'own_agency' : 'none';
      const built = (await buildCall(t, demo, route, role, relation)) ?? { params: randomParams(route.url) };
      // GET with valid parameters; writes with an empty body (the answer is then 400, still with headers).
      const call = route.method === 'GET' ? built : { params: built.params };
      // A fresh session each time: a crawl through log-out must not sign the next call out.
      for (const cookie of [undefined, await signInAs(t, demo.byRole[role].email)]) {
        const res = await send(t, route, call, { cookie });
        responses++;
        problems.push(...headerProblems(res, routeKey(route)));
        if (cookie && entry && !isPublic(entry) && route.method === 'GET')
          expect(res.statusCode, routeKey(route)).toBe(200);
      }
    }
    expect(responses).toBeGreaterThanOrEqual(apiRoutes(t).length * 2);
    expect(problems).toEqual([]);
  });

  it('refuses a body over the cap with 413 on every write route, before anything else', async () => {
    const tooBig = `{"pad":"${'a'.repeat(1024 * 1024)}"}`;
    for (const route of apiRoutes(t).filter((r) => r.method !== 'GET')) {
      const entry = entryFor(route);
      const role = entry ? someAllowedRole(entry) : 'system_admin';
      for (const cookie of [undefined, cookies[role]]) {
        const res = await send(t, route, { params: randomParams(route.url) }, { cookie, raw: tooBig });
        expect(res.statusCode, routeKey(route)).toBe(413);
        expect(res.json().error.code).toBe('payload_too_large');
        expect(headerProblems(res, routeKey(route))).toEqual([]);
      }
    }
  });

  it('caps every list: limit 1–100 and a bounded offset or cursor, or 400 naming the field (never clamped)', async () => {
    const lists = apiRoutes(t).filter((r) => {
      const shape = GET_ROUTE_SHAPES[routeKey(r)];
      return shape && ('page' in shape || 'keyset' in shape);
    });
    expect(lists.length).toBeGreaterThanOrEqual(4);
    const doc = t.app.swagger() as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    for (const route of lists) {
      const keyset = 'keyset' in GET_ROUTE_SHAPES[routeKey(route)]!;
      const cursor = keyset ? 'before' : 'offset';
      const entry = entryFor(route)!;
      const role = someAllowedRole(entry);
      const base = (await buildCall(t, demo, route, role, hasParams(route.url) ? 'own_agency' : 'none'))!;
      const cookie = await signInAs(t, demo.byRole[role].email);
      const bad: Array<[string, string]> = [
        ['limit', String(MAX_PAGE_LIMIT + 1)],
        ['limit', '0'],
        ['limit', '2.5'],
        ['limit', 'abc'],
        [cursor, '-1'],
        [cursor, 'abc'],
        ...(keyset ? [] : ([['offset', String(MAX_PAGE_OFFSET + 1)]] as Array<[string, string]>)),
      ];
      for (const [name, value] of bad) {
        const res = await send(t, route, { ...base, query: { [name]: value } }, { cookie });
        expect(res.statusCode, `${routeKey(route)} ?${name}=${value}`).toBe(400);
        expect(res.json().error.issues.map((i: { path: string }) => i.path)).toContain(`querystring.${name}`);
      }
      const max = await send(t, route, { ...base, query: { limit: String(MAX_PAGE_LIMIT) } }, { cookie });
      expect(max.statusCode, routeKey(route)).toBe(200);
      expect(max.json()).toMatchObject(
        keyset ? { limit: MAX_PAGE_LIMIT } : { limit: MAX_PAGE_LIMIT, offset: 0 },
      );
      const byDefault = await send(t, route, base, { cookie });
      expect(byDefault.json().limit).toBe(50);
      const openApiPath = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const params = doc.paths[openApiPath]?.get?.parameters ?? [];
      expect(params.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
        expect.arrayContaining(['limit', cursor]),
      );
    }
  });
});
