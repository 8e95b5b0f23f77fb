import { onUnit, onUser, type RouteTable } from './route-helpers.ts';

/** User administration, a unit's members and joint-case partners. */
export const USER_ROUTES: RouteTable = {
  // a unit's members (server/src/modules/users/users.members.policy.ts)
  'GET /api/v1/units/:id/members': {
    roles: ['hotline_operator', 'unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: onUnit,
  },
  // prosecutors and liaison officers of other agencies, for joint case teams (users.members.policy.ts)
  'GET /api/v1/joint-partners': { roles: ['unit_supervisor', 'investigator'], relation: 'none' },

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
};
