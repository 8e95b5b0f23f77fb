import { randomUUID } from 'node:crypto';
import type { IdentifierInput, Suspect, TipSource } from '@karpear/contracts';
import { recordAudit } from '../../audit/index.ts';
import type { Config } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  deconflict,
  extractIdentifiers,
  type IdentifierKindName,
  type LinkedRecord,
  type LinkResult,
  linkIdentifiers,
} from '../entities/index.ts';
import * as repo from './tips.repo.ts';
import { foldName } from './tips.repo.ts';
import { slaDueAt } from './tips.sla.ts';
import { proposePriority } from './tips.triage.ts';

/**
 * The one door every tip comes in by (operator intake, the public portal, CyberTipline imports).
 * NO authorization here: callers authorize (the portal is public, imports run as a job).
 */
export type InsertTipDeps = Pick<AppContext, 'database' | 'clock' | 'config' | 'fields'>;

export interface NewTipIdentifier {
  kind: IdentifierKindName;
  /** Already normalised (entities' normalisers). */
  value: string;
  /** What it is to the tip: reported_person, suspect, victim, reporter, incident, file… */
  role: string;
  stopListed?: string | null;
}

export interface NewTipFile {
  fileName: string | null;
  hash: string | null;
  hashKind: string | null;
  /** Only `true` leaves the file unlocked; false or unknown needs a legal authority first. */
  viewedByPlatform: boolean | null;
}

export interface NewTip {
  source: TipSource;
  agencyId: string;
  unitId?: string | null;
  receivedAt: Date;
  narrative: string;
  province?: string | null;
  place?: string | null;
  occurredAt?: string | null;
  childAgeMin?: number | null;
  childAgeMax?: number | null;
  imminentDanger?: boolean;
  escalationFlag?: boolean;
  suspect?: Suspect | null;
  identifiers: NewTipIdentifier[];
  /** As typed (kept in the created event's counts only; the normalised ones are `identifiers`). */
  rawIdentifiers?: IdentifierInput[];
  /** Confidential: encrypted under the tip's own data key. */
  reporterContact?: string | null;
  externalRef?: string | null;
  /** Makes a re-import a no-op (e.g. `cybertipline:<report id>`). */
  sourceKey?: string | null;
  sourceDocument?: unknown;
  files?: NewTipFile[];
  /** Public portal: the receipt's lookup prefix and argon2id hash. */
  receipt?: { locator: string; hash: string };
  createdBy?: string | null;
}

export interface IntakeAudit {
  actorId: string | null;
  agencyId: string | null;
  ip: string | null;
  requestId: string | null;
}

export interface InsertedTip {
  id: string;
  reference: string;
  duplicate: boolean;
}

/**
 * Insert a tip inside the caller's transaction: reference, proposed priority (triage rules), SLA,
 * encrypted reporter contact, files (locked unless the platform viewed them), the created event,
 * identifier links (given plus extracted from the narrative) and ONE audit event. A tip whose
 * `sourceKey` already exists changes nothing and answers `duplicate: true`.
 */
