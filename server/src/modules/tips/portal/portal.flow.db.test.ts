import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/app.ts';
import { auditLog } from '../../../audit/index.ts';
import { alerts } from '../../alerts/index.ts';
import { identifierLinks, identifiers } from '../../entities/index.ts';
import { addUser } from '../../users/index.ts';
import { tipEvents, tipMessages, tips } from '../tips.tables.ts';
import {
  countTipsIn,
  createPortalTestApp,
  formToken,
  lookUp,
  post,
  REPORT,
  receiptOf,
  statusTokenOf,
  submit,
} from './portal.test-helpers.ts';
import { PORTAL_MESSAGES } from './portal-messages.ts';

/**
 * The public tip portal end to end through the HTTP app (app.inject): submit → receipt → status → add
 * information, wrong codes, and what ends up stored and audited. Its tests run in order on one report.
 */

let t: TestApp;
let intakeUnitId: string;
let intakeAgencyId: string;

beforeAll(async () => {
  ({ t, intakeAgencyId, intakeUnitId } = await createPortalTestApp());
});

afterAll(async () => {
  await t?.close();
});

const countTips = () => countTipsIn(t);

describe('submit → receipt → status → add information', () => {
  let code = '';
  let tipId = '';

  it('files the report as a public-portal tip and shows a 16-digit receipt code once', async () => {
    const before = await countTips();
    const res = await submit(t, REPORT);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain(PORTAL_MESSAGES.en.receiptTitle);
    code = receiptOf(res.body);
    expect(code).toMatch(/^\d{16}$/);
    expect(await countTips()).toBe(before + 1);

    const [tip] = await t.database.db
      .select()
      .from(tips)
      .where(eq(tips.receiptLocator, code.slice(0, 6)));
    expect(tip).toMatchObject({
      source: 'public_portal',
      agencyId: intakeAgencyId,
      unitId: intakeUnitId,
      province: 'KH-18',
      place: 'Otres village',
      occurredAt: '2026-11',
      childAgeMin: 10,
      childAgeMax: 12,
      narrative: REPORT.what,
      createdBy: null,
    });
    tipId = tip!.id;
    // The code itself is stored nowhere: only the locator and a slow hash.
    expect(tip!.receiptHash).toMatch(/^\$argon2id\$/);
    expect(tip!.receiptHash).not.toContain(code);
    expect(JSON.stringify(tip)).not.toContain(code);
    // The contact is encrypted.
    expect(tip!.reporterContact).not.toBeNull();
    expect(Buffer.from(tip!.reporterContact as Uint8Array).toString('utf8')).not.toContain(
      'CANARY-REPORTER-CONTACT',
    );

    const linked = await t.database.db
      .select({ kind: identifiers.kind, value: identifiers.value })
      .from(identifierLinks)
      .innerJoin(identifiers, eq(identifiers.id, identifierLinks.identifierId))
      .where(and(eq(identifierLinks.recordType, 'tip'), eq(identifierLinks.recordId, tipId)));
    expect(linked).toEqual(
      expect.arrayContaining([
        { kind: 'phone', value: '+85512777888' },
        { kind: 'email', value: 'bob.portal@example.org' },
        { kind: 'username', value: 'telegram:bob_portal_test' },
      ]),
    );

    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.objectId, tipId));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: 'tips.create',
      objectType: 'tip',
      actorId: null,
      outcome: 'success',
    });
    expect(JSON.stringify(audits[0]!.details ?? {})).not.toMatch(/guesthouse|CANARY|bob/);
  });

  it('shows the coarse status with the code (spaces allowed), and audits the read', async () => {
    const res = await lookUp(
      t,
      `${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8, 12)} ${code.slice(12)}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain(PORTAL_MESSAGES.en.statusReceived);
    expect(res.body).toContain(PORTAL_MESSAGES.en.messagesNone);
    expect(res.body).not.toContain(code);
    const reads = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, tipId), eq(auditLog.action, 'tips.read')));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actorId: null, outcome: 'success', details: { via: 'receipt_code' } });
  });

  it("shows the operator's messages and a coarse status, never the workflow detail", async () => {
    await t.database.db.update(tips).set({ status: 'assigned', priority: 'P2' }).where(eq(tips.id, tipId));
    await t.database.db.insert(tipMessages).values([
      {
        tipId,
        at: new Date('2026-11-28T09:00:00Z'),
        direction: 'to_reporter',
        body: 'Which guesthouse <exactly>?',
      },
    ]);
    const res = await lookUp(t, code);
    expect(res.body).toContain(PORTAL_MESSAGES.en.statusReviewing);
    expect(res.body).toContain('Which guesthouse &lt;exactly&gt;?');
    // Text only: tags carry random form tokens and nonces, which may contain "P2" by chance.
    const text = res.body.replace(/<[^>]*>/g, ' ');
    expect(text).not.toMatch(/\bP2\b|assigned/i);
  });

  it('adds information: a message, an event, linked identifiers, an alert to the unit, one audit event', async () => {
    const status = await lookUp(t, code);
    const statusToken = statusTokenOf(status.body);
    expect(statusToken).not.toBe('');
    const auditsBefore = (await t.database.db.select().from(auditLog).where(eq(auditLog.objectId, tipId)))
      .length;

    const res = await post(t, '/report/status?lang=en', {
      form_token: await formToken(t, '/report/status'),
      status_token: statusToken,
      message: 'The Sunrise guesthouse. He also writes from second.portal@example.net',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(PORTAL_MESSAGES.en.added);
    expect(res.body).toContain('You have added information 1 time(s).');

    const messages = await t.database.db
      .select()
      .from(tipMessages)
      .where(and(eq(tipMessages.tipId, tipId), eq(tipMessages.direction, 'from_reporter')));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.authorId).toBeNull();
    const events = await t.database.db
      .select()
      .from(tipEvents)
      .where(and(eq(tipEvents.tipId, tipId), eq(tipEvents.kind, 'reporter_message')));
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ messageId: messages[0]!.id, identifiers: 1 });

    const linked = await t.database.db
      .select({ value: identifiers.value, role: identifierLinks.role })
      .from(identifierLinks)
      .innerJoin(identifiers, eq(identifiers.id, identifierLinks.identifierId))
      .where(and(eq(identifierLinks.recordId, tipId), eq(identifiers.value, 'second.portal@example.net')));
    expect(linked).toEqual([{ value: 'second.portal@example.net', role: 'mentioned' }]);

    const raised = await t.database.db.select().from(alerts).where(eq(alerts.recordId, tipId));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      kind: 'reporter_message',
      recipientUnitId: intakeUnitId,
      recordType: 'tip',
    });
    expect(JSON.stringify(raised[0]!.params)).not.toContain('Sunrise');

    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.objectId, tipId));
    expect(audits).toHaveLength(auditsBefore + 1);
    const last = audits.sort((a, b) => a.position - b.position).at(-1)!;
    expect(last).toMatchObject({ action: 'tips.reporter_message', actorId: null, outcome: 'success' });
    expect(JSON.stringify(last.details)).not.toContain('Sunrise');
  });

  it('alerts the assignee when there is one', async () => {
    const { user } = await addUser(t.database, {
      email: 'assignee.portal@example.org',
      name: 'Assignee',
      roles: ['hotline_operator'],
      agency: 'KH-NP-AHTJP',
      unit: 'HOTLINE',
    });
    await t.database.db.update(tips).set({ assigneeId: user!.id }).where(eq(tips.id, tipId));
    const status = await lookUp(t, code);
    await post(t, '/report/status?lang=en', {
      form_token: await formToken(t, '/report/status'),
      status_token: statusTokenOf(status.body),
      message: 'One more detail.',
    });
    const raised = await t.database.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.recordId, tipId), eq(alerts.recipientUserId, user!.id)));
    expect(raised).toHaveLength(1);
  });

  it('refuses an empty addition next to the field, and keeps nothing', async () => {
    const status = await lookUp(t, code);
    const before = (await t.database.db.select().from(tipMessages).where(eq(tipMessages.tipId, tipId)))
      .length;
    const res = await post(t, '/report/status?lang=en', {
      form_token: await formToken(t, '/report/status'),
      status_token: statusTokenOf(status.body),
      message: '   ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`<p class="error" id="message-error">${PORTAL_MESSAGES.en.errRequired}</p>`);
    expect((await t.database.db.select().from(tipMessages).where(eq(tipMessages.tipId, tipId))).length).toBe(
      before,
    );
  });

  it('asks for the code again when the status page expired, keeping the message, then adds it', async () => {
    const status = await lookUp(t, code);
    const token = statusTokenOf(status.body);
    t.clock.advance(31 * 60_000);
    const expired = await post(t, '/report/status?lang=en', {
      form_token: await formToken(t, '/report/status'),
      status_token: token,
      message: 'Carried <over> text',
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain(PORTAL_MESSAGES.en.statusExpired);
    expect(expired.body).toContain('name="message" value="Carried &lt;over&gt; text"');

    const res = await lookUp(t, code, { message: 'Carried <over> text' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(PORTAL_MESSAGES.en.added);
    const stored = await t.database.db
      .select()
      .from(tipMessages)
      .where(and(eq(tipMessages.tipId, tipId), eq(tipMessages.body, 'Carried <over> text')));
    expect(stored).toHaveLength(1);
  });

  it('answers a wrong code exactly like an unknown one, after a slow hash, and audits the guess', async () => {
    const wrongLast = `${code.slice(0, 15)}${(Number(code[15]) + 1) % 10}`;
    const unknownLocator = `${(Number(code.slice(0, 6)) + 1) % 1_000_000}`.padStart(6, '0') + code.slice(6);
    const failuresBefore = (
      await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.objectId, tipId), eq(auditLog.outcome, 'failure')))
    ).length;

    const started = performance.now();
    const wrong = await lookUp(t, wrongLast);
    const unknownStart = performance.now();
    const unknown = await lookUp(t, unknownLocator);
    const unknownMs = performance.now() - unknownStart;
    const wrongMs = unknownStart - started;

    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const strip = (body: string) => body.replace(/value="[^"]*"/g, '');
    expect(strip(wrong.body)).toBe(strip(unknown.body));
    expect(wrong.body).toContain(PORTAL_MESSAGES.en.errCodeUnknown);
    // Both ran argon2id (19 MiB): an unknown locator does not answer at database speed.
    expect(unknownMs).toBeGreaterThan(wrongMs / 4);

    const failures = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, tipId), eq(auditLog.outcome, 'failure')));
    expect(failures).toHaveLength(failuresBefore + 1);

    const badFormat = await lookUp(t, '12345');
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.body).toContain(PORTAL_MESSAGES.en.errCodeFormat);
  });
});
