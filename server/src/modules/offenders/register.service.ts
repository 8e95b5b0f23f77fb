import {
  type Actor,
  abilities,
  authorize,
  decideApproval,
  type Resource,
  relationsFor,
  requestApproval,
  requireStepUp,
} from '../../access/index.ts';
import { type ApprovalRow, findApproval } from '../../access/policy/index.ts';
import { recordAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { findUnitById } from '../agencies/index.ts';
import { normalisePassportNumber } from './matching/passport.ts';
import { REGISTER_ACTIVATION_KIND, REGISTER_RECORD_TYPE } from './offenders.approval.ts';
import { ENTRY_ABILITIES } from './offenders.policy.ts';
import type {
  CreateEntryInput,
  EntryDetail,
  EntryListQuery,
  EntrySummary,
  UpdateEntryInput,
} from './offenders.schema.ts';
import { nextReference } from './references.ts';
import {
  invalid,
  normaliseDob,
  normaliseNames,
  normaliseNationalities,
  normalisePassports,
} from './register.normalise.ts';
import * as repo from './register.repo.ts';

/**
 * The offender register: propose, read, search, edit (optimistic version), ask for activation, decide
 * it (four eyes), expire, remove. Authorize first (a record the actor may not see answers 404 like a
 * missing one); every change and every read of entries writes one audit event in its transaction,
 * with ids only. After a change commits, the screening index is told to pick it up.
 */
export interface RegisterDeps extends Pick<AppContext, 'database' | 'clock'> {
  /** The border-check index; told after each committed change. */
  screening?: { noteChanged(): void };
}

/** How long an activation request may wait for its second person. */
const ACTIVATION_REQUEST_HOURS = 7 * 24;
/** A four-eyes decision needs the second factor proven recently (as the approvals inbox does). */
const DECISION_STEP_UP_SECONDS = 300;

export interface PageOf<T> {
  items: T[];
  limit: number;
  offset: number;
  total: number;
}

const entryResource = (e: Pick<repo.EntryRow, 'id' | 'agencyId' | 'unitId'>): Resource => ({
  type: REGISTER_RECORD_TYPE,
  id: e.id,
  agencyId: e.agencyId,
  unitId: e.unitId,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const lapsed = (e: repo.EntryRow, now: Date) =>
  e.status === 'active' && e.expiresAt !== null && e.expiresAt.getTime() <= now.getTime();

function summaryOf(e: repo.EntryRow, primaryName: string | null, now: Date): EntrySummary {
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

async function detailOf(db: Executor, actor: Actor, e: repo.EntryRow, now: Date): Promise<EntryDetail> {
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

async function audit(
  tx: Executor,
  deps: RegisterDeps,
  actor: Actor,
  action: string,
  entryId: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    at: deps.clock.now(),
    actorId: actor.userId,
    agencyId: actor.agencyId,
    action,
    objectType: REGISTER_RECORD_TYPE,
    objectId: entryId,
    outcome: 'success',
    ip: actor.ip,
    requestId: actor.requestId,
    details,
  });
}

/** Load an entry the actor may act on with `action`; anything else is 404. */
async function loadEntry(
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

function checkVersion(entry: repo.EntryRow, version: number): void {
  if (entry.version !== version)
    throw new AppError('conflict', 'The entry was changed by someone else', [
      {
        path: 'body.version',
        message: `is ${version} but the entry is at version ${entry.version}: reload it`,
      },
    ]);
}

function futureInstant(raw: string | null | undefined, now: Date, path: string): Date | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const at = new Date(raw);
  if (at.getTime() <= now.getTime()) throw invalid(path, 'must be in the future');
  return at;
}

export async function createEntry(
  deps: RegisterDeps,
  actor: Actor,
  input: CreateEntryInput,
): Promise<EntryDetail> {
  authorize(actor, 'offenders.create', {
    type: REGISTER_RECORD_TYPE,
    agencyId: actor.agencyId,
    unitId: actor.unitId,
  });
  const now = deps.clock.now();
  const names = normaliseNames(input.names);
  const dob = normaliseDob(input.dob, 'body.dob');
  const nationalities = normaliseNationalities(input.nationalities);
  const passports = normalisePassports(input.passports);
  const expiresAt = futureInstant(input.expiresAt, now, 'body.expiresAt') ?? null;
  const detail = await deps.database.db.transaction(async (tx) => {
    // The register is kept by the specialist unit: other units' staff are refused like strangers.
    const unit = actor.unitId ? await findUnitById(tx, actor.unitId) : undefined;
    if (!unit?.isSpecialist || unit.agencyId !== actor.agencyId) throw AppError.notFound();
    const reference = await nextReference(tx, 'REG', now, (p) => repo.lastEntryReference(tx, p));
    const entry = await repo.insertEntry(tx, {
      reference,
      agencyId: actor.agencyId,
      unitId: actor.unitId,
      status: 'proposed',
      basis: input.basis,
      dob,
      gender: input.gender ?? null,
      nationalities,
      offences: input.offences,
      legalBasis: input.legalBasis,
      sourceDocument: input.sourceDocument ?? null,
      photoRef: input.photoRef ?? null,
      riskLevel: input.riskLevel,
      reviewDate: input.reviewDate ?? null,
      expiresAt,
      instructions: input.instructions,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.replaceNames(tx, entry.id, names);
    await repo.replacePassports(tx, entry.id, passports);
    await audit(tx, deps, actor, 'offenders.create', entry.id, { reference, status: 'proposed' });
    return detailOf(tx, actor, entry, now);
  });
  return detail;
}

/** One entry; the read is audited (register entries are personal data). */
export async function getEntry(deps: RegisterDeps, actor: Actor, id: string): Promise<EntryDetail> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.read', id);
    await audit(tx, deps, actor, 'offenders.read', entry.id, { reference: entry.reference });
    return detailOf(tx, actor, entry, now);
  });
}

/** Entries the actor may read, narrowed in SQL; the search is audited without its words. */
export async function listEntries(
  deps: RegisterDeps,
  actor: Actor,
  query: EntryListQuery,
): Promise<PageOf<EntrySummary>> {
  authorize(actor, 'offenders.list');
  const page = { limit: query.limit, offset: query.offset };
  const relations = relationsFor(actor, 'offenders.read');
  if (relations.length === 0) return { items: [], ...page, total: 0 };
  const agencyId = relations.includes('any') ? undefined : actor.agencyId;
  const passportNumber = query.q ? normalisePassportNumber(query.q) : '';
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { rows, total } = await repo.listEntries(
      tx,
      {
        status: query.status,
        q: query.q,
        agencyId,
        passportNumber: passportNumber.length >= 4 ? passportNumber : undefined,
      },
      page,
    );
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'offenders.list',
      objectType: REGISTER_RECORD_TYPE,
      objectId: null,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { searched: query.q !== undefined, status: query.status ?? null, shown: rows.length, total },
    });
    return { items: rows.map((r) => summaryOf(r, r.primaryName, now)), ...page, total };
  });
}

