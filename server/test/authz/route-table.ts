import { ROLES, type Role } from '@karpear/contracts';
import { APPROVER_ROLES } from '../../src/access/policy/index.ts';
import { agencyIn, pendingApprovalIn, type Relation, type RouteFixture, unitIn } from './fixtures.ts';

export type { Relation, RouteCall, RouteFixture } from './fixtures.ts';

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
 */
export interface Allow {
  roles: readonly Role[];
  relation: Relation;
}

export type RouteExpectation =
  | { public: string; fixture?: RouteFixture }
  | (Allow & {
      also?: readonly Allow[];
      relations?: readonly Relation[];
      fixture?: RouteFixture;
      status?: number;
      freshSession?: boolean;
    });

const onAgency: RouteFixture = (ctx) => {
  const id = agencyIn(ctx);
  return id ? { params: { id } } : undefined;
};
const onUnit: RouteFixture = async (ctx) => {
  const id = await unitIn(ctx);
  return id ? { params: { id } } : undefined;
};

/**
 * Another user of the agency in the relation (never a system administrator), else the caller
 * themself in their own agency, so a call always exists (and carries its body).
 */
const onUser = (ctx: Parameters<RouteFixture>[0]) => {
  const agencyId = agencyIn(ctx);
  const user =
    ctx.demo.users.find(
      (u) => u.agencyId === agencyId && u.id !== ctx.user.id && !u.roles.includes('system_admin'),
    ) ?? (ctx.relation === 'own_agency' ? ctx.user : undefined);
  return user ? { params: { id: user.id } } : undefined;
};

