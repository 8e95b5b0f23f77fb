import { randomUUID } from 'node:crypto';
import type { Role } from '@karpear/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { type DemoIndex, otherAgencyId, seedDemoIndex } from './demo.ts';
import {
  extraKeysBody,
  hostileBody,
  hostileParam,
  hostileQuery,
  jsonObjectText,
  STACK_TRACE,
  snapshotRows,
} from './fuzz-arbitraries.ts';
import {
  apiRoutes,
  buildCall,
  entryFor,
  hasParams,
  paramNames,
  randomParams,
  routeKey,
  send,
  someAllowedRole,
} from './harness.ts';
import { signInAs } from './session.ts';

/**
 * SECURITY.md 15 and A.4, as properties over EVERY route: arbitrary JSON, Unicode, huge strings, deep
 * nesting, `__proto__`/`constructor` keys, hostile path parameters and queries, signed in as a role
 * allowed on the route and as nobody → never ≥ 500, never a stack trace; extra fields never change
 * a stored row. Runs are bounded so the file stays well under a minute.
 */
/** Runs per route: at most this many, and no longer than the route's share of the time budget. */
const MIN_RUNS_PER_ROUTE = 10;
const MAX_RUNS_PER_ROUTE = 60;
const TIME_BUDGET_MS = 30_000;
const MASS_ASSIGNMENT_RUNS = 10;
const MASS_ASSIGNMENT_MIN_RUNS = 2;
const MASS_ASSIGNMENT_BUDGET_MS = 20_000;
/**
 * A floor of runs whatever the machine's load, then more while the route's time share lasts. One run
 * per assert (each with its own seed, printed on failure): fast-check's own time limit counts a
 * property interrupted before its first run as failed, which a loaded machine turned into false alarms.
 */
async function assertWithinBudget(
  property: Parameters<typeof fc.assert>[0],
  minRuns: number,
  maxRuns: number,
  budgetMs: number,
): Promise<void> {
  const started = performance.now();
  for (let run = 0; run < maxRuns; run++) {
    if (run >= minRuns && performance.now() - started > budgetMs) return;
    await fc.assert(property, { numRuns: 1, endOnFailure: true });
  }
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
];

