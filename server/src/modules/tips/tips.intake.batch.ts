import { randomUUID } from 'node:crypto';
import { recordAuditMany } from '../../audit/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { deconflictMany, type LinkCall, type LinkedRecord, planLinks } from '../entities/index.ts';
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
  passportPair,
  passportsOf,
  tipRowOf,
  triageOf,
} from './tips.intake.parts.ts';
import {
  findTipsBySourceKeys,
  insertEventRows,
  insertFileRows,
  insertTipRows,
  nextReferenceNumbers,
  registerPassportsByNumber,
} from './tips.intake.repo.ts';
import {
  type InsertedTip,
  type InsertTipDeps,
  type IntakeAudit,
  insertTip,
  type NewTip,
} from './tips.intake.ts';

/**
 * Batched intake for imports: the same outcome as calling `insertTip` for each tip in order — same
 * rows, references, triage, SLA, identifier links and counts, deconfliction alerts, events and one
 * `tips.create` audit event per tip — in about a dozen statements for the whole batch instead of ~9
 * per tip (on PGlite every statement costs six protocol round trips: the import's main cost).
 *
 * Runs inside the caller's transaction; answers one `InsertedTip` per input, in order (a known
 * `sourceKey`, or one repeated within the batch, answers `duplicate` with the first tip's id).
 *
 * Deconfliction runs per tip after every link of the batch is written, which equals the sequential
 * order only when batch-mates cannot alert each other (one holder) and no identifier's stop-list
 * reason changes mid-batch (`LinkPlan.stable`). Otherwise — rare: mixed holders, or the share rule
 * flipping inside the batch — the batch is filed tip by tip with `insertTip`.
 */
export interface InsertTipsObserver {
  /** The batch was filed tip by tip: two holders in it, or a stop-list reason changing mid-batch. */
  fellBack?: (reason: 'holders' | 'unstable') => void;
}

export async function insertTips(
  deps: InsertTipDeps,
  tx: Executor,
  input: readonly NewTip[],
  audit: IntakeAudit,
  observer: InsertTipsObserver = {},
): Promise<InsertedTip[]> {
  if (input.length === 0) return [];
  const known = await findTipsBySourceKeys(
    tx,
    input.flatMap((t) => (t.sourceKey ? [t.sourceKey] : [])),
  );
  const now = deps.clock.now();
  const out: InsertedTip[] = new Array(input.length);
  const fresh: Array<{ index: number; tip: NewTip; id: string; holder: LinkedRecord }> = [];
  // A source key seen earlier in this batch answers that batch-mate (as it would once filed).
  const firstInBatch = new Map<string, number>();
  const mates: Array<[index: number, first: number]> = [];
  for (const [index, tip] of input.entries()) {
    const key = tip.sourceKey;
    if (key) {
      const old = known.get(key);
      if (old) {
        out[index] = { ...old, duplicate: true };
        continue;
      }
      const first = firstInBatch.get(key);
      if (first !== undefined) {
        mates.push([index, first]);
        continue;
      }
      firstInBatch.set(key, index);
    }
    const id = randomUUID();
    fresh.push({
      index,
      tip,
      id,
      holder: { type: 'tip', id, agencyId: tip.agencyId, unitId: tip.unitId ?? null },
    });
  }
  if (fresh.length === 0) return out;

  const sequential = async () => {
    const filed: InsertedTip[] = [];
    for (const tip of input) filed.push(await insertTip(deps, tx, tip, audit));
    return filed;
  };
  const holder = fresh[0]!.holder;
  if (fresh.some((f) => f.holder.agencyId !== holder.agencyId || f.holder.unitId !== holder.unitId)) {
    observer.fellBack?.('holders');
    return sequential();
  }

  // Links: the given identifiers, then the ones found in the narrative, per tip — as `insertTip`.
  const extracted = fresh.map((f) => narrativeIdentifiers(f.tip.narrative, f.tip.identifiers));
  const calls: LinkCall[] = [];
  const callOf = fresh.map((f, k) => {
    const given = calls.push({
      record: f.holder,
      source: linkSourceOf(f.tip.source),
      items: f.tip.identifiers,
      tipsBefore: k,
    });
    const fromText =
      extracted[k]!.length > 0
        ? calls.push({ record: f.holder, source: 'extracted', items: extracted[k]!, tipsBefore: k })
        : 0;
    return { given: given - 1, fromText: fromText - 1 };
  });
  const plan = await planLinks(tx, calls, linkOptionsOf(deps.config, now));
  if (!plan.stable) {
    observer.fellBack?.('unstable');
    return sequential();
  }
  await plan.write();

  const hits = await registerHitsOf(
    tx,
    fresh.map((f) => passportsOf(f.tip)),
  );
  const numbers = await nextReferenceNumbers(tx, fresh.length);
  const filed = [];
  for (const [k, f] of fresh.entries()) {
    const { given, fromText } = callOf[k]!;
    const repeats = mergeRepeats(
      plan.results[given]!.repeats,
      fromText >= 0 ? plan.results[fromText]!.repeats : [],
    );
    const proposal = triageOf(f.tip, hits[k]!, repeats);
    const reference = formatTipReference(f.tip.receivedAt, numbers[k]!);
    const reporterContact = f.tip.reporterContact
      ? await deps.fields.encryptField(
          tx,
          { subjectType: 'tip', subjectId: f.id },
          { table: 'tips', column: 'reporter_contact', rowId: f.id },
          f.tip.reporterContact,
        )
      : null;
    filed.push({ ...f, repeats, proposal, reference, reporterContact });
  }
  await insertTipRows(
    tx,
    filed.map((f) => tipRowOf(deps.config, f.tip, { ...f, now })),
  );
  await insertFileRows(
    tx,
    filed.flatMap((f) => fileRowsOf(f.id, f.tip)),
  );

  // Only identifiers already linked elsewhere (`repeats`) can meet another holder (as in `insertTip`).
  const deconfliction = await deconflictMany(
    tx,
    filed.map((f) => ({
      record: {
        type: 'tip',
        id: f.id,
        agencyId: f.holder.agencyId,
        unitId: f.holder.unitId,
        reference: f.reference,
      },
      identifierIds: f.repeats.map((r) => r.identifierId),
    })),
    now,
  );
  const events = [];
  const audits = [];
  for (const [k, f] of filed.entries()) {
    const details = createdDetailsOf(f.tip, f.proposal, extracted[k]!.length, deconfliction[k]!.alertsRaised);
    events.push(createdEventOf(f.id, f.tip, now, details));
    audits.push(createAuditOf(f.id, f.tip, f.reference, details, audit, now));
    out[f.index] = { id: f.id, reference: f.reference, duplicate: false };
  }
  await insertEventRows(tx, events);
  await recordAuditMany(tx, audits);

  for (const [index, first] of mates) out[index] = { ...out[first]!, duplicate: true };
  return out;
}

/** Per tip: the number of distinct active register entries holding one of its passports. */
async function registerHitsOf(tx: Executor, passports: string[][]): Promise<number[]> {
  const pairs = passports.map((list) => list.map(passportPair).filter((p) => p !== null));
  const rows = await registerPassportsByNumber(
    tx,
    pairs.flatMap((list) => list.map((p) => p.number)),
  );
  return pairs.map((list) => {
    const entries = new Set<string>();
    for (const p of list) {
      for (const r of rows) {
        if (r.number === p.number && (r.country === null || r.country === p.country)) entries.add(r.entry_id);
      }
    }
    return entries.size;
  });
}
