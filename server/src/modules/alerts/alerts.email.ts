import { sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DatabaseHandle, Executor } from '../../platform/db/index.ts';
import type { Logger } from '../../platform/logger.ts';
import { composeAlertMail, type Mailer } from './alerts.mailer.ts';
import { markEmailed } from './alerts.repo.ts';

/** Alerts older than this are not e-mailed any more (SMTP configured late, a long outage). */
export const EMAIL_WINDOW_MS = 24 * 3_600_000;
/** Alerts e-mailed per run at most; the rest go at the next run. */
export const MAX_EMAILS_PER_RUN = 200;

export interface EmailDeps {
  database: DatabaseHandle;
  clock: Clock;
  logger: Logger;
}

interface PendingAlert {
  id: string;
  kind: string;
  agency_id: string;
  recipient_user_id: string | null;
  recipient_unit_id: string | null;
  record_type: string;
  record_id: string | null;
  reference: string | null;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Lock one alert not yet e-mailed (SKIP LOCKED: another worker takes another one). */
async function claimPending(
  tx: Executor,
  since: Date,
  skip: readonly string[],
): Promise<PendingAlert | undefined> {
  const notIn =
    skip.length > 0
      ? sql`AND id NOT IN (${sql.join(
          skip.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`
      : sql``;
  const result = await tx.execute(sql`
    SELECT id, kind, agency_id, recipient_user_id, recipient_unit_id, record_type, record_id, reference
    FROM alerts
    WHERE emailed_at IS NULL AND created_at >= ${since.toISOString()}::timestamptz ${notIn}
    ORDER BY created_at, id
    LIMIT 1
    FOR UPDATE SKIP LOCKED`);
  return rowsOf<PendingAlert>(result)[0];
}

/** The recipient user, or the unit's members; usable accounts only (active or briefly locked). */
async function recipientAddresses(tx: Executor, alert: PendingAlert): Promise<string[]> {
  const result = await tx.execute(sql`
    SELECT DISTINCT email FROM users
    WHERE status IN ('active', 'locked')
      AND (id = ${alert.recipient_user_id}::uuid
           OR (unit_id = ${alert.recipient_unit_id}::uuid AND agency_id = ${alert.agency_id}::uuid))
    ORDER BY email`);
  return rowsOf<{ email: string }>(result).map((r) => r.email);
}

/**
 * Send the e-mail copies of new alerts and set `emailed_at`, one alert per transaction: the alert
 * row stays locked while its mails go out, so two workers never send the same alert. A send failure
 * rolls that alert back (tried again at the next run, within EMAIL_WINDOW_MS); the others go on.
 * Logs carry alert ids and SMTP codes only — SMTP error texts can quote addresses.
 */
export async function sendAlertEmails(
  deps: EmailDeps,
  mailer: Mailer,
  baseUrl: string,
  max = MAX_EMAILS_PER_RUN,
): Promise<{ emailed: number; messages: number; failed: number }> {
  const outcome = { emailed: 0, messages: 0, failed: 0 };
  const failed: string[] = [];
  while (outcome.emailed + outcome.failed < max) {
    const now = deps.clock.now();
    let current: string | undefined;
    try {
      const sent = await deps.database.db.transaction(async (tx) => {
        const alert = await claimPending(tx, new Date(now.getTime() - EMAIL_WINDOW_MS), failed);
        if (!alert) return undefined;
        current = alert.id;
        const addresses = await recipientAddresses(tx, alert);
        const mail = composeAlertMail(
          {
            kind: alert.kind,
            recordType: alert.record_type,
            recordId: alert.record_id,
            reference: alert.reference,
          },
          baseUrl,
        );
        for (const to of addresses) await mailer.send({ to, ...mail });
        await markEmailed(tx, alert.id, now);
        await recordAudit(tx, {
          at: now,
          actorId: null,
          agencyId: alert.agency_id,
          action: 'alerts.email',
          objectType: 'alert',
          objectId: alert.id,
          outcome: 'success',
          details: { kind: alert.kind, recipients: addresses.length },
        });
        return addresses.length;
      });
      if (sent === undefined) break;
      outcome.emailed += 1;
      outcome.messages += sent;
    } catch (err) {
      if (current === undefined) throw err;
      failed.push(current);
      outcome.failed += 1;
      const e = err as { code?: unknown; responseCode?: unknown };
      deps.logger.warn(
        { alertId: current, code: String(e.code ?? ''), responseCode: Number(e.responseCode) || undefined },
        'alert e-mail not sent; retried at the next run',
      );
    }
  }
  return outcome;
}
