import { randomUUID } from 'node:crypto';
import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { type DemoIndex, otherAgencyId, seedDemoIndex, sessionsByRole } from './demo.ts';
import {
  ALL_ROLES,
  apiRoutes,
  buildCall,
  entryFor,
  hasParams,
  isAllowed,
  isPublic,
  NOT_FOUND_BODY,
  randomParams,
  relationsOf,
  routeKey,
  send,
} from './harness.ts';
import { ROUTE_TABLE } from './route-table.ts';
import { signInAs } from './session.ts';

/**
 * SECURITY.md A.1 and A.2: every route × every role × each relation, against the hand-written table.
 * Allowed → the success status; denied → 404 byte-identical to a random id's; not signed in → 401.
 */
describe('authorization matrix', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
  }, 60_000);
  afterAll(async () => t?.close());

  it('has a table entry for every route and a route for every entry', () => {
    const keys = new Set(apiRoutes(t).map(routeKey));
    const unlisted = [...keys].filter((k) => !(k in ROUTE_TABLE));
    const stale = Object.keys(ROUTE_TABLE).filter((k) => !keys.has(k));
    expect(unlisted, `routes missing from server/test/authz/route-table.ts: ${unlisted.join(', ')}`).toEqual(
      [],
    );
    expect(stale, `route-table entries with no route: ${stale.join(', ')}`).toEqual([]);
  });

  it('answers every route × role × relation as the table says', async () => {
    const started = performance.now();
    const failures: string[] = [];
    let calls = 0;
    let skipped = 0;
    const relationsSeen = new Set<string>();
    const routes = apiRoutes(t).filter((r) => entryFor(r));
    const timings: Array<[string, number]> = [];
    const checkRoute = async (route: (typeof routes)[number]) => {
      const key = routeKey(route);
      const entry = entryFor(route)!;
      const check = (
        ok: boolean,
        who: string,
        relation: string,
        want: string,
        res: { statusCode: number; body: string },
      ) => {
        calls++;
        if (!ok)
          failures.push(
            `${key} as ${who} (${relation}): expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`,
          );
      };

      if (isPublic(entry)) {
        for (const role of [null, ...ALL_ROLES]) {
          const call = (await buildCall(t, demo, route, role, 'none')) ?? {};
          const res = await send(t, route, call, { cookie: role ? cookies[role] : undefined });
          const ok = res.statusCode < 500 && (route.method !== 'GET' || res.statusCode < 300);
          check(ok, role ?? 'nobody', 'public', route.method === 'GET' ? '2xx' : '< 500', res);
        }
        return;
      }

      // Not signed in: 401, whatever the record.
      const anyCall = (await buildCall(
        t,
        demo,
        route,
        null,
        hasParams(route.url) ? 'own_agency' : 'none',
      )) ?? {
        params: randomParams(route.url),
      };
      const anon = await send(t, route, anyCall);
      check(anon.statusCode === 401, 'nobody', 'any', '401', anon);

      for (const role of ALL_ROLES) {
        const cookie = async () =>
          entry.freshSession ? signInAs(t, demo.byRole[role].email) : cookies[role];
        for (const relation of relationsOf(route, entry)) {
          relationsSeen.add(relation);
          const call = await buildCall(t, demo, route, role, relation);
          if (!call) {
            skipped++;
            continue;
          }
          const res = await send(t, route, call, { cookie: await cookie() });
          if (isAllowed(entry, role, relation)) {
            const weak = !entry.fixture && route.method !== 'GET';
            const ok = entry.status
              ? res.statusCode === entry.status
              : weak
                ? res.statusCode < 500 && res.statusCode !== 401 && res.statusCode !== 404
                : res.statusCode >= 200 && res.statusCode < 300;
            check(ok, role, relation, String(entry.status ?? '2xx'), res);
          } else {
            check(
              res.statusCode === 404 && res.body === NOT_FOUND_BODY,
              role,
              relation,
              `404 ${NOT_FOUND_BODY}`,
              res,
            );
          }
        }
        if (hasParams(route.url)) {
          // A record that does not exist: the same 404 for everyone, allowed role or not.
          const own = await buildCall(t, demo, route, role, 'own_agency');
          const res = await send(
            t,
            route,
            { ...own, params: randomParams(route.url) },
            { cookie: await cookie() },
          );
          relationsSeen.add('missing');
          check(res.statusCode === 404 && res.body === NOT_FOUND_BODY, role, 'missing', '404', res);
        }
      }
    };
    for (const route of routes) {
      const routeStarted = performance.now();
      await checkRoute(route);
      timings.push([routeKey(route), Math.round(performance.now() - routeStarted)]);
    }
    const ms = Math.round(performance.now() - started);
    const slowest = [...timings].sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(
      `authorization matrix: ${routes.length} routes × ${ALL_ROLES.length} roles × ${relationsSeen.size} relations ` +
        `(${[...relationsSeen].join(', ')}) = ${calls} checked calls (${skipped} skipped) in ${ms} ms; ` +
        `slowest: ${slowest.map(([k, v]) => `${k} ${v} ms`).join(', ')}`,
    );
    expect(failures).toEqual([]);
    // Well over 2,000 calls, each authorised and most audited: minutes on a loaded 2-core machine.
  }, 400_000);

  it('answers another agency’s ids exactly like ids that exist nowhere (object isolation)', async () => {
    const asA = cookies.investigator;
    const investigator = demo.byRole.investigator;
    const agencyB = otherAgencyId(demo, investigator.agencyId);
    const unitB = demo.unitsByAgency[agencyB]![0]!.id;
    const probes = [
      { method: 'GET', url: `/api/v1/agencies/${agencyB}` },
      { method: 'GET', url: `/api/v1/agencies/${agencyB}/units` },
      { method: 'PATCH', url: `/api/v1/units/${unitB}`, body: { nameEn: 'Taken over' } },
      {
        method: 'POST',
        url: `/api/v1/agencies/${agencyB}/units`,
        body: { code: 'EVIL', nameEn: 'x', nameKm: 'x' },
      },
    ];
    for (const p of probes) {
      for (const cookie of [asA, cookies.agency_admin]) {
        const real = await send(t, { method: p.method, url: p.url }, { body: p.body }, { cookie });
        const fake = await send(
          t,
          { method: p.method, url: p.url.replace(/[0-9a-f-]{36}/, randomUUID()) },
          { body: p.body },
          { cookie },
        );
        expect(real.statusCode, `${p.method} ${p.url}`).toBe(404);
        expect(real.body).toBe(fake.body);
        expect(real.body).toBe(NOT_FOUND_BODY);
        expect(Object.keys(real.headers).sort()).toEqual(Object.keys(fake.headers).sort());
        expect(real.headers['content-length']).toBe(fake.headers['content-length']);
      }
    }
  });
});
