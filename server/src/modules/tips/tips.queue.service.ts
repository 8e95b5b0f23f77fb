import type { TipListQuery, TipSummary } from '@karpear/contracts';
import { type Actor, authorize, policy } from '../../access/index.ts';
import * as repo from './tips.repo.ts';
import type { PageOf, TipDeps } from './tips.shared.service.ts';
import { dueSoonWindowMs } from './tips.sla.ts';
import { summaryView } from './tips.views.ts';

/**
 * The tips queue: listing, filters and search (split out of tips.service.ts to keep files small).
 * Visibility is applied in SQL from the `tips.read` policy rules. Other code imports `listTips`
 * through tips.service.ts.
 */
export async function listTips(
  deps: TipDeps,
  actor: Actor,
  query: TipListQuery,
): Promise<PageOf<TipSummary>> {
  authorize(actor, 'tips.list');
  const page = { limit: query.limit, offset: query.offset };
  const scope = visibilityScope(actor);
  if (scope === null) return { items: [], ...page, total: 0, totalCapped: false };
  const now = deps.clock.now();
  const { rows, total, totalCapped } = await repo.listTipsPage(deps.database.db, {
    scope,
    statuses: query.status,
    priorities: query.priority,
    province: query.province,
    source: query.source,
    assigneeId: query.assignee === 'none' ? null : query.assignee === 'me' ? actor.userId : query.assignee,
    unitId: query.unit,
    sla: query.sla,
    q: query.q,
    sort: query.sort,
    now,
    dueSoonMs: {
      P1: dueSoonWindowMs(deps.config, 'P1'),
      P2: dueSoonWindowMs(deps.config, 'P2'),
      P3: dueSoonWindowMs(deps.config, 'P3'),
      P4: dueSoonWindowMs(deps.config, 'P4'),
    },
    ...page,
  });
  return { items: rows.map((r) => summaryView(deps.config, r, now)), ...page, total, totalCapped };
}

/**
 * The tips `tips.read` lets the actor see, as SQL: one condition per rule of the actor's roles (its
 * relation and the handling codes it admits), OR-ed. Null when no rule applies (empty list).
 */
function visibilityScope(actor: Actor) {
  const conds = policy
    .rulesFor('tips.read')
    .filter((r) => r.roles.some((role) => actor.roles.includes(role)))
    .map((r) => repo.scopeCondition(r.relation, r.handling ?? [], actor))
    .filter((c) => c !== undefined);
  if (conds.length === 0) return null;
  return repo.orAll(conds);
}
