import type { TestApp } from '../../../../test/app.ts';
import { createTestApp } from '../../../../test/app.ts';
import { upsertAgencyByCode, upsertUnitByCode } from '../../agencies/index.ts';
import { tips } from '../tips.tables.ts';

/** Shared plumbing of the portal's db tests (portal.db.test.ts, portal.flow.db.test.ts): forms, posts, the sample report. */

export const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };

export async function formToken(app: TestApp, path = '/report'): Promise<string> {
  const res = await app.app.inject({ method: 'GET', url: path });
  const token = /name="form_token" value="([^"]+)"/.exec(res.body)?.[1];
  if (!token) throw new Error(`no form token on ${path}`);
  return token;
}

export async function post(
  app: TestApp,
  url: string,
  values: Record<string, string>,
  headers: Record<string, string> = FORM,
) {
  return app.app.inject({ method: 'POST', url, headers, payload: new URLSearchParams(values).toString() });
}

export async function submit(app: TestApp, values: Record<string, string>, lang = 'en') {
  return post(app, `/report?lang=${lang}`, { form_token: await formToken(app), ...values });
}

export function receiptOf(body: string): string {
  const shown = /<strong>(\d{4} \d{4} \d{4} \d{4})<\/strong>/.exec(body)?.[1];
  if (!shown) throw new Error('no receipt code on the page');
  return shown.replace(/ /g, '');
}

export async function lookUp(app: TestApp, code: string, extra: Record<string, string> = {}) {
  return post(app, '/report/status?lang=en', {
    form_token: await formToken(app, '/report/status'),
    code,
    ...extra,
  });
}

export const statusTokenOf = (body: string) => /name="status_token" value="([^"]+)"/.exec(body)?.[1] ?? '';
export const countTipsIn = async (t: TestApp) =>
  (await t.database.db.select({ id: tips.id }).from(tips)).length;

export const REPORT = {
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

/** The portal's app (a high rate limit: the rate-limit test makes its own app) and its intake agency and unit. */
export async function createPortalTestApp(): Promise<{
  t: TestApp;
  intakeAgencyId: string;
  intakeUnitId: string;
}> {
  const t = await createTestApp({ config: { portalRateLimitMax: 10_000 } });
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
  return { t, intakeAgencyId: agency.id, intakeUnitId: unit.id };
}
