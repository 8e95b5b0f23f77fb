import type {
  CreateTipBody,
  TipChange,
  TipDetail,
  TipListQuery,
  TipPriority,
  TipStatus,
  TipSummary,
} from '@karpear/contracts';
import { type Actor, abilities, authorize, can, canPerformAction, policy } from '../../access/index.ts';
import type { HandlingCode } from '../../access/policy/rules.ts';
import { recordAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { raiseAlert } from '../alerts/index.ts';
import { createCaseFromTip, findCaseHeads } from '../cases/index.ts';
import {
  identifiersOfRecord,
  moveRecordHolder,
  normaliseIdentifierInput,
  relatedRecords,
} from '../entities/index.ts';
import { insertTip, type NewTipIdentifier, resolveIntakeAgency } from './tips.intake.ts';
import { CREATE_SOURCES_BY_ROLE, TIP_ABILITIES } from './tips.policy.ts';
import * as repo from './tips.repo.ts';
import { dueSoonWindowMs, slaDueAt } from './tips.sla.ts';
import {
  detailBase,
  effectivePriority,
  fileView,
  messageView,
  summaryView,
  tipResource,
} from './tips.views.ts';
import { canMove, isClosed, statusAfterTriage } from './tips.workflow.ts';

/**
 * Tips: authorize first (a tip the actor may not see answers 404 like a missing one), then the
 * repository; every change and every read of a tip writes exactly one audit event in the same
 * transaction (ids and counts only). Services never log tip content.
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

// ----- intake -----

export async function createTip(
  deps: TipDeps,
  actor: Actor,
  body: CreateTipBody,
): Promise<{ id: string; reference: string }> {
  authorize(actor, 'tips.create');
  const allowedSources = sourcesFor(actor);
  if (allowedSources && !allowedSources.includes(body.source))
    throw new AppError(
      'validation_failed',
      `Your role may record tips from ${allowedSources.join(', ')} only`,
      [{ path: 'body.source', message: `must be one of ${allowedSources.join(', ')}` }],
    );
  if (body.childAgeMin !== undefined && body.childAgeMax !== undefined && body.childAgeMin > body.childAgeMax)
    throw new AppError('validation_failed', 'The youngest age is above the oldest age', [
      { path: 'body.childAgeMin', message: 'must not be above childAgeMax' },
    ]);
  const identifiers: NewTipIdentifier[] = body.identifiers.map((input, i) => {
    const n = normaliseIdentifierInput(input);
    if (!n.ok)
      throw new AppError('validation_failed', `Identifier ${i + 1} is not valid: ${n.reason}`, [
        { path: `body.identifiers.${i}.value`, message: n.reason },
      ]);
    return { kind: n.kind, value: n.value, role: 'reported', stopListed: n.stopListed };
  });
  return deps.database.db.transaction(async (tx) => {
    // Operators and supervisors file under their own agency and desk; NGO and partner hand-ins go to
    // the intake agency (they cannot read tips back).
    const holder = allowedSources
      ? await resolveIntakeAgency(tx, deps.config)
      : { agencyId: actor.agencyId, unitId: actor.unitId };
    const inserted = await insertTip(
      deps,
      tx,
      {
        source: body.source,
        agencyId: holder.agencyId,
        unitId: holder.unitId,
        receivedAt: body.receivedAt ? new Date(body.receivedAt) : deps.clock.now(),
        narrative: body.narrative,
        province: body.province ?? null,
        place: body.place ?? null,
        occurredAt: body.occurredAt ?? null,
        childAgeMin: body.childAgeMin ?? null,
        childAgeMax: body.childAgeMax ?? null,
        imminentDanger: body.imminentDanger,
        suspect: body.suspect ?? null,
        identifiers,
        rawIdentifiers: body.identifiers,
        reporterContact: body.reporterContact ?? null,
        externalRef: body.externalRef ?? null,
        createdBy: actor.userId,
      },
      { actorId: actor.userId, agencyId: actor.agencyId, ip: actor.ip, requestId: actor.requestId },
    );
    return { id: inserted.id, reference: inserted.reference };
  });
}

/**
 * The sources the actor may record, or undefined when any operator source is allowed: a role that
 * may create tips and has no entry in CREATE_SOURCES_BY_ROLE (operator, supervisor) lifts the limit.
 */
function sourcesFor(actor: Actor): readonly string[] | undefined {
  const creators = actor.roles.filter((r) => canPerformAction({ roles: [r] }, 'tips.create'));
  if (creators.some((r) => CREATE_SOURCES_BY_ROLE[r] === undefined)) return undefined;
  return [...new Set(creators.flatMap((r) => CREATE_SOURCES_BY_ROLE[r] ?? []))];
}

// ----- queue and detail -----

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

export async function getTip(deps: TipDeps, actor: Actor, id: string): Promise<TipDetail> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.read', id);
    const now = deps.clock.now();
    const [events, messages, files, entities, related] = [
      await repo.eventsOf(tx, id),
      await repo.messagesOf(tx, id),
      await repo.filesOf(tx, id),
      await identifiersOfRecord(tx, 'tip', id),
      await relatedView(tx, actor, id),
    ];
    await audit(tx, deps, actor, 'read', id, { related: related.length });
    return {
      ...detailBase(deps.config, tip, files.filter((f) => f.locked).length, now),
      events: events.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actorId: e.actorId,
        kind: e.kind,
        fromStatus: e.fromStatus as TipStatus | null,
        toStatus: e.toStatus as TipStatus | null,
        reason: e.reason,
        details: (e.details as Record<string, unknown> | null) ?? null,
      })),
      entities: entities.map((e) => ({
        identifierId: e.identifierId,
        kind: e.kind as TipDetail['entities'][number]['kind'],
        value: e.value,
        role: e.role,
        stopListed: e.stopListed,
        otherTips: e.stopListed ? 0 : e.otherRecords,
      })),
      related,
      messages: messages.map(messageView),
      files: files.map(fileView),
      abilities: tipAbilities(actor, tip),
    };
  });
}

