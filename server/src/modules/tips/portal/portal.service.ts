import { and, asc, count, eq } from 'drizzle-orm';
import { recordAudit } from '../../../audit/index.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/index.ts';
import { raiseAlert } from '../../alerts/index.ts';
import { extractIdentifiers, linkIdentifiers, stopListReason } from '../../entities/index.ts';
import { insertTip, resolveIntakeAgency } from '../tips.intake.ts';
import { tipEvents, tipMessages, tips } from '../tips.tables.ts';
import type { ParsedReport } from './portal-form.ts';
import type { CoarseStatus } from './portal-pages.ts';
import { generateReceiptCode, hashReceiptCode, receiptLocator, verifyReceiptCode } from './portal-receipt.ts';

/**
 * The public portal's work: file a report as a tip, find a tip by its receipt code, show its coarse
 * status, add the reporter's information. The portal has no actor: it authorizes by the receipt code
 * (possession of the code is the permission), audits with `actorId: null`, and never logs content.
 */
export type PortalDeps = Pick<AppContext, 'database' | 'clock' | 'config' | 'fields'>;

export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
}

const MAX_LOCATOR_TRIES = 8;

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

async function locatorTaken(db: Executor, locator: string): Promise<boolean> {
  const rows = await db.select({ id: tips.id }).from(tips).where(eq(tips.receiptLocator, locator)).limit(1);
  return rows.length > 0;
}

async function sourceKeyTaken(db: Executor, sourceKey: string): Promise<boolean> {
  const rows = await db.select({ id: tips.id }).from(tips).where(eq(tips.sourceKey, sourceKey)).limit(1);
  return rows.length > 0;
}

/**
 * File the report under the intake agency (source `public_portal`) and return the receipt code — the
 * only time it exists in clear. `insertTip` writes the tip, its event, identifier links and the one
 * audit event (`tips.create`, actor null). A locator already in use is drawn again (checked first; a race
 * between two submissions is caught by the unique index and retried). The form's nonce is the tip's
 * `source_key`: the same form posted again (a reload of the receipt page) files nothing and answers
 * `duplicate` — its receipt code was shown the first time and cannot be shown again.
 */
export async function submitReport(
  deps: PortalDeps,
  report: ParsedReport,
  formNonce: string,
  meta: RequestMeta,
): Promise<{ tipId: string; code: string } | { duplicate: true }> {
  const sourceKey = `portal:${formNonce}`;
  for (let attempt = 0; attempt < MAX_LOCATOR_TRIES; attempt++) {
    const code = generateReceiptCode();
    const locator = receiptLocator(code);
    if (await locatorTaken(deps.database.db, locator)) continue;
    const hash = await hashReceiptCode(code);
    try {
      const inserted = await deps.database.db.transaction(async (tx) => {
        const intake = await resolveIntakeAgency(tx, deps.config);
        return insertTip(
          deps,
          tx,
          {
            source: 'public_portal',
            agencyId: intake.agencyId,
            unitId: intake.unitId,
            receivedAt: deps.clock.now(),
            narrative: report.narrative,
            province: report.province,
            place: report.place,
            occurredAt: report.occurredAt,
            childAgeMin: report.childAgeMin,
            childAgeMax: report.childAgeMax,
            imminentDanger: report.imminentDanger,
            suspect: report.suspect,
            identifiers: report.identifiers,
            rawIdentifiers: report.rawIdentifiers,
            reporterContact: report.reporterContact,
            receipt: { locator, hash },
            sourceKey,
            createdBy: null,
          },
          { actorId: null, agencyId: intake.agencyId, ip: meta.ip, requestId: meta.requestId },
        );
      });
      if (inserted.duplicate) return { duplicate: true };
      return { tipId: inserted.id, code };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The same form posted twice at once: the other post filed it.
      if (await sourceKeyTaken(deps.database.db, sourceKey)) return { duplicate: true };
      if (await locatorTaken(deps.database.db, locator)) continue;
      throw err;
    }
  }
  throw new Error('no free receipt locator after several draws');
}

/**
 * The tip a receipt code belongs to, or null. Always runs one argon2id verification (a dummy one for
 * an unknown locator), so unknown and wrong codes take the same time. A wrong code for a known locator
 * is audited as a failed read of that tip (guessing shows up in the audit log); unknown ones are not
 * (they concern no record).
 */
export async function findTipByReceipt(
  deps: PortalDeps,
  code: string,
  meta: RequestMeta,
): Promise<string | null> {
  const rows = await deps.database.db
    .select({ id: tips.id, agencyId: tips.agencyId, hash: tips.receiptHash })
    .from(tips)
    .where(eq(tips.receiptLocator, receiptLocator(code)))
    .limit(1);
  const row = rows[0];
  const ok = await verifyReceiptCode(row?.hash ?? null, code);
  if (ok && row) return row.id;
  if (row) {
    await deps.database.db.transaction((tx) =>
      recordAudit(tx, {
        at: deps.clock.now(),
        actorId: null,
        agencyId: row.agencyId,
        action: 'tips.read',
        objectType: 'tip',
        objectId: row.id,
        outcome: 'failure',
        ip: meta.ip,
        requestId: meta.requestId,
        details: { via: 'receipt_code', reason: 'wrong_code' },
      }),
    );
  }
  return null;
}

