import { type Actor, abilities, authorize, type Resource } from '../../access/index.ts';
import { type ApprovalRow, findApproval } from '../../access/policy/index.ts';
import { recordActorAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { REGISTER_RECORD_TYPE } from './offenders.approval.ts';
import { ENTRY_ABILITIES } from './offenders.policy.ts';
import type { EntryDetail, EntrySummary } from './offenders.schema.ts';
import { invalid } from './register.normalise.ts';
import * as repo from './register.repo.ts';

/**
 * What every register use case shares (split out of register.service.ts to keep files small): the
 * deps, the entry as a policy resource, the summary and detail views (with what the actor may do
 * now), the audit event (ids only), load-and-authorize (anything the actor may not act on is 404),
 * the optimistic version check and future-instant validation. Other code imports through
 * register.service.ts.
 */
export interface RegisterDeps extends Pick<AppContext, 'database' | 'clock'> {
  /** The border-check index; told after each committed change. */
  screening?: { noteChanged(): void };
}

export interface PageOf<T> {
  items: T[];
  limit: number;
  offset: number;
  total: number;
}

export const entryResource = (e: Pick<repo.EntryRow, 'id' | 'agencyId' | 'unitId'>): Resource => ({
  type: REGISTER_RECORD_TYPE,
  id: e.id,
  agencyId: e.agencyId,
  unitId: e.unitId,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const lapsed = (e: repo.EntryRow, now: Date) =>
  e.status === 'active' && e.expiresAt !== null && e.expiresAt.getTime() <= now.getTime();

export function summaryOf(e: repo.EntryRow, primaryName: string | null, now: Date): EntrySummary {
  return {
    id: e.id,
    reference: e.reference,
    status: e.status as EntrySummary['status'],
    lapsed: lapsed(e, now),
    basis: e.basis as EntrySummary['basis'],
    primaryName: primaryName ?? '',
    dob: e.dob,
    nationalities: e.nationalities as string[],
    riskLevel: e.riskLevel as EntrySummary['riskLevel'],
    reviewDate: e.reviewDate,
    expiresAt: iso(e.expiresAt),
    agencyId: e.agencyId,
    unitId: e.unitId,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    version: e.version,
  };
}

/** What the actor may do with the entry now: the policy, then the entry's state. */
function entryAbilities(
  actor: Actor,
  e: repo.EntryRow,
  approval: ApprovalRow | undefined,
  now: Date,
): string[] {
  const pending = approval?.state === 'pending' && approval.expiresAt.getTime() > now.getTime();
  return abilities(actor, ENTRY_ABILITIES, entryResource(e)).filter((a) => {
    switch (a) {
      case 'offenders.update':
        return e.status === 'proposed' || e.status === 'active';
      case 'offenders.request_activation':
        return e.status === 'proposed' && !pending;
      case 'offenders.decide_activation':
        // Pending, or approved in the approvals inbox and waiting to be completed here.
        return (
          e.status === 'proposed' &&
          approval !== undefined &&
          approval.requestedBy !== actor.userId &&
          (pending || (approval.state === 'approved' && approval.expiresAt.getTime() > now.getTime()))
        );
      case 'offenders.expire':
        return e.status === 'active';
      case 'offenders.remove':
        return e.status !== 'removed';
      default:
        return false;
    }
  });
}

export async function detailOf(
  db: Executor,
  actor: Actor,
  e: repo.EntryRow,
  now: Date,
): Promise<EntryDetail> {
  const parts = (await repo.partsOf(db, [e.id])).get(e.id)!;
  const approval = e.approvalId ? await findApproval(db, e.approvalId) : undefined;
  return {
    ...summaryOf(e, parts.names[0]?.name ?? null, now),
    names: parts.names.map((n) => ({ name: n.name, primary: n.isPrimary })),
    passports: parts.passports.map((p) => ({ country: p.country, number: p.number })),
    gender: e.gender as EntryDetail['gender'],
    offences: e.offences as string[],
    legalBasis: e.legalBasis,
    sourceDocument: e.sourceDocument,
    photoRef: e.photoRef,
    instructions: e.instructions,
    createdBy: e.createdBy,
    activatedAt: iso(e.activatedAt),
    removedReason: e.removedReason,
    approval: approval
      ? {
          id: approval.id,
          state: approval.state as 'pending' | 'approved' | 'rejected' | 'withdrawn',
          requestedBy: approval.requestedBy,
          requestedAt: approval.requestedAt.toISOString(),
          expiresAt: approval.expiresAt.toISOString(),
          justification: approval.justification,
          decidedBy: approval.decidedBy,
          decidedAt: iso(approval.decidedAt),
          decisionNote: approval.decisionNote,
        }
      : null,
    abilities: entryAbilities(actor, e, approval, now),
  };
}

export async function audit(
  tx: Executor,
  deps: RegisterDeps,
  actor: Actor,
  action: string,
  entryId: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  await recordActorAudit(tx, deps.clock, actor, {
    action,
    objectType: REGISTER_RECORD_TYPE,
    objectId: entryId,
    details,
  });
}

/** Load an entry the actor may act on with `action`; anything else is 404. */
export async function loadEntry(
  db: Executor,
  actor: Actor,
  action: string,
  id: string,
  forUpdate = false,
): Promise<repo.EntryRow> {
  const entry = await repo.findEntry(db, id, { forUpdate });
  if (!entry) throw AppError.notFound();
  authorize(actor, action, entryResource(entry));
  return entry;
}

export function checkVersion(entry: repo.EntryRow, version: number): void {
  if (entry.version !== version)
    throw new AppError('conflict', 'The entry was changed by someone else', [
      {
        path: 'body.version',
        message: `is ${version} but the entry is at version ${entry.version}: reload it`,
      },
    ]);
}

export function futureInstant(
  raw: string | null | undefined,
  now: Date,
  path: string,
): Date | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const at = new Date(raw);
  if (at.getTime() <= now.getTime()) throw invalid(path, 'must be in the future');
  return at;
}