/**
 * Related records with the deconfliction rule: a record the viewer may read shows its id, reference,
 * status and the shared values; any other shows only who holds it (agency and unit codes) and the
 * kinds shared, values withheld — enough to say "contact unit X", nothing of its content.
 */
async function relatedView(tx: Executor, actor: Actor, tipId: string): Promise<TipDetail['related']> {
  const related = await relatedRecords(tx, 'tip', tipId);
  const tipHeads = new Map(
    (
      await repo.tipHeads(
        tx,
        related.filter((r) => r.recordType === 'tip').map((r) => r.recordId),
      )
    ).map((t) => [t.id, t]),
  );
  const caseHeads = new Map(
    (
      await findCaseHeads(
        tx,
        related.filter((r) => r.recordType === 'case').map((r) => r.recordId),
      )
    ).map((c) => [c.id, c]),
  );
  const codes = await repo.holderCodes(
    tx,
    [...new Set(related.map((r) => r.agencyId))],
    [...new Set(related.map((r) => r.unitId).filter((u): u is string => u !== null))],
  );
  return related.map((r) => {
    const head = r.recordType === 'tip' ? tipHeads.get(r.recordId) : caseHeads.get(r.recordId);
    const action = r.recordType === 'tip' ? 'tips.read' : 'cases.read';
    const visible =
      head !== undefined &&
      (r.recordType === 'tip' || r.recordType === 'case') &&
      can(actor, action, {
        type: r.recordType,
        id: head.id,
        agencyId: head.agencyId,
        unitId: head.unitId,
        handling: head.handling as HandlingCode,
      });
    return {
      recordType: r.recordType,
      id: visible ? r.recordId : null,
      reference: visible ? head.reference : null,
      status: visible ? head.status : null,
      holder: {
        agencyCode: codes.agencies.get(r.agencyId) ?? 'unknown',
        unitCode: r.unitId ? (codes.units.get(r.unitId) ?? null) : null,
      },
      sharedIdentifiers: r.shared.map((s) => ({
        kind: s.kind as TipDetail['related'][number]['sharedIdentifiers'][number]['kind'],
        value: visible ? s.value : null,
      })),
      visible,
    };
  });
}

function tipAbilities(actor: Actor, tip: repo.TipRow): string[] {
  const open = !isClosed(tip.status as TipStatus);
  const stateAllows: Record<string, boolean> = {
    'tips.triage': open,
    'tips.assign': open,
    'tips.update_status': open,
    'tips.convert': canMove(tip.status as TipStatus, 'converted_to_case'),
  };
  return abilities(actor, TIP_ABILITIES, tipResource(tip)).filter((a) => stateAllows[a] ?? true);
}

