import type { TipChange, TipPriority, TipStatus } from '@karpear/contracts';
import { type Actor, authorize } from '../../access/index.ts';
import { recordActorAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './tips.repo.ts';
import { tipResource } from './tips.views.ts';
import { isClosed } from './tips.workflow.ts';

/**
 * What every tips use case shares (split out of tips.service.ts to keep files small): the deps, the
 * page shape, load-and-authorize (a tip the actor may not see answers 404 like a missing one), the
 * change view, the closed/stale/not-allowed errors and the one audit event per change or read.
 * Other code imports these through tips.service.ts.
 */
export type TipDeps = Pick<AppContext, 'database' | 'clock' | 'config' | 'fields'>;

export interface PageOf<T> {
  items: T[];
  limit: number;
  offset: number;
  total: number;
  /** True when more than `total` items match (the total is counted up to a cap). */
  totalCapped?: boolean;
}

// ----- helpers -----

/** Load a tip and authorize the action on it; missing and not allowed answer the same 404. */
export async function loadTip(
  db: Executor,
  actor: Actor,
  action: string,
  id: string,
  forUpdate = false,
): Promise<repo.TipRow> {
  const tip = await repo.findTipById(db, id, { forUpdate });
  if (!tip) throw AppError.notFound();
  authorize(actor, action, tipResource(tip));
  return tip;
}

/** What a change answers: ids and state only (reading the detail again is its own audited read). */
export function changeView(t: repo.TipRow): TipChange {
  return {
    id: t.id,
    reference: t.reference,
    status: t.status as TipStatus,
    priority: t.priority as TipPriority | null,
    unitId: t.unitId,
    assigneeId: t.assigneeId,
    version: t.version,
  };
}

export function assertOpen(tip: repo.TipRow): void {
  if (isClosed(tip.status as TipStatus))
    throw new AppError('conflict', `Tip ${tip.reference} is closed (${tip.status})`, [
      { path: 'params.id', message: `closed (${tip.status})` },
    ]);
}

export function stale(tip: repo.TipRow, version: number): AppError {
  return new AppError(
    'conflict',
    `Tip ${tip.reference} was changed by someone else (you had version ${version}, it is now ${tip.version}); reload it and try again`,
    [{ path: 'body.version', message: `stale: current version is ${tip.version}` }],
  );
}

export function notAllowedFrom(tip: repo.TipRow, to: TipStatus): AppError {
  return new AppError('conflict', `Tip ${tip.reference} cannot go from ${tip.status} to ${to}`, [
    { path: 'body.status', message: `not allowed from ${tip.status}` },
  ]);
}

export async function audit(
  tx: Executor,
  deps: TipDeps,
  actor: Actor,
  action: string,
  tipId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordActorAudit(tx, deps.clock, actor, {
    action,
    objectType: 'tip',
    objectId: tipId,
    details,
  });
}
