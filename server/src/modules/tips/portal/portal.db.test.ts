import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { portalStats } from './portal.routes.ts';
import {
  countTipsIn,
  createPortalTestApp,
  FORM,
  formToken,
  lookUp,
  post,
  REPORT,
  receiptOf,
  submit,
} from './portal.test-helpers.ts';
import { PORTAL_MESSAGES } from './portal-messages.ts';

/**
 * The public tip portal through the HTTP app (app.inject): pages and headers, bad input, and abuse (the
 * honeypot, files refused, size and rate limits, form tokens). The submit → receipt → status → add
 * information journey is in portal.flow.db.test.ts.
 */

let t: TestApp;

beforeAll(async () => {
  ({ t } = await createPortalTestApp());
});

afterAll(async () => {
  await t?.close();
});

const countTips = () => countTipsIn(t);

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

  it('inlines its stylesheet, allowed by exactly its hash in the CSP, and it hides the honeypot', async () => {
    for (const url of ['/report', '/report/status', '/report?lang=en']) {
      const page = await t.app.inject({ method: 'GET', url });
      const css = /<style>([\s\S]*?)<\/style>/.exec(page.body)?.[1];
      expect(css, url).toContain('.hp{display:none}');
      const hash = createHash('sha256').update(css!).digest('base64');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain(`style-src 'sha256-${hash}'`);
      expect(csp).not.toMatch(/style-src[^;]*'self'/);
    }
    // No separate stylesheet to fetch any more: one round trip less before the first paint.
    expect((await t.app.inject({ method: 'GET', url: '/report/portal.css' })).statusCode).toBe(404);
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