export const ROUTE_TABLE: Record<string, RouteExpectation> = {
  'GET /api/health': { public: 'liveness probe' },

  // agencies (server/src/modules/agencies/agencies.policy.ts)
  'GET /api/v1/agencies': { roles: ROLES, relation: 'none' },
  'POST /api/v1/agencies': {
    roles: ['system_admin'],
    relation: 'none',
    status: 201,
    fixture: (ctx) => ({
      body: { code: `MX-${ctx.unique()}`, type: 'ngo', nameEn: 'Matrix NGO', nameKm: 'Matrix NGO' },
    }),
  },
  'GET /api/v1/agencies/:id': {
    roles: ROLES,
    relation: 'own_agency',
    also: [{ roles: ['system_admin'], relation: 'other_agency' }],
    fixture: onAgency,
  },
  'PATCH /api/v1/agencies/:id': {
    roles: ['system_admin'],
    relation: 'other_agency',
    fixture: async (ctx) => ({ ...(await onAgency(ctx)), body: { nameEn: `Renamed ${ctx.unique()}` } }),
  },
  'GET /api/v1/agencies/:id/units': {
    roles: ROLES,
    relation: 'own_agency',
    also: [{ roles: ['system_admin'], relation: 'other_agency' }],
    fixture: onAgency,
  },
  'POST /api/v1/agencies/:id/units': {
    roles: ['agency_admin'],
    relation: 'own_agency',
    also: [{ roles: ['system_admin'], relation: 'other_agency' }],
    status: 201,
    fixture: async (ctx) => ({
      ...(await onAgency(ctx)),
      body: { code: `MU-${ctx.unique()}`, nameEn: 'Matrix unit', nameKm: 'Matrix unit' },
    }),
  },
  'PATCH /api/v1/units/:id': {
    roles: ['agency_admin'],
    relation: 'own_agency',
    also: [{ roles: ['system_admin'], relation: 'other_agency' }],
    fixture: async (ctx) => ({ ...(await onUnit(ctx)), body: { nameEn: `Renamed ${ctx.unique()}` } }),
  },

  // four eyes (server/src/access/policy/approvals.policy.ts; decided with the test-only probe kind)
  'GET /api/v1/approvals': { roles: APPROVER_ROLES, relation: 'none' },
  'POST /api/v1/approvals/:id/decision': {
    roles: APPROVER_ROLES,
    relation: 'own_agency',
    fixture: async (ctx) => {
      const id = await pendingApprovalIn(ctx);
      return id ? { params: { id }, body: { decision: 'approved' } } : undefined;
    },
  },

  // authentication (server/src/access/auth/): the log-in ceremony is public; no fixture, so the
  // matrix checks only that nobody gets a 5xx (the flows themselves are tested in access/auth/*.db.test.ts)
  'POST /api/v1/auth/login': { public: 'log-in step 1: no session exists yet' },
  'POST /api/v1/auth/totp': { public: 'log-in step 2 (authenticator code)' },
  'POST /api/v1/auth/recovery': { public: 'log-in step 2 (recovery code)' },
  'POST /api/v1/auth/webauthn/options': { public: 'log-in step 2 (security key options)' },
  'POST /api/v1/auth/webauthn': { public: 'log-in step 2 (security key)' },
  'POST /api/v1/auth/enrol/totp': { public: 'first log-in: authenticator enrolment' },
  'POST /api/v1/auth/enrol/totp/confirm': { public: 'first log-in: authenticator confirmation' },
  'POST /api/v1/auth/enrol/webauthn/options': { public: 'first log-in: security key options' },
  'POST /api/v1/auth/enrol/webauthn': { public: 'first log-in: security key registration' },
  'POST /api/v1/auth/invitation': { public: 'invitation or reset link: the token is the credential' },
  'POST /api/v1/auth/logout': { roles: ROLES, relation: 'none', status: 204, freshSession: true },
  // The matrix's users have no second factor under the app's key (and wrong codes are sent): every
  // role reaches the factor check and is refused there (401 step_up_required / 400), nobody gets 404.
  // Each refused check counts towards the lockout (5): keep such entries few.
  'POST /api/v1/auth/step-up': {
    roles: ROLES,
    relation: 'none',
    status: 401,
    freshSession: true,
    fixture: () => ({ body: { code: '000000' } }),
  },
  'POST /api/v1/auth/step-up/webauthn/options': { roles: ROLES, relation: 'none', freshSession: true },
  'POST /api/v1/auth/step-up/webauthn': {
    roles: ROLES,
    relation: 'none',
    status: 401,
    freshSession: true,
    fixture: () => ({
      body: { response: { id: 'x', rawId: 'x', type: 'public-key', response: { clientDataJSON: 'e30' } } },
    }),
  },
  'GET /api/v1/me': { roles: ROLES, relation: 'none' },
  'POST /api/v1/me/banner': { roles: ROLES, relation: 'none', status: 204 },
  'POST /api/v1/me/password': {
    roles: ROLES,
    relation: 'none',
    status: 400,
    fixture: () => ({ body: { currentPassword: 'not the password', newPassword: 'whatever it may be' } }),
  },

  // user administration (server/src/modules/users/users.policy.ts)
  'GET /api/v1/users': { roles: ['agency_admin', 'system_admin'], relation: 'none' },
  'POST /api/v1/users': {
    roles: ['agency_admin', 'system_admin'],
    relation: 'none',
    status: 201,
    fixture: (ctx) => ({
      body: {
        email: `matrix.${ctx.unique().toLowerCase()}@demo.karpear.test`,
        name: 'Matrix User',
        roles: ['trainer'],
      },
    }),
  },
  'GET /api/v1/users/:id': {
    roles: ['agency_admin'],
    relation: 'own_agency',
    also: [{ roles: ['system_admin'], relation: 'other_agency' }],
    fixture: onUser,
  },
  'PATCH /api/v1/users/:id': {
    roles: ['agency_admin'],
    relation: 'own_agency',
    also: [{ roles: ['system_admin'], relation: 'other_agency' }],
    fixture: (ctx) => {
      const call = onUser(ctx);
      return call && { ...call, body: { displayName: `Renamed ${ctx.unique()}` } };
    },
  },
  'POST /api/v1/users/:id/unlock': {
    roles: ['agency_admin'],
    relation: 'own_agency',
    also: [{ roles: ['system_admin'], relation: 'other_agency' }],
    fixture: onUser,
  },
  'POST /api/v1/users/:id/reset': {
    roles: ['agency_admin'],
    relation: 'own_agency',
    also: [{ roles: ['system_admin'], relation: 'other_agency' }],
    fixture: onUser,
  },
  // audit log (server/src/audit/audit.policy.ts): auditors only, nobody else — system_admin included
  'GET /api/v1/audit/events': { roles: ['auditor'], relation: 'none' },
  'GET /api/v1/audit/status': { roles: ['auditor'], relation: 'none' },
  'GET /api/v1/audit/export.csv': { roles: ['auditor'], relation: 'none' },
};
