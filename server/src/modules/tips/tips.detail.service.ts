import type { TipDetail, TipStatus } from '@karpear/contracts';
import { type Actor, abilities, can } from '../../access/index.ts';
import type { HandlingCode } from '../../access/policy/rules.ts';
import type { Executor } from '../../platform/db/index.ts';
import { findCaseHeads } from '../cases/index.ts';
import { identifiersOfRecord, relatedRecords } from '../entities/index.ts';
import { TIP_ABILITIES } from './tips.policy.ts';
import * as repo from './tips.repo.ts';
import { audit, loadTip, type TipDeps } from './tips.shared.service.ts';
import { detailBase, fileView, messageView, tipResource } from './tips.views.ts';
import { canMove, isClosed } from './tips.workflow.ts';

/**
 * The tip detail view (split out of tips.service.ts to keep files small): events, messages, files,
 * linked identifiers, related records under the deconfliction rule and the actor's abilities; and
 * the audited disclosure of the reporter's contact. Other code imports these through tips.service.ts.
 */
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
