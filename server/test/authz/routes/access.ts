import { ROLES } from '@karpear/contracts';
import { APPROVER_ROLES } from '../../../src/access/policy/index.ts';
import { pendingApprovalIn } from '../fixtures.ts';
import type { RouteTable } from './route-helpers.ts';

/** Authentication, the signed-in user, four-eyes approvals and the audit log (server/src/access/, server/src/audit/). */
export const ACCESS_ROUTES: RouteTable = {
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

  // audit log (server/src/audit/audit.policy.ts): auditors only, nobody else — system_admin included
  'GET /api/v1/audit/events': { roles: ['auditor'], relation: 'none' },
  'GET /api/v1/audit/status': { roles: ['auditor'], relation: 'none' },
  'GET /api/v1/audit/export.csv': { roles: ['auditor'], relation: 'none' },
};
