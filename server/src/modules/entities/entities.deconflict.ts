import type { Executor } from '../../platform/db/index.ts';
import { raiseAlert } from '../alerts/index.ts';
import * as repo from './entities.deconflict.repo.ts';

/** A record being linked, with its holder and reference (what the other side's alert names). */
export interface DeconflictRecord {
  type: 'tip' | 'case' | 'register_entry';
  id: string;
  agencyId: string;
  unitId: string | null;
  reference: string;
}

export interface DeconflictResult {
  /** Other holders' active records found sharing an identifier or person. */
  matches: number;
  /** Alerts newly raised (0 when every pair had been alerted before). */
  alertsRaised: number;
}

interface Side {
  type: string;
  id: string;
  agencyId: string;
  unitId: string | null;
  reference: string;
  agencyCode: string;
  unitCode: string | null;
}

/**
 * Deconfliction (issue 7 §6): when identifiers or persons are attached to a record (a case, a tip…),
 * find OTHER holders — another agency, or another unit of the same agency — with an active tip, case or
 * register entry sharing them, and alert BOTH sides, each naming only the other holder (agency and
 * unit codes, the other record's reference) so they contact each other; never the shared identifier or
 * any content. One alert per side per pair of records, whatever is shared or how often this runs
 * (dedupe key on the ordered pair). Runs in the caller's transaction; the caller writes the audit
 * event of its change (the count of alerts may go in its details). Call it from tip intake, from case
 * attach, and from anything else that links identifiers (`identifierIds` are `identifiers.id`).
 */
export async function deconflict(
  tx: Executor,
  record: DeconflictRecord,
  entities: { identifierIds?: readonly string[]; personIds?: readonly string[] },
  now: Date,
): Promise<DeconflictResult> {
  const identifierIds = entities.identifierIds ?? [];
  const personIds = entities.personIds ?? [];
  if (identifierIds.length === 0 && personIds.length === 0) return { matches: 0, alertsRaised: 0 };
  const others = await repo.selectOtherHolders(tx, record, identifierIds, personIds);
  if (others.length === 0) return { matches: 0, alertsRaised: 0 };
  const alertsRaised = await alertHolders(tx, record, others, now);
  return { matches: others.length, alertsRaised };
}

/**
 * The alerting half of `deconflict`, for callers that found the other holders themselves (e.g. a
 * person screened against the offender register by name and date of birth): alert both sides of each
 * pair, each naming only the other holder. `others` must already be OTHER holders' active records.
 * Same dedupe keys as `deconflict`, so a pair is alerted once whichever way it was found. Answers the
 * number of alerts newly raised.
 */
export async function alertHolders(
  tx: Executor,
  record: DeconflictRecord,
  others: readonly repo.HolderRow[],
  now: Date,
): Promise<number> {
  if (others.length === 0) return 0;
  const codes = await repo.selectHolderCodes(tx, record.agencyId, record.unitId);
  const mine: Side = { ...record, agencyCode: codes.agency_code, unitCode: codes.unit_code };
  let alertsRaised = 0;
  for (const o of others) {
    const other: Side = {
      type: o.record_type,
      id: o.record_id,
      agencyId: o.agency_id,
      unitId: o.unit_id,
      reference: o.reference,
      agencyCode: o.agency_code,
      unitCode: o.unit_code,
    };
    // The pair in a fixed order, so a later run from the other record finds the same keys.
    const [a, b] = `${mine.type}:${mine.id}` < `${other.type}:${other.id}` ? [mine, other] : [other, mine];
    const pair = `deconfliction:${a.type}:${a.id}|${b.type}:${b.id}`;
    alertsRaised += await alertSide(tx, mine, other, pair, now);
    alertsRaised += await alertSide(tx, other, mine, pair, now);
  }
  return alertsRaised;
}

/** One side's alert: to its unit, or to its agency's supervisors when the record has no unit. */
async function alertSide(tx: Executor, to: Side, about: Side, pair: string, now: Date): Promise<number> {
  const base = {
    kind: 'deconfliction' as const,
    agencyId: to.agencyId,
    recordType: to.type,
    recordId: to.id,
    reference: to.reference,
    // Only who to contact: the other holder's codes and record reference. Never the identifier.
    params: {
      otherAgency: about.agencyCode,
      otherUnit: about.unitCode,
      otherRecordType: about.type,
      otherReference: about.reference,
    },
  };
  const recipients: Array<{ recipientUnitId?: string; recipientUserId?: string; key: string }> = to.unitId
    ? [{ recipientUnitId: to.unitId, key: `${pair}>${to.type}:${to.id}` }]
    : (await repo.selectAgencySupervisors(tx, to.agencyId)).map((userId) => ({
        recipientUserId: userId,
        key: `${pair}>${to.type}:${to.id}>${userId}`,
      }));
  let raised = 0;
  for (const r of recipients) {
    const { key, ...recipient } = r;
    const result = await raiseAlert(tx, { ...base, ...recipient, dedupeKey: key }, now);
    if (result.created) raised += 1;
  }
  return raised;
}
