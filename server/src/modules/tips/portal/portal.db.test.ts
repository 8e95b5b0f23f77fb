import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { auditLog } from '../../../audit/index.ts';
import { upsertAgencyByCode, upsertUnitByCode } from '../../agencies/index.ts';
import { alerts } from '../../alerts/index.ts';
import { identifierLinks, identifiers } from '../../entities/index.ts';
import { addUser } from '../../users/index.ts';
import { tipEvents, tipMessages, tips } from '../tips.tables.ts';
import { portalStats } from './portal.routes.ts';
import { PORTAL_MESSAGES } from './portal-messages.ts';

/**
 * The public tip portal end to end through the HTTP app (app.inject): submit → receipt → status →
 * add information, the honeypot, rate limits, bad input, wrong codes, files refused, and what ends up
 * stored and audited.
 */

let t: TestApp;
let intakeUnitId: string;
let intakeAgencyId: string;

const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };

async function formToken(app: TestApp, path = '/report'): Promise<string> {
  const res = await app.app.inject({ method: 'GET', url: path });
  const token = /name="form_token" value="([^"]+)"/.exec(res.body)?.[1];
  if (!token) throw new Error(`no form token on ${path}`);
  return token;
}

async function post(
  app: TestApp,
  url: string,
  values: Record<string, string>,
  headers: Record<string, string> = FORM,
) {
  return app.app.inject({ method: 'POST', url, headers, payload: new URLSearchParams(values).toString() });
}

async function submit(app: TestApp, values: Record<string, string>, lang = 'en') {
  return post(app, `/report?lang=${lang}`, { form_token: await formToken(app), ...values });
}

function receiptOf(body: string): string {
  const shown = /<strong>(\d{4} \d{4} \d{4} \d{4})<\/strong>/.exec(body)?.[1];
  if (!shown) throw new Error('no receipt code on the page');
  return shown.replace(/ /g, '');
}

async function lookUp(app: TestApp, code: string, extra: Record<string, string> = {}) {
  return post(app, '/report/status?lang=en', {
    form_token: await formToken(app, '/report/status'),
    code,
    ...extra,
  });
}

const statusTokenOf = (body: string) => /name="status_token" value="([^"]+)"/.exec(body)?.[1] ?? '';
const countTips = async () => (await t.database.db.select({ id: tips.id }).from(tips)).length;

const REPORT = {
  what: 'A foreign man invites children from the village into his guesthouse every evening.',
  province: 'KH-18',
  place: 'Otres village',
  when: '2026-11',
  child_age: '10-12',
  nationality: 'Australian',
  languages: 'English, Thai',
  suspect_description: 'About 60, grey beard, blue motorbike',
  urls: 'https://example.org/profile/bob-portal',
  username_1: 'bob_portal_test',
  platform_1: 'telegram',
  phones: '+855 12 777 888',
  emails: 'bob.portal@example.org',
  contact: 'CANARY-REPORTER-CONTACT +855 99 000 111',
};

beforeAll(async () => {
  // A high limit here: the rate limit has its own app below.
  t = await createTestApp({ config: { portalRateLimitMax: 10_000 } });
  const agency = await upsertAgencyByCode(t.database.db, {
    code: 'KH-NP-AHTJP',
    type: 'police',
    nameEn: 'Anti-Human Trafficking and Juvenile Protection',
    nameKm: 'នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស',
  });
  const unit = await upsertUnitByCode(t.database.db, {
    agencyId: agency.id,
    code: 'HOTLINE',
    nameEn: 'Hotline desk',
    nameKm: 'ផ្នែកទូរស័ព្ទទាន់ហេតុការណ៍',
  });
  intakeAgencyId = agency.id;
  intakeUnitId = unit.id;
});

afterAll(async () => {
  await t?.close();
});