/** The reporter sees four coarse states, never the workflow's detail (who, priority, referral…). */
export function coarseStatus(status: string): CoarseStatus {
  switch (status) {
    case 'new':
      return 'received';
    case 'triaged':
    case 'assigned':
      return 'reviewing';
    case 'actioned':
    case 'referred':
    case 'converted_to_case':
      return 'actioned';
    default:
      return 'closed';
  }
}

export interface ReporterView {
  status: CoarseStatus;
  receivedAt: Date;
  /** Operator messages to the reporter, oldest first. */
  messages: Array<{ at: Date; body: string }>;
  /** How many times the reporter added information (their own texts are not shown back). */
  additions: number;
}

async function reporterView(db: Executor, tipId: string): Promise<ReporterView | null> {
  const [tip] = await db
    .select({ status: tips.status, receivedAt: tips.receivedAt })
    .from(tips)
    .where(eq(tips.id, tipId))
    .limit(1);
  if (!tip) return null;
  const messages = await db
    .select({ at: tipMessages.at, body: tipMessages.body })
    .from(tipMessages)
    .where(and(eq(tipMessages.tipId, tipId), eq(tipMessages.direction, 'to_reporter')))
    .orderBy(asc(tipMessages.at))
    .limit(200);
  const [added] = await db
    .select({ n: count() })
    .from(tipMessages)
    .where(and(eq(tipMessages.tipId, tipId), eq(tipMessages.direction, 'from_reporter')));
  return { status: coarseStatus(tip.status), receivedAt: tip.receivedAt, messages, additions: added?.n ?? 0 };
}

/** The reporter's view of their tip, with one audit event (`tips.read`, actor null) in the same transaction. */
export async function readStatus(
  deps: PortalDeps,
  tipId: string,
  meta: RequestMeta,
): Promise<ReporterView | null> {
  return deps.database.db.transaction(async (tx) => {
    const view = await reporterView(tx, tipId);
    if (!view) return null;
    const [tip] = await tx.select({ agencyId: tips.agencyId }).from(tips).where(eq(tips.id, tipId));
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: null,
      agencyId: tip!.agencyId,
      action: 'tips.read',
      objectType: 'tip',
      objectId: tipId,
      outcome: 'success',
      ip: meta.ip,
      requestId: meta.requestId,
      details: { via: 'receipt_code' },
    });
    return view;
  });
}

/**
 * The reporter adds information (or answers a question): a `from_reporter` message, a
 * `reporter_message` event, identifiers found in the text linked to the tip, an alert to the assignee
 * (else the tip's unit, else the intake unit), and one audit event (`tips.reporter_message`, actor null) —
 * all in one transaction. Returns the view after the addition (the page shows it; no second audit).
 */
export async function addReporterMessage(
  deps: PortalDeps,
  tipId: string,
  body: string,
  meta: RequestMeta,
): Promise<ReporterView | null> {
  return deps.database.db.transaction(async (tx) => {
    const [tip] = await tx
      .select({
        id: tips.id,
        reference: tips.reference,
        agencyId: tips.agencyId,
        unitId: tips.unitId,
        assigneeId: tips.assigneeId,
      })
      .from(tips)
      .where(eq(tips.id, tipId))
      .for('update');
    if (!tip) return null;
    const now = deps.clock.now();
    const [message] = await tx
      .insert(tipMessages)
      .values({ tipId, at: now, direction: 'from_reporter', authorId: null, body })
      .returning({ id: tipMessages.id });

    const found = extractIdentifiers(body);
    const items = dedupe(found).map((i) => ({
      kind: i.kind,
      value: i.value,
      role: 'mentioned',
      stopListed: stopListReason(i.kind, i.value),
    }));
    const linked =
      items.length > 0
        ? await linkIdentifiers(
            tx,
            { type: 'tip', id: tip.id, agencyId: tip.agencyId, unitId: tip.unitId },
            'extracted',
            items,
            {
              now,
              shareLimit: deps.config.stoplistShare,
              minCountForShare: deps.config.stoplistMinRecords,
            },
          )
        : { linked: 0, stopListed: 0, repeats: [] };

    await tx.insert(tipEvents).values({
      tipId,
      at: now,
      actorId: null,
      kind: 'reporter_message',
      details: { messageId: message!.id, identifiers: items.length, linked: linked.linked },
    });

    let recipientUnitId = tip.assigneeId ? null : tip.unitId;
    if (!tip.assigneeId && !recipientUnitId)
      recipientUnitId = (await resolveIntakeAgency(tx, deps.config)).unitId;
    if (tip.assigneeId || recipientUnitId) {
      await raiseAlert(
        tx,
        {
          kind: 'reporter_message',
          agencyId: tip.agencyId,
          recipientUserId: tip.assigneeId,
          recipientUnitId,
          recordType: 'tip',
          recordId: tip.id,
          reference: tip.reference,
          params: {},
          dedupeKey: `reporter_message:${message!.id}`,
        },
        now,
      );
    }

    await recordAudit(tx, {
      at: now,
      actorId: null,
      agencyId: tip.agencyId,
      action: 'tips.reporter_message',
      objectType: 'tip',
      objectId: tip.id,
      outcome: 'success',
      ip: meta.ip,
      requestId: meta.requestId,
      details: { messageId: message!.id, identifiers: items.length, linked: linked.linked },
    });
    return reporterView(tx, tipId);
  });
}

function dedupe<T extends { kind: string; value: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.kind}\0${i.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
