import { tipImportIn, tipIn } from '../fixtures.ts';
import { onRecord, type RouteTable } from './route-helpers.ts';

/** Hotline tips and CyberTipline uploads. */
export const TIP_ROUTES: RouteTable = {
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
};