describe('pages and headers', () => {
  it('serves the form in Khmer by default, with strict headers, never cached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/report' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="km">');
    expect(res.body).toContain(PORTAL_MESSAGES.km.reportTitle);
    expect(res.headers['cache-control']).toBe('no-store');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('switches to English with ?lang=en and remembers it in a harmless cookie', async () => {
    const en = await t.app.inject({ method: 'GET', url: '/report?lang=en' });
    expect(en.body).toContain('<html lang="en">');
    const cookie = String(en.headers['set-cookie']);
    expect(cookie).toMatch(/^karpear_portal_lang=en; Path=\/report;.*SameSite=Strict; HttpOnly$/);
    const again = await t.app.inject({
      method: 'GET',
      url: '/report/status',
      headers: { cookie: 'karpear_portal_lang=en' },
    });
    expect(again.body).toContain(PORTAL_MESSAGES.en.statusTitle);
    const junk = await t.app.inject({
      method: 'GET',
      url: '/report?lang=fr',
      headers: { cookie: 'karpear_portal_lang=<x>' },
    });
    expect(junk.body).toContain('<html lang="km">');
    expect(junk.headers['set-cookie']).toBeUndefined();
  });

  it('serves its stylesheet same-origin, cacheable, and it hides the honeypot', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/report' });
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.body)?.[1];
    expect(href).toMatch(/^\/report\/portal\.css\?v=[0-9a-f]{12}$/);
    const css = await t.app.inject({ method: 'GET', url: href! });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toContain('immutable');
    expect(css.body).toContain('.hp{display:none}');
  });
});

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

describe('bad input', () => {
  const cases: Array<[string, Record<string, string>, keyof typeof PORTAL_MESSAGES.en]> = [
    ['what', { what: '' }, 'errRequired'],
    ['province', { province: 'KH-99' }, 'errProvince'],
    ['place', { place: 'p'.repeat(301) }, 'errTooLong'],
    ['when', { when: 'last week' }, 'errWhen'],
    ['child_age', { child_age: '42' }, 'errChildAge'],
    ['nationality', { nationality: 'a,b,c,d,e,f' }, 'errTooMany'],
    ['languages', { languages: 'l'.repeat(301) }, 'errTooLong'],
    ['suspect_name', { suspect_name: 'n'.repeat(201) }, 'errTooLong'],
    ['suspect_description', { suspect_description: 'd'.repeat(2001) }, 'errTooLong'],
    ['urls', { urls: 'not a url' }, 'errUrl'],
    ['phones', { phones: 'call him' }, 'errPhone'],
    ['emails', { emails: 'bob at example' }, 'errEmail'],
    ['username_1', { username_1: 'bad name!?#', platform_1: 'telegram' }, 'errUsername'],
    ['platform_1', { username_1: 'bob', platform_1: '' }, 'errPlatform'],
    ['contact', { contact: 'c'.repeat(501) }, 'errTooLong'],
  ];

  for (const [field, values, key] of cases) {
    it(`shows the error next to "${field}", keeps what was typed, stores nothing`, async () => {
      const before = await countTips();
      const typed = { ...REPORT, place: 'Kept place <b>', ...values };
      const res = await submit(t, typed);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(`id="${field}-error"`);
      expect(res.body).toContain(PORTAL_MESSAGES.en[key].replace(/\{\w+\}.*$/, ''));
      expect(res.body).toContain(`<a href="#${field}">`);
      if (field !== 'place') expect(res.body).toContain('value="Kept place &lt;b&gt;"');
      expect(await countTips()).toBe(before);
    });
  }
});

