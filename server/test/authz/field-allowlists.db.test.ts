import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from './demo.ts';
import { allowedPaths, GET_ROUTE_SHAPES, isAllowedPath, keyPaths } from './field-allowlists.ts';
import { pendingApprovalIn } from './fixtures.ts';
import {
  ALL_ROLES,
  apiRoutes,
  buildCall,
  entryFor,
  relationsOf,
  routeKey,
  send,
  uniqueToken,
} from './harness.ts';

/** SECURITY.md A.3: every GET route as every role on the demo data; every key must be allowlisted. */
describe('field allowlists', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
    // Something in every list: a pending four-eyes request on each role's agency, asked by someone else.
    for (const role of ALL_ROLES) {
      await pendingApprovalIn({
        role,
        user: demo.byRole[role],
        relation: 'own_agency',
        demo,
        db: t.database.db,
        now: t.clock.now(),
        unique: uniqueToken,
        app: t.ctx,
      });
    }
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists the response shape of every GET route', () => {
    const gets = apiRoutes(t).filter((r) => r.method === 'GET');
    const unlisted = gets.map(routeKey).filter((k) => !(k in GET_ROUTE_SHAPES));
    expect(
      unlisted,
      `GET routes missing from server/test/authz/field-allowlists.ts: ${unlisted.join(', ')}`,
    ).toEqual([]);
  });

  it('sends no key outside the role’s allowlist, at any depth', async () => {
    const leaks: string[] = [];
    let walked = 0;
    for (const route of apiRoutes(t).filter((r) => r.method === 'GET')) {
      const entry = entryFor(route);
      const key = routeKey(route);
      if (!entry || !(key in GET_ROUTE_SHAPES)) continue;
      for (const role of [null, ...ALL_ROLES]) {
        for (const relation of relationsOf(route, entry)) {
          const call = await buildCall(t, demo, route, role, relation);
          if (!call) continue;
          const res = await send(t, route, call, { cookie: role ? cookies[role] : undefined });
          if (res.statusCode !== 200) continue;
          walked++;
          const allowed = allowedPaths(role, key)!;
          const shape = GET_ROUTE_SHAPES[key]!;
          if ('file' in shape) {
            // A file is not walked, but only a role allowed its object type may receive it at all.
            if (allowed.size === 0) leaks.push(`${key} as ${role ?? 'nobody'}: received a file`);
            if (!String(res.headers['content-type']).startsWith(shape.contentType))
              leaks.push(`${key}: content type ${res.headers['content-type']}`);
            continue;
          }
          for (const path of keyPaths(res.json())) {
            if (!isAllowedPath(allowed, path))
              leaks.push(`${key} as ${role ?? 'nobody'} (${relation}): ${path}`);
          }
        }
      }
    }
    expect(walked).toBeGreaterThan(30);
    expect(leaks).toEqual([]);
    // Every GET route × 17 roles × relations, each request audited: minutes on a loaded 2-core machine.
  }, 300_000);

  it('gives the walk something to see: lists are not empty on the demo data', async () => {
    const asAdmin = { cookie: cookies.system_admin };
    const agencies = await send(t, { method: 'GET', url: '/api/v1/agencies' }, {}, asAdmin);
    expect(agencies.json().items.length).toBeGreaterThan(5);
    const own = await send(
      t,
      { method: 'GET', url: '/api/v1/agencies' },
      {},
      { cookie: cookies.investigator },
    );
    expect(own.json().items.map((a: { id: string }) => a.id)).toEqual([demo.byRole.investigator.agencyId]);
    const approvals = await send(
      t,
      { method: 'GET', url: '/api/v1/approvals' },
      {},
      {
        cookie: cookies.unit_supervisor,
      },
    );
    expect(approvals.json().items.length).toBeGreaterThan(0);
  });
});
