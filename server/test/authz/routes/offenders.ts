import {
  guestImportIn,
  registerEntryIn,
  screeningBatchIn,
  travelNotificationIn,
} from '../offenders.fixtures.ts';
import { onRecord, type RouteTable } from './route-helpers.ts';

/** Offender register, travel notifications, the border check, batch screening and guest registers. */
export const OFFENDER_ROUTES: RouteTable = {
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
