import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messages, passwordField, signIn, signOut, submitCredentials, submitTotp } from './support/auth';
import { DEMO, demoAccount } from './support/demo';
import { expectNoSeriousViolations, useE2eSuite } from './support/suite';
import { totpCode } from './support/totp';

// Identity and access as people meet it: log-in with a second factor in Khmer and English, the terms
// of use, inviting a colleague who then sets a password and enrols an authenticator, units, and the
// one generic message for any wrong e-mail, password or code.

const { km, en } = messages;
// Several log-ins from one IP within a minute: lift the per-IP limit so the journeys never hit it
// (429 itself is covered by the login page's component test).
const e2e = useE2eSuite({ env: { KARPEAR_AUTH_RATE_LIMIT_MAX: '500' } });
const running = () => e2e.server();
/** A fresh browser context (no cookies, no stored language) at `path`. */
const open = (path: string, viewport?: { width: number; height: number }) => e2e.open(path, { viewport });

function loginHeading(page: Page, language: 'km' | 'en') {
  return page.getByRole('heading', { level: 1, name: messages[language].auth.login.title, exact: true });
}

describe('identity and access', () => {
  it('agency admin signs in in Khmer, invites a colleague, who sets a password and enrols an authenticator', async () => {
    const admin = demoAccount(running(), DEMO.agencyAdmin);

    // A signed-out visit to a page goes to the log-in page (Khmer by default).
    const page = await open('/admin/users');
    await loginHeading(page, 'km').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/users');
    await expectNoSeriousViolations(page, 'the login page (km)');

    await signIn(page, 'km', admin);
    await page.waitForURL(/\/admin\/users$/);
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('Pich Rotha');
    await page.getByRole('heading', { level: 1, name: km.nav.users, exact: true }).waitFor();
    await page.getByText('agency.admin@demo.karpear.test', { exact: true }).waitFor();
    await expectNoSeriousViolations(page, 'the users page (km)');

    // Invite a colleague; the link is shown once.
    const email = `e2e.${Date.now()}@demo.karpear.test`;
    await page.getByRole('button', { name: km.admin.users.invite.open, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: km.admin.users.invite.title, exact: true });
    await dialog.getByRole('textbox', { name: km.admin.users.fields.email, exact: true }).fill(email);
    await dialog.getByRole('textbox', { name: km.admin.users.fields.name, exact: true }).fill('Sam Ang E2E');
    await dialog.getByRole('checkbox', { name: km.roles.investigator, exact: true }).check();
    await dialog.getByRole('button', { name: km.admin.users.invite.submit, exact: true }).click();
    const linkField = page.getByRole('textbox', { name: km.admin.users.invite.link, exact: true });
    const invitationUrl = await linkField.inputValue();
    expect(invitationUrl).toMatch(/\/invite#[A-Za-z0-9_-]{20,}$/);
    await page.getByRole('button', { name: km.common.done, exact: true }).click();
    await page.getByText(email, { exact: true }).waitFor();
    await signOut(page, 'km');

    // The colleague, in a browser of their own, chooses a password…
    const invitee = await open(invitationUrl);
    const password = 'river lotus lantern 42';
    await passwordField(invitee, km.auth.password.new).fill(password);
    await passwordField(invitee, km.auth.password.confirm).fill(password);
    await invitee.getByRole('button', { name: km.auth.invite.submit, exact: true }).click();
    await invitee.getByRole('button', { name: km.auth.invite.goToLogin, exact: true }).click();
    await loginHeading(invitee, 'km').waitFor();

    // …signs in and enrols an authenticator app, reading the key from the page.
    await submitCredentials(invitee, 'km', email, password);
    await invitee.getByRole('button', { name: km.auth.enrol.chooseTotp, exact: true }).click();
    const secret = ((await invitee.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await invitee.getByRole('img', { name: km.auth.enrol.qrAlt, exact: true }).waitFor();
    await invitee.getByRole('textbox', { name: km.auth.enrol.codeLabel, exact: true }).fill(totpCode(secret));
    await invitee.getByRole('button', { name: km.auth.enrol.confirm, exact: true }).click();

    const codes = invitee.getByRole('list', { name: km.auth.recoveryCodes.listLabel, exact: true });
    await codes.waitFor();
    expect(await codes.getByRole('listitem').count()).toBeGreaterThanOrEqual(5);
    await invitee.getByRole('checkbox', { name: km.auth.recoveryCodes.saved, exact: true }).check();
    await invitee.getByRole('button', { name: km.auth.recoveryCodes.continue, exact: true }).click();
    await invitee.getByRole('button', { name: km.banner.accept, exact: true }).click();
    await expect.poll(() => invitee.getByTestId('user-menu').textContent()).toContain('Sam Ang E2E');
    await signOut(invitee, 'km');
  }, 120_000);

  it('system admin signs in in English and creates a unit', async () => {
    const admin = demoAccount(running(), DEMO.systemAdmin);
    const page = await open('/login');
    await loginHeading(page, 'km').waitFor();
    await page.getByRole('button', { name: en.language.en, exact: true }).click();
    await loginHeading(page, 'en').waitFor();
    await expectNoSeriousViolations(page, 'the login page (en)');
    await signIn(page, 'en', admin);

    await page.getByRole('link', { name: en.nav.agencies, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: en.nav.agencies, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Units of KH-GDI', exact: true }).click();
    const units = page.getByRole('region', { name: /General Department of Immigration/ });
    await units.getByText('BORDER-PNH', { exact: true }).waitFor();

    await units.getByRole('button', { name: en.admin.units.create, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: en.admin.units.create, exact: true });
    await dialog
      .getByRole('textbox', { name: en.admin.agencies.fields.code, exact: true })
      .fill('BORDER-E2E');
    await dialog
      .getByRole('textbox', { name: en.admin.agencies.fields.nameKm, exact: true })
      .fill('ច្រកព្រំដែនសាកល្បង');
    await dialog
      .getByRole('textbox', { name: en.admin.agencies.fields.nameEn, exact: true })
      .fill('Border desk, test');
    await dialog.getByRole('textbox', { name: en.admin.units.fields.province, exact: true }).fill('Koh Kong');
    await dialog.getByRole('button', { name: en.common.save, exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await units.getByText('BORDER-E2E', { exact: true }).waitFor();
    await units.getByText('Border desk, test', { exact: true }).waitFor();
    await expectNoSeriousViolations(page, 'the agencies page (en)');
  }, 90_000);

  it('answers a wrong password, and a wrong code, with the same generic message', async () => {
    const account = demoAccount(running(), DEMO.investigator);
    const page = await open('/login', { width: 390, height: 844 });
    await loginHeading(page, 'km').waitFor();

    await submitCredentials(page, 'km', account.email, 'not the right password');
    await submitTotp(page, 'km', totpCode(account.totpSecret ?? ''));
    const alert = page.getByText(km.auth.errors.generic, { exact: true });
    await alert.waitFor();

    await submitCredentials(page, 'km', account.email, account.password);
    await submitTotp(page, 'km', '000000');
    await alert.waitFor();
    await loginHeading(page, 'km').waitFor();
  });
});