/** The reporter's contact, decrypted: the one route that discloses it; audited as a disclosure. */
export async function getReporterContact(
  deps: TipDeps,
  actor: Actor,
  id: string,
): Promise<{ reporterContact: string | null }> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.read_reporter_contact', id);
    const reporterContact = tip.reporterContact
      ? await deps.fields.decryptField(
          tx,
          { subjectType: 'tip', subjectId: tip.id },
          { table: 'tips', column: 'reporter_contact', rowId: tip.id },
          tip.reporterContact,
        )
      : null;
    await audit(tx, deps, actor, 'disclose', id, {
      field: 'reporter_contact',
      present: reporterContact !== null,
    });
    return { reporterContact };
  });
}

// ----- workflow -----

export interface TriageInput {
  priority: TipPriority;
  reason?: string;
  version: number;
}

export async function triageTip(
  deps: TipDeps,
  actor: Actor,
  id: string,
  input: TriageInput,
): Promise<TipChange> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.triage', id, true);
    assertOpen(tip);
    if (input.priority !== tip.proposedPriority && !input.reason)
      throw new AppError(
        'validation_failed',
        `A reason is required to change the proposed priority ${tip.proposedPriority} to ${input.priority}`,
        [{ path: 'body.reason', message: 'required when the priority differs from the proposed one' }],
      );
    const now = deps.clock.now();
    const toStatus = statusAfterTriage(tip.status as TipStatus);
    const due = slaDueAt(deps.config, input.priority, tip.receivedAt, toStatus);
    const updated = await repo.updateTipAtVersion(
      tx,
      id,
      input.version,
      {
        priority: input.priority,
        status: toStatus,
        slaDueAt: due,
        // A new due time may be breached anew: the escalation job may escalate again.
        slaEscalatedAt: due?.getTime() === tip.slaDueAt?.getTime() ? tip.slaEscalatedAt : null,
      },
      now,
    );
    if (!updated) throw stale(tip, input.version);
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'triaged',
      fromStatus: tip.status,
      toStatus,
      reason: input.reason ?? null,
      details: { priority: input.priority, proposedPriority: tip.proposedPriority, previous: tip.priority },
    });
    await audit(tx, deps, actor, 'tips.triage', id, {
      priority: input.priority,
      proposedPriority: tip.proposedPriority,
      changed: input.priority !== tip.proposedPriority,
    });
    return changeView(updated);
  });
}

export interface AssignInput {
  unitId: string;
  assigneeId?: string | null;
  reason?: string;
}

export async function assignTip(
  deps: TipDeps,
  actor: Actor,
  id: string,
  input: AssignInput,
): Promise<TipChange> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.assign', id, true);
    return changeView(await assignLoaded(tx, deps, actor, tip, input, 'body'));
  });
}

/** Bulk assignment: all or nothing; the first tip that cannot be assigned is named in the error. */
export async function bulkAssign(
  deps: TipDeps,
  actor: Actor,
  input: AssignInput & { tipIds: string[] },
): Promise<{ assigned: number }> {
  // Route-level here (each tip is authorized below, with its own agency and unit).
  if (!canPerformAction(actor, 'tips.assign')) throw AppError.notFound();
  const ids = [...new Set(input.tipIds)];
  return deps.database.db.transaction(async (tx) => {
    const rows = new Map((await repo.findTipsByIds(tx, ids)).map((t) => [t.id, t]));
    for (const [i, id] of input.tipIds.entries()) {
      const tip = rows.get(id);
      if (!tip || !can(actor, 'tips.assign', tipResource(tip)))
        // Missing and not allowed read the same (no existence leak); 400 keeps the issue (a 404 body never
        // carries one).
        throw new AppError(
          'validation_failed',
          `Tip ${i + 1} of the list (${id}) was not found; nothing was assigned`,
          [{ path: `body.tipIds.${i}`, message: 'not found' }],
        );
      if (isClosed(tip.status as TipStatus))
        throw new AppError(
          'conflict',
          `Tip ${tip.reference} is closed (${tip.status}); nothing was assigned`,
          [{ path: `body.tipIds.${i}`, message: `closed (${tip.status})` }],
        );
    }
    for (const id of ids) await assignLoaded(tx, deps, actor, rows.get(id)!, input, 'body');
    return { assigned: ids.length };
  });
}