describe('hostile input at every route', () => {
  let t: TestApp;
  let demo: DemoIndex;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
  }, 60_000);
  afterAll(async () => t?.close());

  const allowedRole = (key: string): Role => {
    const route = apiRoutes(t).find((r) => routeKey(r) === key)!;
    const entry = entryFor(route);
    return entry ? someAllowedRole(entry) : 'system_admin';
  };

  it('never answers ≥ 500 nor shows a stack trace', async () => {
    const routes = apiRoutes(t);
    const perRouteMs = Math.floor(TIME_BUDGET_MS / routes.length);
    const runs: number[] = [];
    const started = performance.now();
    for (const route of routes) {
      let ran = 0;
      const key = routeKey(route);
      const role = allowedRole(key);
      const cookie = await signInAs(t, demo.byRole[role].email);
      const valid =
        (await buildCall(t, demo, route, role, hasParams(route.url) ? 'own_agency' : 'none')) ?? {};
      const property = fc.asyncProperty(
        fc.boolean(),
        hostileBody,
        fc.array(hostileParam, { minLength: 1, maxLength: 3 }),
        hostileQuery,
        fc.constantFrom(...CONTENT_TYPES),
        async (signedIn, raw, params, query, contentType) => {
          ran++;
          const names = paramNames(route.url);
          const fallback = { ...randomParams(route.url), ...valid.params };
          const chosen = Object.fromEntries(
            names.map((n, i) => [n, params[i % params.length] ?? fallback[n]!]),
          );
          const res = await send(
            t,
            route,
            { params: chosen, query },
            {
              cookie: signedIn ? cookie : undefined,
              raw,
              headers: raw === undefined ? {} : { 'content-type': contentType },
            },
          );
          expect(res.statusCode, `${key}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          expect(res.body).not.toMatch(STACK_TRACE);
        },
      );
      await assertWithinBudget(property, MIN_RUNS_PER_ROUTE, MAX_RUNS_PER_ROUTE, perRouteMs);
      runs.push(ran);
    }
    console.log(
      `fuzz: ${routes.length} routes, ${runs.reduce((a, b) => a + b, 0)} hostile requests ` +
        `(${Math.min(...runs)}–${Math.max(...runs)} per route) in ${Math.round(performance.now() - started)} ms`,
    );
    expect(Math.min(...runs)).toBeGreaterThanOrEqual(MIN_RUNS_PER_ROUTE);
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  }, 90_000);

  it('ignores or refuses extra fields: the stored rows stay exactly as they were', async () => {
    const doc = t.app.swagger() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> } }>
      >;
    };
    const writes = apiRoutes(t).filter((r) => r.method !== 'GET');
    const perRouteMs = Math.floor(MASS_ASSIGNMENT_BUDGET_MS / writes.length);
    for (const route of writes) {
      const key = routeKey(route);
      const role = allowedRole(key);
      const cookie = await signInAs(t, demo.byRole[role].email);
      const op = doc.paths[route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const declared = Object.keys(op?.requestBody?.content['application/json']?.schema.properties ?? {});
      const property = fc.asyncProperty(extraKeysBody(declared), async (raw) => {
        const call =
          (await buildCall(t, demo, route, role, hasParams(route.url) ? 'own_agency' : 'none')) ?? {};
        const before = await snapshotRows(t.database);
        const res = await send(t, route, { params: call.params }, { cookie, raw });
        expect(res.statusCode, `${key} ${raw}`).toBeLessThan(500);
        expect(await snapshotRows(t.database), `${key} with ${raw}`).toEqual(before);
      });
      await assertWithinBudget(property, MASS_ASSIGNMENT_MIN_RUNS, MASS_ASSIGNMENT_RUNS, perRouteMs);
    }
  }, 60_000);

  it('refuses valid changes smuggled with agencyId, id or __proto__, leaving the row as it was', async () => {
    const admin = demo.byRole.agency_admin;
    const cookie = await signInAs(t, admin.email);
    const unitId = demo.unitsByAgency[admin.agencyId]![0]!.id;
    const otherAgency = otherAgencyId(demo, admin.agencyId);
    const smuggled: Array<Array<[string, unknown]>> = [
      [
        ['nameEn', 'Moved'],
        ['agencyId', otherAgency],
      ],
      [
        ['nameEn', 'Moved'],
        ['id', randomUUID()],
      ],
      [
        ['nameEn', 'Moved'],
        ['__proto__', { agencyId: otherAgency }],
      ],
      [
        ['nameEn', 'Moved'],
        ['constructor', { prototype: { agencyId: otherAgency } }],
      ],
      [
        ['nameEn', 'Moved'],
        ['createdAt', '2000-01-01T00:00:00Z'],
      ],
    ];
    for (const entries of smuggled) {
      const before = await snapshotRows(t.database);
      const res = await send(
        t,
        { method: 'PATCH', url: '/api/v1/units/:id' },
        { params: { id: unitId } },
        {
          cookie,
          raw: jsonObjectText(entries),
        },
      );
      expect(res.statusCode, jsonObjectText(entries)).toBe(400);
      expect(await snapshotRows(t.database)).toEqual(before);
    }
    const create = await send(
      t,
      { method: 'POST', url: '/api/v1/agencies/:id/units' },
      { params: { id: admin.agencyId } },
      {
        cookie,
        raw: jsonObjectText([
          ['code', 'SMUGGLE'],
          ['nameEn', 'x'],
          ['nameKm', 'x'],
          ['agencyId', otherAgency],
        ]),
      },
    );
    expect(create.statusCode).toBe(400);
  });
});
