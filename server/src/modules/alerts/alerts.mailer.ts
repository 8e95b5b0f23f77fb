import type { AlertKind } from '@karpear/contracts';
import nodemailer from 'nodemailer';
import type { Config } from '../../platform/config.ts';

/**
 * E-mail copies of alerts. An e-mail leaves Karpear's protection (mail servers, phones, forwarding),
 * so it carries only what tells the recipient to sign in: the kind of alert, the record's reference
 * and a link. Never record content, names, identifiers or the alert's params.
 */
export interface AlertMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: AlertMail): Promise<void>;
  close(): void;
}

/** The SMTP mailer from `KARPEAR_SMTP_URL`, or null when none is configured (alerts stay in-app). */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.smtpFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
    },
    close() {
      transport.close();
    },
  };
}

/** Where links in e-mails point: `KARPEAR_PUBLIC_URL`, else the address the server listens on. */
export function publicBaseUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

const KIND_TEXT: Record<AlertKind, { en: string; km: string }> = {
  sla_breach: { en: 'SLA breached', km: 'ហួសពេលកំណត់ដោះស្រាយ' },
  tip_assigned: { en: 'Tip assigned to you', km: 'ព័ត៌មានត្រូវបានចាត់តាំងឱ្យអ្នក' },
  reporter_message: { en: 'New message from a reporter', km: 'សារថ្មីពីអ្នករាយការណ៍' },
  register_hit: { en: 'Register hit', km: 'ការផ្គូផ្គងក្នុងបញ្ជី' },
  travel_notification: { en: 'Travel notification', km: 'ការជូនដំណឹងអំពីការធ្វើដំណើរ' },
  watch_hit: { en: 'Watch hit', km: 'ការផ្គូផ្គងការតាមដាន' },
  deconfliction: { en: 'Deconfliction', km: 'ការជៀសវាងការជាន់គ្នា' },
  overdue_task: { en: 'Overdue task', km: 'កិច្ចការហួសកាលកំណត់' },
};

/** Links to the record's page where the web app has one (tips), else to the alerts page. */
export function alertLink(baseUrl: string, alert: { recordType: string; recordId: string | null }): string {
  if (alert.recordType === 'tip' && alert.recordId) return `${baseUrl}/tips/${alert.recordId}`;
  return `${baseUrl}/alerts`;
}

/** Subject and body of the copy: kind, reference, link — nothing else. Khmer and English. */
export function composeAlertMail(
  alert: { kind: string; recordType: string; recordId: string | null; reference: string | null },
  baseUrl: string,
): { subject: string; text: string } {
  const kind = KIND_TEXT[alert.kind as AlertKind] ?? { en: 'Alert', km: 'ការជូនដំណឹង' };
  const ref = alert.reference ? ` ${alert.reference}` : '';
  const link = alertLink(baseUrl, alert);
  return {
    subject: `Karpear: ${kind.en}${ref}`,
    text: [
      `${kind.km}${ref}`,
      `${kind.en}${ref}`,
      '',
      'ចូលប្រើ Karpear ដើម្បីមើល / Sign in to Karpear to see it:',
      link,
      '',
      'This message carries no case information. Do not reply.',
    ].join('\n'),
  };
}
