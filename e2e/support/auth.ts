import type { Page } from 'playwright-core';
import en from '../../web/src/i18n/en.json';
import km from '../../web/src/i18n/km.json';
import { type DemoCredential, demoTotp } from './demo';

export type Language = 'km' | 'en';
export const messages = { km, en } as const;

/**
 * A password field by its label. Password inputs have no ARIA role, and getByLabel matches the label's
 * text, which for a required field ends with Mantine's (aria-hidden) asterisk.
 */
export function passwordField(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}\\s*\\*?$`));
}

/** Fills the log-in form's first step (the page must show it in `language`). */
export async function submitCredentials(page: Page, language: Language, email: string, password: string) {
  const t = messages[language];
  await page.getByRole('textbox', { name: t.auth.fields.email, exact: true }).fill(email);
  await passwordField(page, t.auth.fields.password).fill(password);
  await page.getByRole('button', { name: t.auth.login.continue, exact: true }).click();
}

/** Enters an authenticator code at the second step. */
export async function submitTotp(page: Page, language: Language, code: string) {
  const t = messages[language];
  const input = page.getByRole('textbox', { name: t.auth.totp.label, exact: true });
  await input.fill(code);
  await page.getByRole('button', { name: t.auth.login.verify, exact: true }).click();
}

/**
 * Signs a demo account in through the log-in page, as a person would (the page must be open in
 * `language`), and accepts the terms-of-use banner when it is shown. Resolves once the shell is up.
 */
export async function signIn(page: Page, language: Language, account: DemoCredential, path = '/login') {
  const t = messages[language];
  if (!page.url().includes('/login')) await page.goto(path);
  await submitCredentials(page, language, account.email, account.password);
  await submitTotp(page, language, await demoTotp(account));
  const accept = page.getByRole('button', { name: t.banner.accept, exact: true });
  // The account menu is in the header at every width (the navigation is a closed drawer on phones).
  const shell = page.getByTestId('user-menu');
  await Promise.race([accept.waitFor(), shell.waitFor()]);
  if (await accept.isVisible()) await accept.click();
  await shell.waitFor();
}

/** Signs out through the account menu; resolves on the login page. */
export async function signOut(page: Page, language: Language) {
  const t = messages[language];
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: t.account.signOut, exact: true }).click();
  await page.waitForURL(/\/login$/);
  await page.getByRole('heading', { level: 1, name: t.auth.login.title, exact: true }).waitFor();
}
