import { ROLES, type Role } from '@karpear/contracts';
import { APPROVER_ROLES } from '../../src/access/policy/index.ts';
import {
  agencyIn,
  alertIn,
  caseIdentifierLinkIn,
  caseIn,
  guestImportIn,
  identifierIn,
  identifierMergeIn,
  identifierPairIn,
  pendingApprovalIn,
  type Relation,
  type RouteFixture,
  registerEntryIn,
  screeningBatchIn,
  tipImportIn,
  tipIn,
  travelNotificationIn,
  unitIn,
} from './fixtures.ts';
import { personMergeIn, personsOnCaseIn } from './persons.fixtures.ts';

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

  // alerts (server/src/modules/alerts/alerts.policy.ts): everyone, their own (or their unit's) only
  'GET /api/v1/alerts': { roles: ROLES, relation: 'none' },
  'GET /api/v1/alerts/count': { roles: ROLES, relation: 'none' },
  'POST /api/v1/alerts/:id/ack': {
    roles: ROLES,
    relation: 'own_record',
    relations: ['own_record', 'own_agency', 'other_agency'],
    fixture: async (ctx) => {
      const id = await alertIn(ctx);
      return id ? { params: { id } } : undefined;
    },
  },

  // CyberTipline uploads (server/src/modules/tips/import/import.policy.ts): the intake agency's
  // operators, analysts and supervisors. POST is multipart (its JSON call here answers 415, not 404).
  'POST /api/v1/tips/imports': {
    roles: ['hotline_operator', 'intel_analyst', 'unit_supervisor'],
    relation: 'none',
  },
  'GET /api/v1/tips/imports': {
    roles: ['hotline_operator', 'intel_analyst', 'unit_supervisor'],
    relation: 'none',
  },
  'GET /api/v1/tips/imports/:id': {
    roles: ['hotline_operator', 'intel_analyst', 'unit_supervisor'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const id = await tipImportIn(ctx);
      return id ? { params: { id } } : undefined;
    },
  },

  // hotline tips (server/src/modules/tips/tips.policy.ts). Fixtures put the tip in the caller's own
  // unit for `own_agency`, so investigators (rule: own unit) are in relation there.
  'GET /api/v1/tips': {
    roles: ['hotline_operator', 'unit_supervisor', 'investigator', 'intel_analyst'],
    relation: 'none',
  },
  'POST /api/v1/tips': {
    roles: ['hotline_operator', 'unit_supervisor', 'ngo_caseworker', 'liaison_officer'],
    relation: 'none',
    status: 201,
    fixture: (ctx) => ({
      body: {
        source: ctx.role === 'ngo_caseworker' ? 'ngo' : ctx.role === 'liaison_officer' ? 'partner' : 'phone',
        narrative: 'Matrix tip: a foreign man seen offering money to children near the market',
      },
    }),
  },
  'POST /api/v1/tips/assign': {
    roles: ['hotline_operator', 'unit_supervisor'],
    relation: 'none',
    fixture: async (ctx) => {
      const tip = await tipIn({ ...ctx, relation: 'own_agency' });
      return tip && { body: { tipIds: [tip.id], unitId: tip.unitId } };
    },
  },
  'GET /api/v1/tips/:id': {
    roles: ['hotline_operator', 'unit_supervisor', 'investigator', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await tipIn(ctx))?.id),
  },
  'GET /api/v1/tips/:id/reporter-contact': {
    roles: ['hotline_operator', 'unit_supervisor'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await tipIn(ctx))?.id),
  },
  'POST /api/v1/tips/:id/triage': {
    roles: ['hotline_operator', 'unit_supervisor'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await tipIn(ctx))?.id, { priority: 'P3', version: 1 }),
  },
  'POST /api/v1/tips/:id/assign': {
    roles: ['hotline_operator', 'unit_supervisor'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const tip = await tipIn(ctx);
      return onRecord(tip?.id, { unitId: tip?.unitId });
    },
  },
  'POST /api/v1/tips/:id/status': {
    roles: ['hotline_operator', 'unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) =>
      onRecord((await tipIn(ctx))?.id, { status: 'actioned', reason: 'Matrix: visited', version: 1 }),
  },
  'POST /api/v1/tips/:id/convert': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) => onRecord((await tipIn(ctx))?.id, { title: 'Matrix case' }),
  },
  'POST /api/v1/tips/:id/messages': {
    roles: ['hotline_operator', 'unit_supervisor', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) => onRecord((await tipIn(ctx))?.id, { body: 'Matrix: thank you, we are on it' }),
  },
  'POST /api/v1/tips/:id/files/:fileId/legal-authority': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const tip = await tipIn(ctx);
      return (
        tip && { params: { id: tip.id, fileId: tip.fileId }, body: { authority: 'Matrix warrant 1/2026' } }
      );
    },
  },

  // entities (server/src/modules/entities/entities.policy.ts): the roles that read tips. An identifier's
  // page opens across agencies (records of others show only their holder), so `other_agency`.
  'GET /api/v1/entities': {
    roles: ['hotline_operator', 'unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'none',
  },
  'GET /api/v1/entities/:id': {
    roles: ['hotline_operator', 'unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'other_agency',
    fixture: async (ctx) => onRecord(await identifierIn(ctx)),
  },
  // identifier merge and undo (entities.merge.ts, entities.policy.ts entities.merge): the roles that edit
  // entities, on identifiers linked to a record of their agency (investigators: their unit).
  'POST /api/v1/entities/:id/merge': {
    roles: ['unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) => {
      const pair = await identifierPairIn(ctx);
      return (
        pair && {
          params: { id: pair.mergedId },
          body: { intoId: pair.survivorId, reason: 'Matrix duplicate e-mail' },
        }
      );
    },
  },
  'POST /api/v1/entities/merges/:id/undo': {
    roles: ['unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await identifierMergeIn(ctx)),
  },
  // the link chart (entities.policy.ts entities.graph): the same readers; an identifier root opens across
  // agencies (records of others show only their holder).
  'GET /api/v1/graph': {
    roles: ['hotline_operator', 'unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'other_agency',
    relations: ['own_agency', 'other_agency'],
    fixture: async (ctx) => {
      // The route has no path parameters, so walks that know no relation ask with 'none': chart one's own.
      const id = await identifierIn(ctx.relation === 'none' ? { ...ctx, relation: 'own_agency' } : ctx);
      return id ? { query: { root: `identifier:${id}`, hops: '2' } } : undefined;
    },
  },

  // cases (server/src/modules/cases/cases.policy.ts). Fixtures put the case in the caller's unit and
  // the caller on its team for `own_agency` (team rules: investigators, prosecutors, liaison officers).
  'GET /api/v1/cases': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst', 'prosecutor', 'liaison_officer'],
    relation: 'none',
  },
  'POST /api/v1/cases': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'none',
    status: 201,
    fixture: () => ({ body: { title: 'Matrix case opened directly' } }),
  },
  'GET /api/v1/cases/supervisor': { roles: ['unit_supervisor'], relation: 'none' },
  'GET /api/v1/my-work': {
    roles: [
      'unit_supervisor',
      'investigator',
      'intel_analyst',
      'prosecutor',
      'liaison_officer',
      'hotline_operator',
    ],
    relation: 'none',
  },
  'GET /api/v1/cases/:id': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst', 'prosecutor', 'liaison_officer'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await caseIn(ctx))?.id),
  },
  'PATCH /api/v1/cases/:id': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await caseIn(ctx))?.id, { version: 1, title: 'Matrix title' }),
  },
  // attach an identifier to a case (entities.attach.routes.ts; needs cases.update on the case)
  'POST /api/v1/cases/:id/identifiers': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) =>
      onRecord((await caseIn(ctx))?.id, { kind: 'phone', value: '+85512366001', role: 'suspect' }),
  },
  // persons on cases (entities/persons.policy.ts): readers of the case list and read them (victims by
  // code outside the team), editors of the case attach, detach and merge.
  'POST /api/v1/cases/:id/persons': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) =>
      onRecord((await caseIn(ctx))?.id, {
        person: { names: [{ name: 'Matrix Witness' }], dob: '1980' },
        role: 'witness',
      }),
  },
  'GET /api/v1/cases/:id/persons': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst', 'prosecutor', 'liaison_officer'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await personsOnCaseIn(ctx))?.caseId),
  },
  'DELETE /api/v1/cases/:id/persons/:linkId': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const on = await personsOnCaseIn(ctx);
      return on && { params: { id: on.caseId, linkId: on.persons[0]!.linkId } };
    },
  },
  'GET /api/v1/persons/:id': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst', 'prosecutor', 'liaison_officer'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await personsOnCaseIn(ctx))?.persons[0]?.personId),
  },
  'POST /api/v1/persons/:id/merge': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const on = await personsOnCaseIn(ctx, 2);
      return (
        on && {
          params: { id: on.persons[0]!.personId },
          body: { intoId: on.persons[1]!.personId, reason: 'Matrix duplicate person' },
        }
      );
    },
  },
  'POST /api/v1/persons/merges/:id/undo': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await personMergeIn(ctx)),
  },
  // a case's identifiers: the list (cases.read_full) and removing one link (cases.update)
  'GET /api/v1/cases/:id/identifiers': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await caseIn(ctx))?.id),
  },
  'DELETE /api/v1/cases/:id/identifiers/:linkId': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const link = await caseIdentifierLinkIn(ctx);
      return link && { params: { id: link.caseId, linkId: link.linkId } };
    },
  },
  'POST /api/v1/cases/:id/status': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await caseIn(ctx))?.id, { version: 1, status: 'under_investigation' }),
  },
  'POST /api/v1/cases/:id/team': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) =>
      onRecord((await caseIn(ctx))?.id, { userId: ctx.demo.byRole.prosecutor.id, caseRole: 'prosecutor' }),
  },
  'PATCH /api/v1/cases/:id/team/:userId': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const c = await caseIn(ctx, { member: true });
      return c?.memberId
        ? { params: { id: c.id, userId: c.memberId }, body: { caseRole: 'prosecutor' } }
        : undefined;
    },
  },
  'DELETE /api/v1/cases/:id/team/:userId': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const c = await caseIn(ctx, { member: true });
      return c?.memberId ? { params: { id: c.id, userId: c.memberId } } : undefined;
    },
  },
  'POST /api/v1/cases/:id/notes': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) => onRecord((await caseIn(ctx))?.id, { body: 'Matrix note' }),
  },
  'GET /api/v1/cases/:id/plan': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await caseIn(ctx, { plan: 'draft' }))?.id),
  },
  'PUT /api/v1/cases/:id/plan/draft': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) =>
      onRecord((await caseIn(ctx))?.id, { content: { objectives: ['Matrix objective'] } }),
  },
  'POST /api/v1/cases/:id/plan/submit': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await caseIn(ctx, { plan: 'draft' }))?.id),
  },
  'POST /api/v1/cases/:id/plan/decision': {
    roles: ['unit_supervisor'],
    relation: 'own_agency',
    fixture: async (ctx) =>
      onRecord((await caseIn(ctx, { plan: 'submitted' }))?.id, { decision: 'approved' }),
  },
  'GET /api/v1/cases/:id/plan/diff': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const c = await caseIn(ctx, { plan: 'draft' });
      return c && { params: { id: c.id }, query: { from: '1', to: '1' } };
    },
  },
  'GET /api/v1/cases/:id/plan/versions/:version': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const c = await caseIn(ctx, { plan: 'draft' });
      return c && { params: { id: c.id, version: '1' } };
    },
  },
  'POST /api/v1/cases/:id/tasks': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) =>
      onRecord((await caseIn(ctx))?.id, {
        title: 'Matrix task',
        ownerId: ctx.user.id,
        dueAt: new Date(ctx.now.getTime() + 86_400_000).toISOString(),
      }),
  },
  'POST /api/v1/tips/:id/tasks': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) =>
      onRecord((await tipIn(ctx))?.id, {
        title: 'Matrix tip task',
        ownerId: ctx.user.id,
        dueAt: new Date(ctx.now.getTime() + 86_400_000).toISOString(),
      }),
  },
  'POST /api/v1/tasks/:id/status': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) =>
      onRecord((await caseIn(ctx, { task: true }))?.taskId, { status: 'done', version: 1 }),
  },
  // a unit's members (server/src/modules/users/users.members.policy.ts)
  'GET /api/v1/units/:id/members': {
    roles: ['hotline_operator', 'unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: onUnit,
  },
  // prosecutors and liaison officers of other agencies, for joint case teams (users.members.policy.ts)
  'GET /api/v1/joint-partners': { roles: ['unit_supervisor', 'investigator'], relation: 'none' },

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

  // offender register, travel notifications, border check (server/src/modules/offenders/offenders.policy.ts):
  // the specialist unit's investigators and supervisors keep the register of their agency; analysts,
  // prosecutors and NCCT coordinators read every agency's; immigration officers only screen.
  'GET /api/v1/register': {
    roles: ['investigator', 'unit_supervisor', 'intel_analyst', 'prosecutor', 'ncct_coordinator'],
    relation: 'none',
  },
  'POST /api/v1/register': {
    roles: ['investigator', 'unit_supervisor'],
    relation: 'none',
    status: 201,
    fixture: () => ({
      body: {
        basis: 'deported',
        names: [{ name: 'Matrix Person Madeup', primary: true }],
        legalBasis: 'Matrix legal basis',
        riskLevel: 'low',
        instructions: 'Matrix instructions',
      },
    }),
  },
  'GET /api/v1/register/:id': {
    roles: ['investigator', 'unit_supervisor'],
    relation: 'own_agency',
    also: [{ roles: ['intel_analyst', 'prosecutor', 'ncct_coordinator'], relation: 'other_agency' }],
    fixture: async (ctx) => onRecord(await registerEntryIn(ctx)),
  },
  'PATCH /api/v1/register/:id': {
    roles: ['investigator', 'unit_supervisor'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await registerEntryIn(ctx), { version: 1, riskLevel: 'high' }),
  },
  'POST /api/v1/register/:id/activation': {
    roles: ['investigator', 'unit_supervisor'],
    relation: 'own_agency',
    fixture: async (ctx) =>
      onRecord(await registerEntryIn(ctx), { justification: 'Matrix request, long enough to be accepted' }),
  },
  'POST /api/v1/register/:id/activation/decision': {
    roles: ['unit_supervisor'],
    relation: 'own_agency',
    also: [{ roles: ['ncct_coordinator'], relation: 'other_agency' }],
    fixture: async (ctx) => onRecord(await registerEntryIn(ctx, 'pending'), { decision: 'approved' }),
  },
  'POST /api/v1/register/:id/expire': {
    roles: ['unit_supervisor'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await registerEntryIn(ctx, 'active'), { version: 1 }),
  },
  'POST /api/v1/register/:id/remove': {
    roles: ['unit_supervisor'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await registerEntryIn(ctx), { reason: 'Matrix removal' }),
  },
  'GET /api/v1/travel-notifications': {
    roles: ['investigator', 'unit_supervisor', 'intel_analyst'],
    relation: 'none',
  },
  'POST /api/v1/travel-notifications': {
    roles: ['liaison_officer', 'investigator', 'unit_supervisor'],
    relation: 'none',
    status: 201,
    fixture: (ctx) => ({
      body: { names: ['Matrix Traveller Madeup'], travelDate: ctx.now.toISOString().slice(0, 10) },
    }),
  },
  'GET /api/v1/travel-notifications/:id': {
    roles: ['investigator', 'unit_supervisor', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await travelNotificationIn(ctx)),
  },
  'POST /api/v1/screening/check': {
    roles: ['immigration_officer', 'unit_supervisor'],
    relation: 'none',
    fixture: () => ({ body: { names: ['Matrix Traveller Nomatch'], nationality: 'KH' } }),
  },

  // batch screening and guest registers (server/src/modules/offenders/batch/screening-batch.policy.ts).
  // POSTs are multipart (their JSON call answers 415, not 404). Batches live in the data folder, not
  // the database, so their :id routes are exercised with random ids only.
  'POST /api/v1/screening/batch': {
    roles: ['immigration_officer', 'unit_supervisor', 'intel_analyst'],
    relation: 'none',
  },
  'GET /api/v1/screening/batch': {
    roles: ['immigration_officer', 'unit_supervisor', 'intel_analyst'],
    relation: 'none',
  },
  'GET /api/v1/screening/batch/:id': {
    roles: ['immigration_officer', 'unit_supervisor', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await screeningBatchIn(ctx)),
  },
  'GET /api/v1/screening/batch/:id/hits.csv': {
    roles: ['immigration_officer', 'unit_supervisor', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await screeningBatchIn(ctx)),
  },
  'GET /api/v1/screening/batch/:id/rejects.csv': {
    roles: ['immigration_officer', 'unit_supervisor', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await screeningBatchIn(ctx)),
  },
  'POST /api/v1/screening/guests': {
    roles: ['investigator', 'unit_supervisor', 'intel_analyst', 'immigration_officer'],
    relation: 'none',
  },
  'GET /api/v1/screening/guests': {
    roles: ['investigator', 'unit_supervisor', 'intel_analyst', 'immigration_officer'],
    relation: 'none',
  },
  'GET /api/v1/screening/guests/:id': {
    roles: ['investigator', 'unit_supervisor', 'intel_analyst', 'immigration_officer'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await guestImportIn(ctx)),
  },
};

/** A call on a record id (undefined when the relation could not be built), with an optional body. */
function onRecord(id: string | undefined, body?: object) {
  return id ? { params: { id }, ...(body ? { body } : {}) } : undefined;
}