/**
 * Change an entry at the version the caller saw. Changing an **active** entry sends it back to
 * `proposed` (it stops matching until a second person approves again): otherwise one person could
 * rewrite the names of an approved entry and bypass four eyes.
 */
export async function updateEntry(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  input: UpdateEntryInput,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  const names = input.names ? normaliseNames(input.names) : undefined;
  const passports = input.passports ? normalisePassports(input.passports) : undefined;
  const changes: Partial<repo.NewEntry> = {};
  if (input.basis !== undefined) changes.basis = input.basis;
  if (input.dob !== undefined) changes.dob = normaliseDob(input.dob, 'body.dob');
  if (input.gender !== undefined) changes.gender = input.gender;
  if (input.nationalities !== undefined) changes.nationalities = normaliseNationalities(input.nationalities);
  if (input.photoRef !== undefined) changes.photoRef = input.photoRef;
  if (input.offences !== undefined) changes.offences = input.offences;
  if (input.legalBasis !== undefined) changes.legalBasis = input.legalBasis;
  if (input.sourceDocument !== undefined) changes.sourceDocument = input.sourceDocument;
  if (input.riskLevel !== undefined) changes.riskLevel = input.riskLevel;
  if (input.reviewDate !== undefined) changes.reviewDate = input.reviewDate;
  if (input.expiresAt !== undefined)
    changes.expiresAt = futureInstant(input.expiresAt, now, 'body.expiresAt');
  if (input.instructions !== undefined) changes.instructions = input.instructions;
  const fields = [
    ...Object.keys(changes),
    ...(names ? ['names'] : []),
    ...(passports ? ['passports'] : []),
  ].sort();
  const detail = await deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.update', id, true);
    if (entry.status !== 'proposed' && entry.status !== 'active')
      throw new AppError('conflict', 'The entry cannot be changed', [
        { path: 'status', message: `a ${entry.status} entry cannot be changed` },
      ]);
    checkVersion(entry, input.version);
    const backToProposed = entry.status === 'active';
    const updated = await repo.updateEntry(tx, entry.id, {
      ...changes,
      ...(backToProposed ? { status: 'proposed', approvalId: null, activatedAt: null } : {}),
      updatedAt: now,
      version: entry.version + 1,
    });
    if (names) await repo.replaceNames(tx, entry.id, names);
    if (passports) await repo.replacePassports(tx, entry.id, passports);
    await audit(tx, deps, actor, 'offenders.update', entry.id, {
      fields,
      version: updated.version,
      ...(backToProposed ? { status: 'proposed', previousStatus: 'active' } : {}),
    });
    return detailOf(tx, actor, updated, now);
  });
  deps.screening?.noteChanged();
  return detail;
}

