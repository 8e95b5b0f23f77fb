import { ROLES } from '@karpear/contracts';
import { onAgency, onUnit, type RouteTable } from './route-helpers.ts';

/** Agencies and units. */
export const AGENCY_ROUTES: RouteTable = {
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
};
