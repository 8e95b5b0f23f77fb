import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { type AnyJobDefinition, defineJob } from '../../platform/jobs/index.ts';
import { sendAlertEmails } from './alerts.email.ts';
import { createMailer, publicBaseUrl } from './alerts.mailer.ts';

/** How often new alerts are e-mailed: a minute after they are raised at most. */
export const ALERT_EMAIL_EVERY_MS = 60_000;

/**
 * `alerts.email` (recurring): sends the e-mail copies of new alerts. Exists only when SMTP is
 * configured (`KARPEAR_SMTP_URL`); otherwise alerts are in-app only and no job runs. Not retried: the
 * next run picks up what this one could not send.
 */
export function alertJobs(ctx: Pick<AppContext, 'config'>): AnyJobDefinition[] {
  const mailer = createMailer(ctx.config);
  if (!mailer) return [];
  const baseUrl = publicBaseUrl(ctx.config);
  return [
    defineJob({
      kind: 'alerts.email',
      payload: z.object({}),
      everyMs: ALERT_EMAIL_EVERY_MS,
      maxAttempts: 1,
      timeoutMs: 5 * 60_000,
      async handle(_payload, job) {
        const outcome = await sendAlertEmails(
          { database: job.db, clock: job.clock, logger: job.logger },
          mailer,
          baseUrl,
        );
        if (outcome.emailed + outcome.failed > 0) job.logger.info(outcome, 'alert e-mails sent');
      },
    }),
  ];
}
