import { ROLES } from '@karpear/contracts';
import { alertIn } from '../fixtures.ts';
import type { RouteTable } from './route-helpers.ts';

/** In-app alerts. */
export const ALERT_ROUTES: RouteTable = {
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
};