describe('abuse', () => {
  it('pretends success for a filled honeypot, stores nothing, counts it', async () => {
    const before = await countTips();
    const hits = portalStats.honeypot;
    const res = await submit(t, { ...REPORT, website: 'http://spam.example' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(PORTAL_MESSAGES.en.receiptTitle);
    const fake = receiptOf(res.body);
    expect(await countTips()).toBe(before);
    expect(portalStats.honeypot).toBe(hits + 1);
    expect((await lookUp(t, fake)).statusCode).toBe(404);
  });

  it('refuses files: multipart and anything but a form body is 415', async () => {
    const boundary = 'portalboundary';
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="what"',
      '',
      'text',
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="a.jpg"',
      'Content-Type: image/jpeg',
      '',
      'JPEGDATA',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const before = await countTips();
    const res = await t.app.inject({
      method: 'POST',
      url: '/report?lang=en',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'sec-fetch-site': 'same-origin',
      },
      payload: multipart,
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain(PORTAL_MESSAGES.en.noFilesTitle);
    const json = await t.app.inject({
      method: 'POST',
      url: '/report/status',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ code: '1234567890123456' }),
    });
    expect(json.statusCode).toBe(415);
    expect(await countTips()).toBe(before);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await post(t, '/report?lang=en', { form_token: 'x', what: 'x'.repeat(300 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain(PORTAL_MESSAGES.en.tooLargeTitle);
  });

  it('refuses posts without a valid form token or from another site, keeping the text', async () => {
    const before = await countTips();
    const noToken = await post(t, '/report?lang=en', { ...REPORT });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.body).toContain(PORTAL_MESSAGES.en.errFormExpired);
    expect(noToken.body).toContain('A foreign man invites children');
    const forged = await post(t, '/report?lang=en', { ...REPORT, form_token: 'AAAA' });
    expect(forged.statusCode).toBe(400);
    const token = await formToken(t);
    const refused: Array<Record<string, string>> = [
      { ...FORM, 'sec-fetch-site': 'cross-site' },
      { ...FORM, 'sec-fetch-site': 'same-site' },
      { 'content-type': FORM['content-type'], origin: 'https://evil.example' },
    ];
    for (const headers of refused) {
      const res = await post(t, '/report?lang=en', { ...REPORT, form_token: token }, headers);
      expect(res.statusCode).toBe(400);
    }
    // Origin: null (a page with Referrer-Policy: no-referrer) from the same site is fine.
    const ok = await post(
      t,
      '/report?lang=en',
      { ...REPORT, form_token: token },
      { ...FORM, origin: 'null' },
    );
    expect(ok.statusCode).toBe(200);
    expect(await countTips()).toBe(before + 1);
  });

  it('files one tip per rendered form: a reload of the receipt page or a replayed token adds nothing', async () => {
    const before = await countTips();
    const values = { ...REPORT, form_token: await formToken(t) };
    const first = await post(t, '/report?lang=en', values);
    expect(first.statusCode).toBe(200);
    receiptOf(first.body);
    const again = await post(t, '/report?lang=en', values);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(PORTAL_MESSAGES.en.alreadyTitle);
    expect(again.body).not.toMatch(/<strong>\d{4} /);
    const replay = await post(t, '/report?lang=en', {
      ...values,
      what: 'A different report with the same token.',
    });
    expect(replay.statusCode).toBe(409);
    expect(await countTips()).toBe(before + 1);
  });

  it('files one tip when the same form is posted several times at once', async () => {
    const before = await countTips();
    const values = { ...REPORT, form_token: await formToken(t) };
    const results = await Promise.all(Array.from({ length: 4 }, () => post(t, '/report?lang=en', values)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    expect(await countTips()).toBe(before + 1);
  });

  it('refuses a form token older than six hours', async () => {
    const token = await formToken(t);
    t.clock.advance(6 * 3600_000 + 60_000);
    const res = await post(t, '/report?lang=en', { ...REPORT, form_token: token });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(PORTAL_MESSAGES.en.errFormExpired);
  });

  it('rate-limits posts per IP with a 429 page in the reporter language', async () => {
    const limited = await createTestApp({ database: t.database, config: { portalRateLimitMax: 2 } });
    try {
      const token = await formToken(limited);
      const send = () =>
        limited.app.inject({
          method: 'POST',
          url: '/report/status?lang=km',
          headers: FORM,
          payload: new URLSearchParams({ form_token: token, code: '12' }).toString(),
        });
      expect((await send()).statusCode).toBe(400);
      expect((await send()).statusCode).toBe(400);
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(third.body).toContain(PORTAL_MESSAGES.km.tooManyTitle);
      expect(third.headers['content-security-policy']).toContain("default-src 'none'");
      // Pages themselves (GET) stay available.
      expect((await limited.app.inject({ method: 'GET', url: '/report' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
