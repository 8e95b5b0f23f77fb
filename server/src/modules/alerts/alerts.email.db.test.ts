import { Writable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { createLogger } from '../../platform/logger.ts';
import { users } from '../users/index.ts';
import { EMAIL_WINDOW_MS, sendAlertEmails } from './alerts.email.ts';
import { alertJobs } from './alerts.jobs.ts';
import { createMailer, type Mailer } from './alerts.mailer.ts';
import { raiseAlert } from './alerts.service.ts';

/** The message as text: quoted-printable soft breaks and =XX bytes undone (UTF-8). */
function unQuotedPrintable(raw: string): string {
  const bytes = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

interface Received {
  to: string[];
  raw: string;
}

/** E-mail copies through a real SMTP conversation with smtp-server on 127.0.0.1 (random port). */
describe('alert e-mails', () => {
  let database: DatabaseHandle;
  let demo: DemoIndex;
  let smtp: SMTPServer;
  let mailer: Mailer;
  let smtpUrl: string;
  const received: Received[] = [];
  const logLines: string[] = [];
  const clock = new ManualClock(new Date('2026-11-28T08:00:00Z'));
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  const CANARY = 'CANARY-Suspect-Name-7731';
  const tipId = '1d7c1f4e-2a55-4a8e-8b0d-4f1e1f7e0b02';

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('bounce.')) callback(new Error('550 mailbox unavailable'));
        else callback();
      },
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => {
          raw += c.toString('utf8');
        });
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: unQuotedPrintable(raw) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const address = smtp.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    smtpUrl = `smtp://127.0.0.1:${port}`;
    mailer = createMailer({ smtpUrl, smtpFrom: 'Karpear <alerts@karpear.invalid>' })!;
    database = await createTestDatabase();
    demo = await seedDemoIndex(database);
  }, 60_000);
  afterAll(async () => {
    mailer?.close();
    await database?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  const send = () => sendAlertEmails({ database, clock, logger }, mailer, 'https://karpear.example.org');
  const raise = (input: { agencyId: string; recipientUserId?: string; recipientUnitId?: string | null }) =>
    raiseAlert(
      database.db,
      {
        kind: 'sla_breach',
        recordType: 'tip',
        recordId: tipId,
        reference: 'T-2026-000777',
        params: { priority: 'P1', note: CANARY },
        ...input,
      },
      clock.now(),
    );
  const emailedAt = async (id: string) =>
    (
      await database.query<{ emailed_at: Date | null }>('SELECT emailed_at FROM alerts WHERE id = $1', [id])
    )[0]!.emailed_at;

  it('is off without KARPEAR_SMTP_URL and on with it', () => {
    expect(alertJobs({ config: loadConfig({}, {}) })).toEqual([]);
    const jobs = alertJobs({ config: loadConfig({}, { KARPEAR_SMTP_URL: smtpUrl }) });
    expect(jobs.map((j) => [j.kind, j.everyMs])).toEqual([['alerts.email', 60_000]]);
    expect(() => loadConfig({}, { KARPEAR_SMTP_URL: 'http://mail.example.org' })).toThrow(/KARPEAR_SMTP_URL/);
  });

  it('sends the kind, reference and link to the recipient user and unit members, once', async () => {
    const operator = demo.byRole.hotline_operator;
    const supervisor = demo.byRole.unit_supervisor;
    const toUser = await raise({ agencyId: operator.agencyId, recipientUserId: operator.id });
    const toUnit = await raise({ agencyId: supervisor.agencyId, recipientUnitId: supervisor.unitId });
    const unitMembers = demo.users.filter((u) => u.unitId === supervisor.unitId).map((u) => u.email);

    const outcome = await send();
    expect(outcome).toEqual({ emailed: 2, messages: 1 + unitMembers.length, failed: 0 });
    expect(received.flatMap((r) => r.to).sort()).toEqual([operator.email, ...unitMembers].sort());
    for (const mail of received) {
      expect(mail.raw).toContain('T-2026-000777');
      expect(mail.raw).toContain(`https://karpear.example.org/tips/${tipId}`);
      expect(mail.raw).toMatch(/Subject: Karpear: SLA breached T-2026-000777/);
      expect(mail.raw).toContain('ហួសពេលកំណត់ដោះស្រាយ T-2026-000777');
      // Params (and anything else from the record) never leave in an e-mail.
      expect(mail.raw).not.toContain(CANARY);
      expect(mail.raw).not.toContain('P1');
    }
    expect(await emailedAt(toUser.id)).toEqual(clock.now());
    expect(await emailedAt(toUnit.id)).toEqual(clock.now());
    const audit = await database.query<{ action: string; actor_id: string | null; details: unknown }>(
      'SELECT action, actor_id, details FROM audit_log WHERE object_id = $1',
      [toUnit.id],
    );
    expect(audit).toEqual([
      {
        action: 'alerts.email',
        actor_id: null,
        details: { kind: 'sla_breach', recipients: unitMembers.length },
      },
    ]);

    const before = received.length;
    expect(await send()).toEqual({ emailed: 0, messages: 0, failed: 0 });
    expect(received).toHaveLength(before);
  });

  it('leaves an alert whose mail is refused for the next run, logging no address', async () => {
    const operator = demo.byRole.hotline_operator;
    const [bouncing] = await database.db
      .insert(users)
      .values({
        agencyId: operator.agencyId,
        email: 'bounce.user@demo.karpear.test',
        displayName: 'Synthetic Bounce',
        roles: ['investigator'],
      })
      .returning();
    const refused = await raise({ agencyId: operator.agencyId, recipientUserId: bouncing!.id });
    const fine = await raise({ agencyId: operator.agencyId, recipientUserId: operator.id });
    logLines.length = 0;
    expect(await send()).toEqual({ emailed: 1, messages: 1, failed: 1 });
    expect(await emailedAt(refused.id)).toBeNull();
    expect(await emailedAt(fine.id)).not.toBeNull();
    const logs = logLines.join('');
    expect(logs).toContain(refused.id);
    expect(logs).not.toContain('bounce.user');
    expect(logs).not.toContain('demo.karpear.test');
    // Still refused at the next run; once past the window it is no longer tried.
    expect((await send()).failed).toBe(1);
    clock.advance(EMAIL_WINDOW_MS + 1);
    expect(await send()).toEqual({ emailed: 0, messages: 0, failed: 0 });
  });
});
