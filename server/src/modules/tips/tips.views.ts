import type { TipDetail, TipPriority, TipStatus, TipSummary, TriageReason } from '@karpear/contracts';
import type { Resource } from '../../access/index.ts';
import type { HandlingCode } from '../../access/policy/rules.ts';
import type { TipFileRow, TipListRow, TipMessageRow, TipRow } from './tips.repo.ts';
import { type SlaConfig, slaState } from './tips.sla.ts';

/** Row → API shapes. Nothing confidential leaves here: the reporter contact is never part of a view. */

export const tipResource = (t: Pick<TipRow, 'id' | 'agencyId' | 'unitId' | 'handling'>): Resource => ({
  type: 'tip',
  id: t.id,
  agencyId: t.agencyId,
  unitId: t.unitId,
  handling: t.handling as HandlingCode,
});

export const effectivePriority = (t: { priority: string | null; proposedPriority: string }): TipPriority =>
  (t.priority ?? t.proposedPriority) as TipPriority;

export function summaryView(config: SlaConfig, row: TipListRow, now: Date): TipSummary {
  return {
    id: row.id,
    reference: row.reference,
    source: row.source as TipSummary['source'],
    status: row.status as TipStatus,
    priority: row.priority as TipPriority | null,
    proposedPriority: row.proposedPriority as TipPriority,
    receivedAt: row.receivedAt.toISOString(),
    slaDueAt: row.slaDueAt?.toISOString() ?? null,
    slaState: slaState(
      config,
      { status: row.status as TipStatus, priority: effectivePriority(row), slaDueAt: row.slaDueAt },
      now,
    ),
    province: row.province as TipSummary['province'],
    unitId: row.unitId,
    assigneeId: row.assigneeId,
    excerpt: row.excerpt,
    lockedFiles: row.lockedFiles,
  };
}

export function fileView(f: TipFileRow): TipDetail['files'][number] {
  return {
    id: f.id,
    fileName: f.fileName,
    hash: f.hash,
    hashKind: f.hashKind,
    viewedByPlatform: f.viewedByPlatform,
    locked: f.locked,
    legalAuthority: f.legalAuthority,
  };
}

export function messageView(m: TipMessageRow): TipDetail['messages'][number] {
  return {
    id: m.id,
    at: m.at.toISOString(),
    direction: m.direction as 'to_reporter' | 'from_reporter',
    authorId: m.authorId,
    body: m.body,
  };
}

/** The detail's own fields (lists and abilities are added by the service). */
export function detailBase(
  config: SlaConfig,
  t: TipRow,
  lockedFiles: number,
  now: Date,
): Omit<TipDetail, 'events' | 'entities' | 'related' | 'messages' | 'files' | 'abilities'> {
  return {
    ...summaryView(config, { ...t, excerpt: t.narrative.slice(0, 200), lockedFiles }, now),
    narrative: t.narrative,
    place: t.place,
    occurredAt: t.occurredAt,
    childAgeMin: t.childAgeMin,
    childAgeMax: t.childAgeMax,
    imminentDanger: t.imminentDanger,
    suspect: (t.suspect as TipDetail['suspect']) ?? null,
    triageReasons: t.triageReasons as TriageReason[],
    externalRef: t.externalRef,
    caseId: t.caseId,
    // Never here: only GET /tips/{id}/reporter-contact discloses it (and audits the disclosure).
    reporterContact: null,
    hasReporterContact: t.reporterContact !== null,
    hasReceipt: t.receiptHash !== null,
    version: t.version,
  };
}