async function assignLoaded(
  tx: Executor,
  deps: TipDeps,
  actor: Actor,
  tip: repo.TipRow,
  input: AssignInput,
  at: string,
): Promise<repo.TipRow> {
  assertOpen(tip);
  const unit = await repo.findUnit(tx, input.unitId);
  if (!unit || unit.agencyId !== tip.agencyId)
    throw new AppError(
      'validation_failed',
      `The unit is not a unit of the agency holding tip ${tip.reference}`,
      [{ path: `${at}.unitId`, message: 'not a unit of the holding agency' }],
    );
  const assigneeId = input.assigneeId ?? null;
  if (assigneeId) {
    const user = await repo.findUserUnit(tx, assigneeId);
    if (!user || user.unitId !== unit.id || user.status !== 'active')
      throw new AppError(
        'validation_failed',
        `The investigator is not an active member of unit ${unit.code}`,
        [{ path: `${at}.assigneeId`, message: `not an active member of unit ${unit.code}` }],
      );
  }
  const now = deps.clock.now();
  const toStatus: TipStatus = 'assigned';
  if (!canMove(tip.status as TipStatus, toStatus)) throw notAllowedFrom(tip, toStatus);
  const updated = await repo.updateTipAtVersion(
    tx,
    tip.id,
    tip.version,
    { unitId: unit.id, assigneeId, status: toStatus },
    now,
  );
  if (!updated) throw stale(tip, tip.version);
  if (unit.id !== tip.unitId) await moveRecordHolder(tx, 'tip', tip.id, tip.agencyId, unit.id);
  await repo.insertEvent(tx, {
    tipId: tip.id,
    at: now,
    actorId: actor.userId,
    kind: 'assigned',
    fromStatus: tip.status,
    toStatus,
    reason: input.reason ?? null,
    details: { unitId: unit.id, assigneeId, previousUnitId: tip.unitId, previousAssigneeId: tip.assigneeId },
  });
  await raiseAlert(
    tx,
    {
      kind: 'tip_assigned',
      agencyId: tip.agencyId,
      recipientUserId: assigneeId,
      recipientUnitId: assigneeId ? null : unit.id,
      recordType: 'tip',
      recordId: tip.id,
      reference: tip.reference,
      params: { priority: effectivePriority(tip) },
      dedupeKey: `tip_assigned:${tip.id}:${updated.version}`,
    },
    now,
  );
  await audit(tx, deps, actor, 'tips.assign', tip.id, { unitId: unit.id, assigneeId });
  return updated;
}

export interface StatusInput {
  status: 'actioned' | 'referred' | 'closed_no_action';
  reason: string;
  version: number;
}

export async function changeStatus(
  deps: TipDeps,
  actor: Actor,
  id: string,
  input: StatusInput,
): Promise<TipChange> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.update_status', id, true);
    if (tip.version !== input.version) throw stale(tip, input.version);
    if (!canMove(tip.status as TipStatus, input.status)) throw notAllowedFrom(tip, input.status);
    const now = deps.clock.now();
    const updated = await repo.updateTipAtVersion(
      tx,
      id,
      input.version,
      { status: input.status, slaDueAt: null },
      now,
    );
    if (!updated) throw stale(tip, input.version);
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'status_changed',
      fromStatus: tip.status,
      toStatus: input.status,
      reason: input.reason,
    });
    await audit(tx, deps, actor, 'tips.update_status', id, { from: tip.status, to: input.status });
    return changeView(updated);
  });
}

