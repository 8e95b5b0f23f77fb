import type { Role } from '@karpear/contracts';

/**
 * The declarative authorization table that the matrix test checks the running server against.
 * It is written by hand, apart from the policy code, so that a wrong policy shows up as a difference.
 * Every API route must have an entry: a route missing here fails the matrix test.
 *
 * - `public`: anyone, signed in or not (the reason is reviewed).
 * - `roles`: the roles that may call it; everyone else gets 404 (signed in) or 401 (not signed in).
 * - `relation`: what the record must be to the caller for an allowed role to succeed:
 *   `none` (no record), `own_record` (their own: self), `own_agency`, `other_agency` (allowed across
 *   agencies), `foreign` (released to a foreign partner).
 */
export type RouteExpectation =
  | { public: string }
  | { roles: readonly Role[]; relation: 'none' | 'own_record' | 'own_agency' | 'other_agency' | 'foreign' };

export const ROUTE_TABLE: Record<string, RouteExpectation> = {
  'GET /api/health': { public: 'liveness probe' },
};
