import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { screeningServiceFor, type TravellerRecord, type WatchlistEntry } from '../offenders/index.ts';
import type { HolderRow } from './entities.deconflict.repo.ts';
import { alertHolders, type DeconflictRecord, type DeconflictResult } from './entities.deconflict.ts';
import type { PersonIdentity } from './persons.crypto.ts';

/**
 * Deconfliction of a person on a case against the offender register by name, date of birth and
 * nationality (issue 7 §6): passports already meet register passports through the blind index
 * (entities.deconflict.repo.ts); this catches the same offender written another way (a typo, another
 * name order, another script). Only strong matches (`hit` at the configured hit threshold) of ACTIVE,
 * unexpired entries held by another unit or agency count; both sides are alerted through the
 * deconfliction alert (the other holder's codes and reference only — never names or entry content),
 * with the same pair key, so a pair already alerted (by link or by an earlier attach) is not alerted
 * again.
 */
export type RegisterMatch = { kind: 'entry' | 'watch'; id: string; match: { decision: string } };
export type RegisterMatcher = (record: TravellerRecord) => readonly RegisterMatch[];
export type RegisterMatcherDeps = Pick<AppContext, 'database' | 'clock' | 'config'>;

/**
 * The register matcher at the configured HIT threshold (only hits matter here, so the review level is
 * set to it as well). Build it BEFORE opening the transaction: the index syncs through its own
 * connection, which a single-connection database (PGlite) would hold behind the open transaction.
 * `null` when the configured hit threshold is below the index's own review level (nothing to screen
 * with; the attach goes on without register screening).
 */
export async function registerMatcher(deps: RegisterMatcherDeps): Promise<RegisterMatcher | null> {
  const hit = deps.config.screenHitThreshold;
  // The border check's own service and index (one per database), synced before it answers.
  return screeningServiceFor(deps).matcherAt({ hit, review: hit });
}

/**
 * The matcher's records for one person: every name (primary first, the others as aliases), date of
 * birth, gender and nationalities; one record per passport (an exact passport scores a hit by itself)
 * or one without a passport.
 */
export function travellerRecordsOf(identity: PersonIdentity, id: string): WatchlistEntry[] {
  const [primary, ...others] = identity.names;
  const base: WatchlistEntry = {
    id,
    full_name: primary?.name,
    aliases: others.map((n) => n.name),
    dob: identity.dob ?? undefined,
    // The matcher knows male/female only; other/unknown say nothing.
    gender: identity.gender === 'male' || identity.gender === 'female' ? identity.gender : undefined,
    nationality: identity.nationalities.join('|') || undefined,
  };
  if (identity.passports.length === 0) return [base];
  return identity.passports.map((p) => ({ ...base, passport_country: p.country, passport_number: p.number }));
}

/**
 * Screen a person attached to `record` against the register and alert both sides of each strong match
 * held by another unit or agency. Runs in the caller's transaction (the caller audits the counts).
 */
export async function screenPersonAgainstRegister(
  tx: Executor,
  matcher: RegisterMatcher,
  record: DeconflictRecord,
  identity: PersonIdentity,
  now: Date,
): Promise<DeconflictResult> {
  const entryIds = new Set<string>();
  for (const r of travellerRecordsOf(identity, 'case-person')) {
    for (const m of matcher(r)) if (m.kind === 'entry' && m.match.decision === 'hit') entryIds.add(m.id);
  }
  if (entryIds.size === 0) return { matches: 0, alertsRaised: 0 };
  const others = await otherHoldersOfEntries(tx, record, [...entryIds], now);
  return { matches: others.length, alertsRaised: await alertHolders(tx, record, others, now) };
}

/**
 * The entries among `entryIds` that are active and unexpired NOW (re-checked in the transaction: the
 * index may be a moment behind) and held by another agency or another unit than `record`, with their
 * holder codes. Raw SQL on the register's table, as entities.deconflict.repo.ts does (no import of the
 * offenders module's internals).
 */
async function otherHoldersOfEntries(
  tx: Executor,
  record: DeconflictRecord,
  entryIds: readonly string[],
  now: Date,
): Promise<HolderRow[]> {
  const result = await tx.execute(sql`
    SELECT 'register_entry' AS record_type, x.id AS record_id, x.reference, x.agency_id, x.unit_id,
           a.code AS agency_code, u.code AS unit_code
    FROM register_entries x JOIN agencies a ON a.id = x.agency_id LEFT JOIN units u ON u.id = x.unit_id
    WHERE x.id IN (SELECT (jsonb_array_elements_text(${JSON.stringify(entryIds)}::jsonb))::uuid)
      AND x.status = 'active'
      AND (x.expires_at IS NULL OR x.expires_at > ${now.toISOString()}::timestamptz)
      AND (x.agency_id <> ${record.agencyId}::uuid OR x.unit_id IS DISTINCT FROM ${record.unitId}::uuid)
    ORDER BY x.id`);
  return (result as unknown as { rows: HolderRow[] }).rows;
}