/** Ask a second person to approve activation (four eyes), with a justification. */
export async function requestActivation(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  justification: string,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.request_activation', id, true);
    if (entry.status !== 'proposed')
      throw new AppError('conflict', 'Only a proposed entry can be activated', [
        { path: 'status', message: `the entry is ${entry.status}` },
      ]);
    // requestApproval refuses a second pending request and writes the audit event (approvals.request).
    const approval = await requestApproval(
      tx,
      actor,
      {
        kind: REGISTER_ACTIVATION_KIND,
        recordType: REGISTER_RECORD_TYPE,
        recordId: entry.id,
        agencyId: entry.agencyId,
        justification,
        expiresAt: new Date(now.getTime() + ACTIVATION_REQUEST_HOURS * 3_600_000),
      },
      now,
    );
    const updated = await repo.updateEntry(tx, entry.id, { approvalId: approval.id });
    return detailOf(tx, actor, updated, now);
  });
}

/**
 * The second person decides. The approval engine enforces who may decide (the kind's rules) and
 * that the requester never decides their own request (409); approving activates the entry in the
 * same transaction. A request already approved in the approvals inbox is completed here too.
 */
export async function decideActivation(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  decision: 'approved' | 'rejected',
  note: string | undefined,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  const entry0 = await repo.findEntry(deps.database.db, id);
  if (!entry0) throw AppError.notFound();
  authorize(actor, 'offenders.decide_activation', entryResource(entry0));
  requireStepUp(actor, DECISION_STEP_UP_SECONDS);
  try {
    const detail = await deps.database.db.transaction(async (tx) => {
      const entry = await loadEntry(tx, actor, 'offenders.decide_activation', id, true);
      if (entry.status !== 'proposed' || !entry.approvalId)
        throw new AppError('conflict', 'Nothing to decide', [
          { path: 'status', message: `the entry is ${entry.status} with no activation request` },
        ]);
      let approval = await findApproval(tx, entry.approvalId, { forUpdate: true });
      if (!approval) throw AppError.notFound();
      const decidedElsewhere = approval.state === 'approved' && decision === 'approved';
      if (decidedElsewhere) {
        if (approval.requestedBy === actor.userId)
          throw new AppError('conflict', 'The request cannot be decided', [
            { path: 'decision', message: 'the requester cannot decide their own request (four eyes)' },
          ]);
        if (approval.expiresAt.getTime() <= now.getTime())
          throw new AppError('conflict', 'The request cannot be decided', [
            { path: 'decision', message: 'the approval has expired' },
          ]);
      } else {
        approval = await decideApproval(tx, actor, approval.id, decision, note, now);
      }
      if (decision === 'rejected') return detailOf(tx, actor, entry, now);
      const updated = await repo.updateEntry(tx, entry.id, {
        status: 'active',
        activatedAt: now,
        updatedAt: now,
        version: entry.version + 1,
      });
      await audit(tx, deps, actor, 'offenders.activate', entry.id, {
        approvalId: approval.id,
        version: updated.version,
      });
      return detailOf(tx, actor, updated, now);
    });
    deps.screening?.noteChanged();
    return detail;
  } catch (err) {
    // A refused decision rolled back: record the attempt on its own (as the approvals inbox does).
    if (err instanceof AppError && (err.code === 'conflict' || err.code === 'not_found')) {
      await deps.database.db.transaction((tx) =>
        recordAudit(tx, {
          at: now,
          actorId: actor.userId,
          agencyId: actor.agencyId,
          action: 'offenders.activate',
          objectType: REGISTER_RECORD_TYPE,
          objectId: id,
          outcome: 'denied',
          ip: actor.ip,
          requestId: actor.requestId,
          details: { reason: err.code, issue: err.issues[0]?.message ?? null },
        }),
      );
    }
    throw err;
  }
}

/** Stop an active entry matching now (its expiry date need not have come). */
export async function expireEntry(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  version: number,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  const detail = await deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.expire', id, true);
    if (entry.status !== 'active')
      throw new AppError('conflict', 'Only an active entry can expire', [
        { path: 'status', message: `the entry is ${entry.status}` },
      ]);
    checkVersion(entry, version);
    const updated = await repo.updateEntry(tx, entry.id, {
      status: 'expired',
      expiresAt: entry.expiresAt && entry.expiresAt < now ? entry.expiresAt : now,
      updatedAt: now,
      version: entry.version + 1,
    });
    await audit(tx, deps, actor, 'offenders.expire', entry.id, { version: updated.version });
    return detailOf(tx, actor, updated, now);
  });
  deps.screening?.noteChanged();
  return detail;
}

/** Take an entry off the register with a reason (kept; the entry stays readable as `removed`). */
export async function removeEntry(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  reason: string,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  const detail = await deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.remove', id, true);
    if (entry.status === 'removed')
      throw new AppError('conflict', 'The entry is already removed', [
        { path: 'status', message: 'the entry is removed' },
      ]);
    const updated = await repo.updateEntry(tx, entry.id, {
      status: 'removed',
      removedReason: reason,
      updatedAt: now,
      version: entry.version + 1,
    });
    // The reason is free text (it may name people): it stays on the entry, not in the audit log.
    await audit(tx, deps, actor, 'offenders.remove', entry.id, { previousStatus: entry.status });
    return detailOf(tx, actor, updated, now);
  });
  deps.screening?.noteChanged();
  return detail;
}