export async function insertTip(
  deps: InsertTipDeps,
  tx: Executor,
  tip: NewTip,
  audit: IntakeAudit,
): Promise<InsertedTip> {
  if (tip.sourceKey) {
    const existing = await repo.findTipIdBySourceKey(tx, tip.sourceKey);
    if (existing) return { ...existing, duplicate: true };
  }
  const now = deps.clock.now();
  const id = randomUUID();
  const holder: LinkedRecord = { type: 'tip', id, agencyId: tip.agencyId, unitId: tip.unitId ?? null };

  // Links first: their `repeats` feed the triage rules, and links need no tip row (no foreign key).
  // The share rule's limits come from config (`KARPEAR_STOPLIST_SHARE`, `KARPEAR_STOPLIST_MIN_RECORDS`).
  const linkOptions = {
    now,
    shareLimit: deps.config.stoplistShare,
    minCountForShare: deps.config.stoplistMinRecords,
  };
  const given = await linkIdentifiers(tx, holder, linkSourceOf(tip.source), tip.identifiers, linkOptions);
  const extracted = narrativeIdentifiers(tip.narrative, tip.identifiers);
  const fromText =
    extracted.length > 0 ? await linkIdentifiers(tx, holder, 'extracted', extracted, linkOptions) : null;
  const repeats = mergeRepeats(given.repeats, fromText?.repeats ?? []);
  const passports = tip.identifiers.filter((i) => i.kind === 'passport' && !i.stopListed).map((i) => i.value);
  const registerHits = await repo.countRegisterPassportHits(tx, passports);

  const proposal = proposePriority({
    imminentDanger: tip.imminentDanger,
    escalationFlag: tip.escalationFlag,
    childAgeMin: tip.childAgeMin,
    childAgeMax: tip.childAgeMax,
    suspectTravelling: tip.suspect?.travelling,
    registerHits,
    repeats,
  });
  const reference = formatTipReference(tip.receivedAt, await repo.nextReferenceNumber(tx));
  const reporterContact = tip.reporterContact
    ? await deps.fields.encryptField(
        tx,
        { subjectType: 'tip', subjectId: id },
        { table: 'tips', column: 'reporter_contact', rowId: id },
        tip.reporterContact,
      )
    : null;

  await repo.insertTipRow(tx, {
    id,
    reference,
    source: tip.source,
    agencyId: tip.agencyId,
    unitId: tip.unitId ?? null,
    status: 'new',
    priority: null,
    proposedPriority: proposal.priority,
    triageReasons: proposal.reasons,
    receivedAt: tip.receivedAt,
    slaDueAt: slaDueAt(deps.config, proposal.priority, tip.receivedAt),
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
    reporterContact,
    receiptLocator: tip.receipt?.locator ?? null,
    receiptHash: tip.receipt?.hash ?? null,
    externalRef: tip.externalRef ?? null,
    sourceKey: tip.sourceKey ?? null,
    sourceDocument: tip.sourceDocument ?? null,
    createdBy: tip.createdBy ?? null,
    createdAt: now,
    updatedAt: now,
  });
  await repo.insertFiles(
    tx,
    (tip.files ?? []).map((f) => ({
      tipId: id,
      fileName: f.fileName,
      hash: f.hash,
      hashKind: f.hashKind,
      viewedByPlatform: f.viewedByPlatform,
      locked: f.viewedByPlatform !== true,
    })),
  );
  // Deconfliction (issue 7): only identifiers already linked elsewhere (`repeats`) can meet another
  // holder, so a tip with none costs no query. Both holders get an alert naming only the other.
  const deconfliction =
    repeats.length > 0
      ? await deconflict(
          tx,
          { type: 'tip', id, agencyId: tip.agencyId, unitId: tip.unitId ?? null, reference },
          { identifierIds: repeats.map((r) => r.identifierId) },
          now,
        )
      : { matches: 0, alertsRaised: 0 };
  // Counts only: the event and the audit record never carry the narrative, names or contact.
  const details = {
    source: tip.source,
    proposedPriority: proposal.priority,
    identifiers: tip.identifiers.length,
    extracted: extracted.length,
    files: tip.files?.length ?? 0,
    deconflictionAlerts: deconfliction.alertsRaised,
  };
  await repo.insertEvent(tx, {
    tipId: id,
    at: now,
    actorId: tip.createdBy ?? null,
    kind: tip.source === 'cybertipline' ? 'imported' : 'created',
    toStatus: 'new',
    details,
  });
  await recordAudit(tx, {
    at: now,
    actorId: audit.actorId,
    agencyId: audit.agencyId,
    action: 'tips.create',
    objectType: 'tip',
    objectId: id,
    outcome: 'success',
    ip: audit.ip,
    requestId: audit.requestId,
    details: { ...details, reference, agencyId: tip.agencyId },
  });
  return { id, reference, duplicate: false };
}

/** The agency and unit the portal and imports file tips under (`intakeAgencyCode`/`intakeUnitCode`). */
export async function resolveIntakeAgency(
  db: Executor,
  config: Config,
): Promise<{ agencyId: string; unitId: string | null }> {
  const found = await repo.findAgencyAndUnitByCode(db, config.intakeAgencyCode, config.intakeUnitCode);
  if (!found)
    throw new AppError(
      'unavailable',
      `The intake agency ${config.intakeAgencyCode} does not exist: create it or set KARPEAR_INTAKE_AGENCY_CODE`,
    );
  return found;
}

/** `T-<year>-<6 digits>`; the year is the receipt year in Cambodia (UTC+7, no daylight saving). */
export function formatTipReference(receivedAt: Date, n: number): string {
  const year = new Date(receivedAt.getTime() + 7 * 3_600_000).getUTCFullYear();
  return `T-${year}-${String(n).padStart(6, '0')}`;
}

function linkSourceOf(source: TipSource): string {
  if (source === 'cybertipline') return 'cybertipline';
  if (source === 'public_portal') return 'portal';
  return 'operator';
}

/** Identifiers in the narrative that the caller did not already give (same kind and value). */
function narrativeIdentifiers(narrative: string, given: readonly NewTipIdentifier[]): NewTipIdentifier[] {
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

function mergeRepeats(
  a: readonly LinkResult['repeats'][number][],
  b: readonly LinkResult['repeats'][number][],
): LinkResult['repeats'] {
  const byId = new Map<string, LinkResult['repeats'][number]>();
  for (const r of [...a, ...b]) byId.set(r.identifierId, r);
  return [...byId.values()];
}

/** Folded suspect names, space-joined, for the trigram search; null when none. */
export function suspectNamesOf(suspect: Suspect | null | undefined): string | null {
  const names = (suspect?.names ?? []).map(foldName).filter((n) => n.length > 0);
  return names.length > 0 ? names.join(' ') : null;
}
