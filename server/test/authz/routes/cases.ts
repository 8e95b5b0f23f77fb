import { caseIn, tipIn } from '../fixtures.ts';
import { onRecord, type RouteTable } from './route-helpers.ts';

/** Cases, their teams, notes, investigation plans and tasks; my work. */
export const CASE_ROUTES: RouteTable = {
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
};
