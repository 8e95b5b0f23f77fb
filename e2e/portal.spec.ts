import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PORTAL_MESSAGES } from '../server/src/modules/tips/portal/portal-messages';
import { seriousViolations, useE2eSuite } from './support/suite';

// The public tip portal as a reporter meets it: on a phone, with JavaScript switched off, in Khmer
// (the default) and in English. A report is sent, the receipt code read off the page, the status looked
// up with it and information added — all with plain HTML forms. Nothing may be fetched from anywhere
// but Karpear's own server, no script may be served, and axe finds nothing serious or critical.

const PHONE = { width: 390, height: 844 };

const e2e = useE2eSuite({
  checkSession: (session) =>
    expect(session.scripts, 'scripts served to the portal (it ships none)').toEqual([]),
});

/**
 * A phone, JavaScript switched off unless `javaScript` (axe itself is a script: it hangs in a page that
 * may not run scripts; the portal serves none, so the page it checks is the same).
 */
const openPhone = (path: string, javaScript = false) =>
  e2e.open(path, { viewport: PHONE, phone: true, javaScript });

async function fitsThePhone(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function receiptCode(page: Page): Promise<string> {
  const text = (await page.locator('.receipt strong').textContent()) ?? '';
  expect(text).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
  return text;
}

describe('public tip portal without JavaScript, on a phone', () => {
  it('takes a report in Khmer, gives a receipt code, shows the status and takes more information', async () => {
    const km = PORTAL_MESSAGES.km;
    const page = await openPhone('/report');
    await page.getByRole('heading', { level: 1, name: km.reportTitle }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('km');
    expect(await fitsThePhone(page)).toBe(true);
    // The honeypot is in the HTML but nobody sees it.
    expect(await page.locator('#website').count()).toBe(1);
    expect(await page.locator('#website').isVisible()).toBe(false);
    // Khmer is set in the self-hosted Noto Sans Khmer.
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter(
        (f) => f.family.replace(/["']/g, '') === 'Noto Sans Khmer' && f.status === 'loaded',
      ).length;
    });
    expect(font).toBeGreaterThan(0);

    await page.getByLabel(km.fieldWhat).fill('បុរសបរទេសម្នាក់នាំកុមារទៅផ្ទះសំណាក់របស់គាត់រៀងរាល់ល្ងាច។');
    await page.getByLabel(km.fieldProvince).selectOption('KH-17');
    await page.getByLabel(km.fieldChildAge).selectOption('10-12');
    await page.getByLabel(km.fieldNationality).fill('អូស្ត្រាលី');
    await page.getByLabel(km.fieldPhones).fill('+855 12 345 679');
    await page.getByRole('button', { name: km.submit }).click();

    await page.getByRole('heading', { level: 1, name: km.receiptTitle }).waitFor();
    const code = await receiptCode(page);
    expect(await fitsThePhone(page)).toBe(true);

    await page.getByRole('link', { name: km.receiptStatusLink }).click();
    await page.getByLabel(km.fieldCode).fill(code);
    await page.getByRole('button', { name: km.statusSubmit }).click();
    await page.getByRole('heading', { level: 1, name: km.statusHeading }).waitFor();
    await page.getByText(km.statusReceived, { exact: true }).waitFor();

    await page.getByLabel(km.fieldMessage).fill('គាត់ជិះម៉ូតូពណ៌ខៀវ។');
    await page.getByRole('button', { name: km.addSubmit }).click();
    await page.getByText(km.added).waitFor();
    await page.getByText(km.yourAdditions.replace('{count}', '1')).waitFor();
  });

  it('switches to English, shows errors next to the fields keeping what was typed, then accepts the fix', async () => {
    const en = PORTAL_MESSAGES.en;
    const page = await openPhone('/report');
    await page.getByRole('link', { name: PORTAL_MESSAGES.km.otherLanguage }).click();
    await page.getByRole('heading', { level: 1, name: en.reportTitle }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.getByLabel(en.fieldWhat).fill('Too short');
    await page.getByLabel(en.fieldPlace).fill('Near the river <market>');
    await page.getByLabel(en.fieldEmails).fill('not-an-address');
    await page.getByRole('button', { name: en.submit }).click();

    await page.getByText(en.formErrors).waitFor();
    await page.locator('#what-error').getByText('Please write at least 10 characters.').waitFor();
    await page
      .locator('#emails-error')
      .getByText('Line 1: this is not an e-mail address we can read')
      .waitFor();
    expect(await page.getByLabel(en.fieldPlace).inputValue()).toBe('Near the river <market>');
    expect(await page.getByLabel(en.fieldWhat).inputValue()).toBe('Too short');
    expect(await page.getByLabel(en.fieldWhat).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel(en.fieldWhat).fill('A tourist offers money to children on the beach for photos.');
    await page.getByLabel(en.fieldEmails).fill('');
    await page.getByRole('button', { name: en.submit }).click();
    await page.getByRole('heading', { level: 1, name: en.receiptTitle }).waitFor();
    await receiptCode(page);

    // The language is remembered (cookie), with no ?lang in the address.
    await page.goto('/report/status');
    await page.getByRole('heading', { level: 1, name: en.statusTitle }).waitFor();
    await page.getByLabel(en.fieldCode).fill('0000 0000 0000 0000');
    await page.getByRole('button', { name: en.statusSubmit }).click();
    await page.locator('#code-error').getByText(en.errCodeUnknown).waitFor();
  });

  for (const lang of ['km', 'en'] as const) {
    it(`has no serious or critical accessibility violations (${lang})`, async () => {
      const t = PORTAL_MESSAGES[lang];
      const page = await openPhone(`/report?lang=${lang}`, true);
      await page.getByRole('heading', { level: 1, name: t.reportTitle }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // The form with errors shown.
      await page.getByRole('button', { name: t.submit }).click();
      await page.getByText(t.formErrors).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto(`/report/status?lang=${lang}`);
      await page.getByRole('heading', { level: 1, name: t.statusTitle }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
