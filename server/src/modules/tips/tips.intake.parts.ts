import type { Suspect, TipSource } from '@karpear/contracts';
import type { AuditEventInput } from '../../audit/index.ts';
import type { Config } from '../../platform/config.ts';
import { extractIdentifiers, type LinkResult } from '../entities/index.ts';
import type { IntakeAudit, NewTip, NewTipIdentifier } from './tips.intake.ts';
import { foldName, type NewTipRow } from './tips.repo.ts';
import { slaDueAt } from './tips.sla.ts';
import { proposePriority, type TriageProposal } from './tips.triage.ts';

/**
 * The pure parts of tip intake, shared by `insertTip` (one tip) and `insertTips` (a batch) so both
 * file exactly the same rows, triage, SLA, event and audit event.
 */

type Repeat = LinkResult['repeats'][number];

/** The share rule's limits come from config (`KARPEAR_STOPLIST_SHARE`, `KARPEAR_STOPLIST_MIN_RECORDS`). */
export function linkOptionsOf(config: Config, now: Date) {
  return { now, shareLimit: config.stoplistShare, minCountForShare: config.stoplistMinRecords };
}

export function linkSourceOf(source: TipSource): string {
  if (source === 'cybertipline') return 'cybertipline';
  if (source === 'public_portal') return 'portal';
  return 'operator';
}

/** Identifiers in the narrative that the caller did not already give (same kind and value). */
export function narrativeIdentifiers(
  narrative: string,
  given: readonly NewTipIdentifier[],
): NewTipIdentifier[] {
  const seen = new Set(given.map((g) => `${g.kind}\0${g.value}`));
  const out: NewTipIdentifier[] = [];
  for (const e of extractIdentifiers(narrative)) {
    const key = `${e.kind}\0${e.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind: e.kind, value: e.value, role: 'mentioned' });
  }
  return out;
}

export function mergeRepeats(a: readonly Repeat[], b: readonly Repeat[]): Repeat[] {
  const byId = new Map<string, Repeat>();
  for (const r of [...a, ...b]) byId.set(r.identifierId, r);
  return [...byId.values()];
}

/** The tip's non-stop-listed passports (`CC:NUMBER`), for the register check. */
export function passportsOf(tip: NewTip): string[] {
  return tip.identifiers.filter((i) => i.kind === 'passport' && !i.stopListed).map((i) => i.value);
}

/** `CC:NUMBER` → country and number; null when there is no number. */
export function passportPair(p: string): { country: string; number: string } | null {
  const i = p.indexOf(':');
  if (i < 0) return null;
  const pair = { country: p.slice(0, i), number: p.slice(i + 1) };
  return pair.number.length > 0 ? pair : null;
}

export function triageOf(tip: NewTip, registerHits: number, repeats: Repeat[]): TriageProposal {
  return proposePriority({
    imminentDanger: tip.imminentDanger,
    escalationFlag: tip.escalationFlag,
    childAgeMin: tip.childAgeMin,
    childAgeMax: tip.childAgeMax,
    suspectTravelling: tip.suspect?.travelling,
    registerHits,
    repeats,
  });
}

/** `T-<year>-<6 digits>`; the year is the receipt year in Cambodia (UTC+7, no daylight saving). */
export function formatTipReference(receivedAt: Date, n: number): string {
  const year = new Date(receivedAt.getTime() + 7 * 3_600_000).getUTCFullYear();
  return `T-${year}-${String(n).padStart(6, '0')}`;
}

/** Folded suspect names, space-joined, for the trigram search; null when none. */
export function suspectNamesOf(suspect: Suspect | null | undefined): string | null {
  const names = (suspect?.names ?? []).map(foldName).filter((n) => n.length > 0);
  return names.length > 0 ? names.join(' ') : null;
}

export function tipRowOf(
  config: Config,
  tip: NewTip,
  filed: {
    id: string;
    reference: string;
    proposal: TriageProposal;
    reporterContact: Buffer | null;
    now: Date;
  },
): NewTipRow {
  return {
    id: filed.id,
    reference: filed.reference,
    source: tip.source,
    agencyId: tip.agencyId,
    unitId: tip.unitId ?? null,
    status: 'new',
    priority: null,
    proposedPriority: filed.proposal.priority,
    triageReasons: filed.proposal.reasons,
    receivedAt: tip.receivedAt,
    slaDueAt: slaDueAt(config, filed.proposal.priority, tip.receivedAt),
    narrative: tip.narrative,
    province: tip.province ?? null,
    place: tip.place ?? null,
    occurredAt: tip.occurredAt ?? null,
    childAgeMin: tip.childAgeMin ?? null,
    childAgeMax: tip.childAgeMax ?? null,
    imminentDanger: tip.imminentDanger ?? false,
    escalationFlag: tip.escalationFlag ?? false,
    suspect: tip.suspect ?? null,
    suspectNames: suspectNamesOf(tip.suspect),
    reporterContact: filed.reporterContact,
    receiptLocator: tip.receipt?.locator ?? null,
    receiptHash: tip.receipt?.hash ?? null,
    externalRef: tip.externalRef ?? null,
    sourceKey: tip.sourceKey ?? null,
    sourceDocument: tip.sourceDocument ?? null,
    createdBy: tip.createdBy ?? null,
    createdAt: filed.now,
    updatedAt: filed.now,
  };
}

/** Files are locked unless the platform viewed them. */
export function fileRowsOf(tipId: string, tip: NewTip) {
  return (tip.files ?? []).map((f) => ({
    tipId,
    fileName: f.fileName,
    hash: f.hash,
    hashKind: f.hashKind,
    viewedByPlatform: f.viewedByPlatform,
    locked: f.viewedByPlatform !== true,
  }));
}

/** Counts only: the event and the audit record never carry the narrative, names or contact. */
export function createdDetailsOf(
  tip: NewTip,
  proposal: TriageProposal,
  extracted: number,
  deconflictionAlerts: number,
) {
  return {
    source: tip.source,
    proposedPriority: proposal.priority,
    identifiers: tip.identifiers.length,
    extracted,
    files: tip.files?.length ?? 0,
    deconflictionAlerts,
  };
}

export function createdEventOf(tipId: string, tip: NewTip, now: Date, details: Record<string, unknown>) {
  return {
    tipId,
    at: now,
    actorId: tip.createdBy ?? null,
    kind: tip.source === 'cybertipline' ? 'imported' : 'created',
    toStatus: 'new',
    details,
  };
}

export function createAuditOf(
  tipId: string,
  tip: NewTip,
  reference: string,
  details: Record<string, unknown>,
  audit: IntakeAudit,
  now: Date,
): AuditEventInput {
  return {
    at: now,
    actorId: audit.actorId,
    agencyId: audit.agencyId,
    action: 'tips.create',
    objectType: 'tip',
    objectId: tipId,
    outcome: 'success',
    ip: audit.ip,
    requestId: audit.requestId,
    details: { ...details, reference, agencyId: tip.agencyId },
  };
}