export async function convertTip(
  deps: TipDeps,
  actor: Actor,
  id: string,
  input: { title: string; reason?: string },
): Promise<{ caseId: string; reference: string }> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.convert', id, true);
    if (!canMove(tip.status as TipStatus, 'converted_to_case'))
      throw notAllowedFrom(tip, 'converted_to_case');
    const now = deps.clock.now();
    const unit = tip.unitId ? await repo.findUnit(tx, tip.unitId) : undefined;
    const agencyCode = (await repo.holderCodes(tx, [tip.agencyId], [])).agencies.get(tip.agencyId)!;
    const created = await createCaseFromTip(tx, {
      agencyId: tip.agencyId,
      unitId: tip.unitId,
      prefixCode: unit?.code ?? agencyCode,
      title: input.title,
      handling: tip.handling,
      tipId: tip.id,
      createdBy: actor.userId,
      now,
    });
    const updated = await repo.updateTipAtVersion(
      tx,
      id,
      tip.version,
      { status: 'converted_to_case', caseId: created.id, slaDueAt: null },
      now,
    );
    if (!updated) throw stale(tip, tip.version);
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'converted',
      fromStatus: tip.status,
      toStatus: 'converted_to_case',
      reason: input.reason ?? null,
      details: { caseId: created.id, caseReference: created.reference },
    });
    await audit(tx, deps, actor, 'tips.convert', id, {
      caseId: created.id,
      caseReference: created.reference,
    });
    return { caseId: created.id, reference: created.reference };
  });
}

export async function messageReporter(
  deps: TipDeps,
  actor: Actor,
  id: string,
  body: string,
): Promise<TipDetail['messages'][number]> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.message_reporter', id);
    if (tip.receiptHash === null)
      throw new AppError(
        'conflict',
        `Tip ${tip.reference} has no anonymous reporter receipt: nobody could read the message`,
        [{ path: 'params.id', message: 'tip has no reporter receipt' }],
      );
    const now = deps.clock.now();
    const message = await repo.insertMessage(tx, {
      tipId: id,
      at: now,
      direction: 'to_reporter',
      authorId: actor.userId,
      body,
    });
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'message_to_reporter',
      details: { messageId: message.id },
    });
    await audit(tx, deps, actor, 'tips.message_reporter', id, { messageId: message.id });
    return messageView(message);
  });
}

export async function recordLegalAuthority(
  deps: TipDeps,
  actor: Actor,
  id: string,
  fileId: string,
  authority: string,
): Promise<TipDetail['files'][number]> {
  return deps.database.db.transaction(async (tx) => {
    await loadTip(tx, actor, 'tips.record_legal_authority', id);
    const file = await repo.findFile(tx, id, fileId);
    if (!file) throw AppError.notFound();
    if (!file.locked)
      throw new AppError('conflict', 'This file is not locked: no legal authority is needed to view it', [
        { path: 'params.fileId', message: 'not locked' },
      ]);
    const now = deps.clock.now();
    const row = await repo.recordFileAuthority(tx, fileId, authority, actor.userId, now);
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'legal_authority_recorded',
      reason: authority,
      details: { fileId },
    });
    await audit(tx, deps, actor, 'tips.record_legal_authority', id, { fileId });
    return fileView(row);
  });
}

// ----- helpers -----

/** Load a tip and authorize the action on it; missing and not allowed answer the same 404. */
async function loadTip(
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
function changeView(t: repo.TipRow): TipChange {
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

function assertOpen(tip: repo.TipRow): void {
  if (isClosed(tip.status as TipStatus))
    throw new AppError('conflict', `Tip ${tip.reference} is closed (${tip.status})`, [
      { path: 'params.id', message: `closed (${tip.status})` },
    ]);
}

function stale(tip: repo.TipRow, version: number): AppError {
  return new AppError(
    'conflict',
    `Tip ${tip.reference} was changed by someone else (you had version ${version}, it is now ${tip.version}); reload it and try again`,
    [{ path: 'body.version', message: `stale: current version is ${tip.version}` }],
  );
}

function notAllowedFrom(tip: repo.TipRow, to: TipStatus): AppError {
  return new AppError('conflict', `Tip ${tip.reference} cannot go from ${tip.status} to ${to}`, [
    { path: 'body.status', message: `not allowed from ${tip.status}` },
  ]);
}

async function audit(
  tx: Executor,
  deps: TipDeps,
  actor: Actor,
  action: string,
  tipId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    at: deps.clock.now(),
    actorId: actor.userId,
    agencyId: actor.agencyId,
    action,
    objectType: 'tip',
    objectId: tipId,
    outcome: 'success',
    ip: actor.ip,
    requestId: actor.requestId,
    details,
  });
}
