import { ACCESS_ROUTES } from './routes/access.ts';
import { AGENCY_ROUTES } from './routes/agencies.ts';
import { ALERT_ROUTES } from './routes/alerts.ts';
import { CASE_ROUTES } from './routes/cases.ts';
import { ENTITY_ROUTES } from './routes/entities.ts';
import { OFFENDER_ROUTES } from './routes/offenders.ts';
import type { RouteExpectation, RouteTable } from './routes/route-helpers.ts';
import { TIP_ROUTES } from './routes/tips.ts';
import { USER_ROUTES } from './routes/users.ts';

export type { Relation, RouteCall, RouteFixture } from './fixtures.ts';
export type { Allow, RouteExpectation } from './routes/route-helpers.ts';

/**
 * The declarative authorization table that the matrix test checks the running server against.
 * It is written by hand, apart from the policy code, so that a wrong policy shows up as a difference.
 * Every API route must have an entry: a route missing here fails the matrix test, and so does an
 * entry naming no route.
 *
 * - `public`: anyone, signed in or not (the reason is reviewed).
 * - `roles` + `relation`: the roles that may call it and what the record must be to the caller for
 *   them to succeed: `none` (no record), `own_record` (their own: self), `own_agency`,
 *   `other_agency` (allowed across agencies, so also their own), `foreign` (released to a foreign
 *   partner). Everyone else gets 404 (signed in) or 401 (not signed in). `also` adds rules, e.g.
 *   `system_admin` across agencies on a route others may use on their own agency only.
 * - `relations`: the relations the matrix exercises (default: `none` for a route without path
 *   parameters, else `own_agency` and `other_agency`); a random id (`missing`) is always tried too.
 * - `fixture`: builds the call (path parameters, query, a *valid* body) for a relation; without one a
 *   route with parameters is exercised with random ids only.
 * - `status`: the success status (default any 2xx).
 * - `freshSession`: the call ends or rotates its session (log-out, step-up): sign in anew each time.
 *
 * The entries live per module in ./routes/<module>.ts; this file joins them.
 */
export const ROUTE_TABLE: Record<string, RouteExpectation> = joinRouteTables({
  health: { 'GET /api/health': { public: 'liveness probe' } },
  agencies: AGENCY_ROUTES,
  alerts: ALERT_ROUTES,
  tips: TIP_ROUTES,
  entities: ENTITY_ROUTES,
  cases: CASE_ROUTES,
  users: USER_ROUTES,
  access: ACCESS_ROUTES,
  offenders: OFFENDER_ROUTES,
});

/** Join the parts, refusing a route listed twice (a spread would silently keep only the last). */
function joinRouteTables(parts: Record<string, RouteTable>): RouteTable {
  const joined: RouteTable = {};
  for (const [part, table] of Object.entries(parts)) {
    for (const [route, entry] of Object.entries(table)) {
      if (route in joined)
        throw new Error(`route-table: ${route} is listed twice (again in routes/${part}.ts)`);
      joined[route] = entry;
    }
  }
  return joined;
}
