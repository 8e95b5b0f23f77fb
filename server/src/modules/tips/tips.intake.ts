import { randomUUID } from 'node:crypto';
import type { IdentifierInput, Suspect, TipSource } from '@karpear/contracts';
import { recordAudit } from '../../audit/index.ts';
import type { Config } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  deconflict,
  type IdentifierKindName,
  type LinkedRecord,
  linkIdentifiers,
} from '../entities/index.ts';
import {
  createAuditOf,
  createdDetailsOf,
  createdEventOf,
  fileRowsOf,
  formatTipReference,
  linkOptionsOf,
  linkSourceOf,
  mergeRepeats,
  narrativeIdentifiers,
  passportsOf,
  tipRowOf,
  triageOf,
} from './tips.intake.parts.ts';
import * as repo from './tips.repo.ts';

export { formatTipReference, suspectNamesOf } from './tips.intake.parts.ts';

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
  const linkOptions = linkOptionsOf(deps.config, now);
  const given = await linkIdentifiers(tx, holder, linkSourceOf(tip.source), tip.identifiers, linkOptions);
  const extracted = narrativeIdentifiers(tip.narrative, tip.identifiers);
  const fromText =
    extracted.length > 0 ? await linkIdentifiers(tx, holder, 'extracted', extracted, linkOptions) : null;
  const repeats = mergeRepeats(given.repeats, fromText?.repeats ?? []);
  const registerHits = await repo.countRegisterPassportHits(tx, passportsOf(tip));

  const proposal = triageOf(tip, registerHits, repeats);
  const reference = formatTipReference(tip.receivedAt, await repo.nextReferenceNumber(tx));
  const reporterContact = tip.reporterContact
    ? await deps.fields.encryptField(
        tx,
        { subjectType: 'tip', subjectId: id },
        { table: 'tips', column: 'reporter_contact', rowId: id },
        tip.reporterContact,
      )
    : null;

  await repo.insertTipRow(tx, tipRowOf(deps.config, tip, { id, reference, proposal, reporterContact, now }));
  await repo.insertFiles(tx, fileRowsOf(id, tip));
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
  const details = createdDetailsOf(tip, proposal, extracted.length, deconfliction.alertsRaised);
  await repo.insertEvent(tx, createdEventOf(id, tip, now, details));
  await recordAudit(tx, createAuditOf(id, tip, reference, details, audit, now));
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
